/** Loaded together on first use (see app.ts): agreements, supervision reports, dashboards. */
export { agreements } from "../routes/agreements";
export { dashboard } from "../routes/dashboard";
export { reports } from "../routes/reports";
