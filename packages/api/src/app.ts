import { type Context, Hono } from "hono";
import { routePath } from "hono/route";
import type { MergeSchemaPath } from "hono/types";
import type { AppEnv } from "./env";
import { FEATURES, type FeatureApp, type FeatureName, loadFeature } from "./features";
import { actorContext, jsonBodies, requestContext, securityHeaders } from "./middleware";
import { notFound, onError } from "./problem";
import type { files } from "./routes/files";

/** Loads once and keeps the result; a failed load is forgotten, so the next request retries. */
const once = <T>(load: () => Promise<T>) => {
  let loaded: Promise<T> | undefined;
  return () => {
    if (!loaded) {
      loaded = load();
      loaded.catch(() => {
        loaded = undefined;
      });
    }
    return loaded;
  };
};

type Name = FeatureName;
type Loaded = { [K in Name]: FeatureApp<K> };
type SchemaOf<T> = T extends Hono<AppEnv, infer S, "/"> ? S : never;
/** What `.route("/<name>", app)` for every feature in turn would give: the API's type, for `hc`. */
type Api = Hono<AppEnv, { [K in Name]: MergeSchemaPath<SchemaOf<Loaded[K]>, `/${K}`> }[Name], "/">;

/** The versioned API as one app: its type is what the portal's `hc` client is typed against. */
const composeApi = (features: Loaded) => {
  const api = new Hono<AppEnv>();
  for (const name of Object.keys(FEATURES) as Name[]) api.route(`/${name}`, features[name] as Hono<AppEnv>);
  return api as unknown as Api;
};

// Signed file URLs (local runtime only: in AWS, documents go straight to S3) stay out of the
// documented API and the typed client.
const composeRoutes = (fileRoutes: typeof files, api: ReturnType<typeof composeApi>) =>
  new Hono<AppEnv>().route("/v1/files", fileRoutes).route("/v1", api);

/** Every feature loaded and composed: for the OpenAPI document and for tests that list routes. */
export const loadApi = once(async () => {
  const names = Object.keys(FEATURES) as Name[];
  const apps = await Promise.all(names.map((name) => loadFeature(name)));
  return composeApi(Object.fromEntries(names.map((name, i) => [name, apps[i]])) as Loaded);
});

/** The outer request's context, handed to a feature's own app through its env. */
const PARENT = Symbol("parent request");
type WithParent = { [PARENT]?: Context<AppEnv> };

/**
 * A feature's app runs with the outer request's variables (request id, session or programme,
 * set by the shell's middleware), its errors become problem+json like the shell's, and the
 * route it matched is reported back for the request log.
 */
const inheritFromShell = (prefix: string, sub: Hono<AppEnv>) =>
  new Hono<AppEnv>()
    .use(async (c, next) => {
      const parent = (c.env as WithParent | undefined)?.[PARENT];
      if (parent) {
        c.set("requestID", parent.get("requestID"));
        const session = parent.get("session");
        const program = parent.get("program");
        if (session) c.set("session", session);
        if (program) c.set("program", program);
      }
      await next();
      parent?.set("route", routePath(c, -1));
    })
    .route(prefix, sub)
    .notFound(notFound)
    .onError(onError);

const lazyFeature = (prefix: string, load: () => Promise<Hono<AppEnv>>) => {
  const mounted = once(() => load().then((sub) => inheritFromShell(prefix, sub as Hono<AppEnv>)));
  return async (c: Context<AppEnv>) => {
    const feature = await mounted();
    return feature.fetch(c.req.raw, { ...(c.env as object), [PARENT]: c });
  };
};

type Operation = { responses?: Record<string, unknown> };

/**
 * What every writing operation can answer, said once here rather than on each route: 413 (body
 * over 1 MB) and 415 (not JSON) from the shell's body check (middleware.ts, jsonBodies), and 409
 * or 412 when a concurrent change to the same record wins (every change is one versioned
 * transaction: core/src/db).
 */
const withBodyProblems = <T extends { paths?: Record<string, unknown> }>(spec: T) => {
  for (const item of Object.values(spec.paths ?? {}) as Record<string, Operation | undefined>[]) {
    for (const method of ["post", "put", "patch", "delete"]) {
      const responses = item[method]?.responses;
      const problem = responses?.["500"] as { content?: unknown } | undefined;
      if (!responses || !problem) continue;
      const add = (status: string, description: string) => {
        responses[status] ??= { description, content: problem.content };
      };
      add("409", "A conflicting change, or another change to the same record in progress: try again");
      add(
        "412",
        "The record changed since you read it (If-Match), or a concurrent change won: read it again",
      );
      add("413", "The body is larger than 1 MB");
      add("415", "The body is not application/json");
    }
  }
  return spec;
};

const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>ATENSI Integration Hub API</title></head>
<body><script id="api-reference" data-url="/v1/openapi.json" data-configuration='{"withDefaultFonts":false,"hideClientButton":true}'></script>
<script src="/vendor/scalar.js"></script></body></html>`;

const shell = new Hono<AppEnv>()
  .use(requestContext())
  .use(securityHeaders())
  .use("/v1/*", jsonBodies())
  .use("/v1/*", actorContext());

const filesFeature = lazyFeature("/v1/files", () => import("./routes/files").then((m) => m.files));
shell.all("/v1/files/*", filesFeature);
for (const name of Object.keys(FEATURES) as Name[]) {
  const feature = lazyFeature(`/v1/${name}`, () => loadFeature(name) as Promise<Hono<AppEnv>>);
  shell.all(`/v1/${name}`, feature).all(`/v1/${name}/*`, feature);
}

const openapi = once(() =>
  Promise.all([import("hono-openapi"), import("./openapi"), loadApi()]).then(
    async ([{ generateSpecs }, { OPENAPI_INFO, withWebhooks }, api]) =>
      withWebhooks(
        withBodyProblems(
          await generateSpecs(api, {
            ...OPENAPI_INFO,
            documentation: { ...OPENAPI_INFO.documentation, servers: [{ url: "/v1" }] },
            // By default paths ending in a file name are left out as static files: the XLSX exports
            // (`/exports/partners.xlsx`) are API routes and are documented like the rest.
            excludeStaticFile: false,
          }),
        ),
      ),
  ),
);
shell
  .get("/health", (c) => c.json({ status: "ok" }, 200))
  .get("/v1/openapi.json", async (c) => c.json((await openapi()) as object, 200))
  .get("/docs", (c) => c.html(DOCS_HTML));

shell.notFound(notFound);
shell.onError(onError);

/** The whole HTTP app: the same object runs on Node locally and behind API Gateway in AWS. */
export const app = shell;

/** Every route as registered once all features are loaded (method and Hono path). */
export const loadRoutes = async () =>
  composeRoutes((await import("./routes/files")).files, await loadApi()).routes;

export type AppType = ReturnType<typeof composeRoutes>;
