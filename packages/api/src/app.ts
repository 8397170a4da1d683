import { Hono } from "hono";
import { openAPIRouteHandler } from "hono-openapi";
import type { AppEnv } from "./env";
import { actorContext, jsonBodies, requestContext, securityHeaders } from "./middleware";
import { OPENAPI_INFO } from "./openapi";
import { notFound, onError } from "./problem";
import { agreements } from "./routes/agreements";
import { auth } from "./routes/auth";
import { dashboard } from "./routes/dashboard";
import { deliveries, endpoints } from "./routes/endpoints";
import { files } from "./routes/files";
import { notifications } from "./routes/notifications";
import { partners } from "./routes/partners";
import { programs } from "./routes/programs";
import { referrals } from "./routes/referrals";
import { regions } from "./routes/regions";
import { reports } from "./routes/reports";
import { users } from "./routes/users";

/** The versioned API; its type is what the portal's `hc` client is typed against. */
export const api = new Hono<AppEnv>()
  .route("/auth", auth)
  .route("/partners", partners)
  .route("/users", users)
  .route("/regions", regions)
  .route("/programs", programs)
  .route("/endpoints", endpoints)
  .route("/deliveries", deliveries)
  .route("/referrals", referrals)
  .route("/notifications", notifications)
  .route("/agreements", agreements)
  .route("/reports", reports)
  .route("/dashboard", dashboard);

export type AppType = typeof routes;

const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>ATENSI Integration Hub API</title></head>
<body><script id="api-reference" data-url="/v1/openapi.json" data-configuration='{"withDefaultFonts":false,"hideClientButton":true}'></script>
<script src="/vendor/scalar.js"></script></body></html>`;

const base = new Hono<AppEnv>()
  .use(requestContext())
  .use(securityHeaders())
  .use("/v1/*", jsonBodies())
  .use("/v1/*", actorContext());

// Signed file URLs (local runtime only: in AWS, documents go straight to S3) stay out of the
// documented API and the typed client.
const routes = base.route("/v1/files", files).route("/v1", api);

routes
  .get("/health", (c) => c.json({ status: "ok" }, 200))
  .get(
    "/v1/openapi.json",
    openAPIRouteHandler(api, {
      ...OPENAPI_INFO,
      documentation: { ...OPENAPI_INFO.documentation, servers: [{ url: "/v1" }] },
    }),
  )
  .get("/docs", (c) => c.html(DOCS_HTML));

routes.notFound(notFound);
routes.onError(onError);

/** The whole HTTP app: the same object runs on Node locally and behind API Gateway in AWS. */
export const app = routes;
