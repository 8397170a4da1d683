export { type AppType, app } from "./app";
export { SESSION_COOKIE } from "./env";
export { problemType } from "./problem";
