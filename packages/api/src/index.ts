export { app, type AppType } from "./app";
export { SESSION_COOKIE } from "./env";
export { problemType } from "./problem";
