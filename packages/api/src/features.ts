/**
 * Every feature of the versioned API, by its path under `/v1`: adding a feature is one line here
 * (and its sub-app in routes/). Each is imported on its first request, so a Lambda cold start
 * compiles only the shell (middleware, errors, caller lookup) and the feature its request needs:
 * esbuild makes each import() its own chunk, with what features share in common chunks.
 */
export const FEATURES = {
  auth: () => import("./routes/auth").then((m) => m.auth),
  partners: () => import("./routes/partners").then((m) => m.partners),
  users: () => import("./routes/users").then((m) => m.users),
  regions: () => import("./routes/regions").then((m) => m.regions),
  programs: () => import("./routes/programs").then((m) => m.programs),
  endpoints: () => import("./routes/endpoints").then((m) => m.endpoints),
  deliveries: () => import("./routes/endpoints").then((m) => m.deliveries),
  referrals: () => import("./routes/referrals").then((m) => m.referrals),
  notifications: () => import("./routes/notifications").then((m) => m.notifications),
  agreements: () => import("./routes/agreements").then((m) => m.agreements),
  reports: () => import("./routes/reports").then((m) => m.reports),
  dashboard: () => import("./routes/dashboard").then((m) => m.dashboard),
};
