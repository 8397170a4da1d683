export { type AppType, app, loadApi, loadRoutes } from "./app";
export { SESSION_COOKIE } from "./env";
export { securityHeaders } from "./middleware";
export { problemType } from "./problem";
