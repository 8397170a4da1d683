/** Loaded together on first use (see app.ts): agreements, supervision reports, dashboards, the social-worker registry. */
export { agreements } from "../routes/agreements";
export { dashboard } from "../routes/dashboard";
export { reports } from "../routes/reports";
export { socialWorkers as "social-workers" } from "../routes/social-workers";
