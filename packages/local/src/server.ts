import { existsSync } from "node:fs";
import { relative } from "node:path";
import { app, securityHeaders } from "@atensi/api";
import { type ServerType, serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/** What the API answers; in AWS CloudFront routes the same paths to API Gateway. */
const API_PATH = /^[a-z]+:\/\/[^/]+\/(?:v1(?:[/?]|$)|health(?:\?|$)|docs(?:\?|$))/;

/**
 * The local web server: the API app exactly as it runs in Lambda, plus the built portal on the
 * same origin (in AWS CloudFront serves the portal). Requests are split by path before any
 * routing, so API requests pay for nothing the Lambda would not. Unknown non-API paths get the
 * SPA's index.html. `pages` answers local-only pages (the mail catcher's) before the portal.
 */
export const createWebApp = (
  portalDir: string,
  options: { pages?: (path: string) => Response | undefined } = {},
): { fetch: Fetch } => {
  const portal = new Hono();
  if (existsSync(portalDir)) {
    const root = relative(process.cwd(), portalDir) || ".";
    portal.use("*", securityHeaders());
    portal.use("/assets/*", async (c, next) => {
      await next();
      if (c.res.ok) c.header("cache-control", "public, max-age=31536000, immutable");
    });
    portal.use("*", serveStatic({ root }));
    portal.get("*", serveStatic({ root, path: "index.html" }));
  } else {
    portal.get("/", (c) =>
      c.text(
        "The portal is not built. Run `pnpm start` from the repository root (it builds the portal first).",
        503,
      ),
    );
  }
  return {
    fetch: async (request, env) => {
      const local = API_PATH.test(request.url) ? undefined : options.pages?.(new URL(request.url).pathname);
      const response = await (API_PATH.test(request.url)
        ? app.fetch(request, env)
        : (local ?? portal.fetch(request, env)));
      return closeIfBodyUnread(request, response);
    },
  };
};

/**
 * An answer given without reading the request's body (a refusal before parsing: 401, 404, 415)
 * ends the connection. Otherwise @hono/node-server drains the unread body for at most 500 ms
 * and then destroys the socket, and on a busy machine that can cut off the next request the
 * client already sent on it. (In AWS, API Gateway owns the connections.)
 */
const closeIfBodyUnread = (request: Request, response: Response) => {
  const length = request.headers.get("content-length");
  const hasBody = (length !== null && length !== "0") || request.headers.has("transfer-encoding");
  if (!hasBody || request.bodyUsed) return response;
  try {
    response.headers.set("connection", "close");
    return response;
  } catch {
    // Immutable headers (a Response passed through from elsewhere): copy it.
    const copy = new Response(response.body, response);
    copy.headers.set("connection", "close");
    return copy;
  }
};

export const listen = (web: { fetch: Fetch }, port: number, hostname = "127.0.0.1") =>
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
