import { existsSync } from "node:fs";
import { relative } from "node:path";
import { app } from "@atensi/api";
import { type ServerType, serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";

/**
 * The local web server: the API app as it runs in Lambda, plus the built portal on the same
 * origin (in AWS CloudFront serves the portal). Unknown non-API paths get the SPA's index.html.
 */
export const createWebApp = (portalDir: string) => {
  const web = new Hono();
  const forward = (c: { req: { raw: Request }; env: unknown }) => app.fetch(c.req.raw, c.env);
  web.all("/v1/*", forward);
  web.all("/v1", forward);
  web.get("/health", forward);
  web.get("/docs", forward);
  if (existsSync(portalDir)) {
    const root = relative(process.cwd(), portalDir) || ".";
    web.use(
      "*",
      secureHeaders({
        contentSecurityPolicy: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
        },
        strictTransportSecurity: false,
        xFrameOptions: "DENY",
      }),
    );
    web.use("/assets/*", async (c, next) => {
      await next();
      if (c.res.ok) c.header("cache-control", "public, max-age=31536000, immutable");
    });
    web.use("*", serveStatic({ root }));
    web.get("*", serveStatic({ root, path: "index.html" }));
  } else {
    web.get("/", (c) =>
      c.text(
        "The portal is not built. Run `pnpm start` from the repository root (it builds the portal first).",
        503,
      ),
    );
  }
  return web;
};

export const listen = (web: Hono, port: number, hostname = "127.0.0.1") =>
  new Promise<{ server: ServerType; url: string; close: () => Promise<void> }>((resolve, reject) => {
    const server = serve({ fetch: web.fetch, port, hostname }, (info) => {
      const url = `http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${info.port}`;
      resolve({
        server,
        url,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once("error", reject);
  });
