export { type AppType, app } from "./app";
export { SESSION_COOKIE } from "./env";
export { securityHeaders } from "./middleware";
export { problemType } from "./problem";
