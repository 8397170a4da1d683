/** Loaded together on first use (see app.ts): agreements, supervision reports, dashboards, the social-worker registry, exports, printable documents, open data. */
export { agreements } from "../routes/agreements";
export { analytics } from "../routes/analytics";
export { dashboard } from "../routes/dashboard";
// Not a local binding named `exports`: a CommonJS wrapper would shadow it.
export { spreadsheets as exports } from "../routes/exports";
export { openData as "open-data" } from "../routes/opendata";
export { printouts as documents, verify } from "../routes/printouts";
export { reports } from "../routes/reports";
export { socialWorkers as "social-workers" } from "../routes/social-workers";
