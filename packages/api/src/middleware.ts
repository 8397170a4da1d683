import { timingSafeEqual } from "node:crypto";
// Deep imports, not the package index: the index reaches every module, which would pull all of
// core into the chunk a cold start loads (see app.ts).
import { Actor } from "@atensi/core/actor";
import { Caller } from "@atensi/core/caller";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie } from "hono/cookie";
import { secureHeaders } from "hono/secure-headers";
import { type AppEnv, isLocal, SESSION_COOKIE } from "./env";
import { problem } from "./problem";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
export const MAX_BODY_BYTES = 1024 * 1024;
/** Signed file URLs (the local stand-in for presigned S3 URLs): the token is the authority. */
export const FILES_PATH = "/v1/files/";

/**
 * The caller's address: the header a trusted proxy sets (CloudFront-Viewer-Address in AWS, as
 * "ip:port"), else API Gateway's source IP, else the socket's peer locally.
 */
export const clientAddress = (c: Context) => {
  const header = process.env.ATENSI_CLIENT_ADDRESS_HEADER;
  const viewer = header ? c.req.header(header) : undefined;
  if (viewer) return viewer.replace(/:\d+$/, "");
  const env = c.env as
    | {
        event?: { requestContext?: { http?: { sourceIp?: string } } };
        incoming?: { socket?: { remoteAddress?: string } };
      }
    | undefined;
  return env?.event?.requestContext?.http?.sourceIp ?? env?.incoming?.socket?.remoteAddress ?? "unknown";
};

export const requestContext = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const requestID = c.req.header("x-request-id")?.slice(0, 64) || crypto.randomUUID();
  c.set("requestID", requestID);
  c.header("x-request-id", requestID);
  const started = performance.now();
  await next();
  // One line per request; bodies and query strings are never logged (they may carry personal data).
  if (process.env.ATENSI_LOG_REQUESTS !== "false") {
    console.log(
      JSON.stringify({
        level: "info",
        msg: "request",
        requestID,
        method: c.req.method,
        route: c.get("route") ?? c.req.routePath,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        actor: c.get("session")?.actor.userID ?? c.get("program")?.programID ?? "public",
      }),
    );
  }
};

export const securityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
      fontSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    strictTransportSecurity: isLocal() ? false : "max-age=63072000; includeSubDomains",
    xFrameOptions: "DENY",
    referrerPolicy: "strict-origin-when-cross-origin",
    crossOriginEmbedderPolicy: false,
  });

/** JSON only: a body in another format is refused with 415 before anything parses it. */
export const jsonBodies = (): MiddlewareHandler<AppEnv> => {
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => {
      // The rest of the body is never read, so the connection cannot be reused.
      c.header("connection", "close");
      return problem(c, 413, "body_too_large", "The request body is larger than 1 MB");
    },
  });
  return async (c, next) => {
    // File uploads carry their own type and size limits (routes/files.ts).
    if (!UNSAFE.has(c.req.method) || c.req.path.startsWith(FILES_PATH)) return next();
    const length = c.req.header("content-length");
    const hasBody =
      (length !== undefined && length !== "0") || c.req.header("transfer-encoding") !== undefined;
    if (hasBody) {
      const type = c.req.header("content-type") ?? "";
      if (!/^application\/(?:[\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
        return problem(c, 415, "unsupported_media_type", "Send the body as application/json");
      }
    }
    return limit(c, next);
  };
};

const sameToken = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Resolves the session cookie into the actor for the rest of the request. Cookie-authenticated
 * writes must echo the session's CSRF token in `x-csrf-token` (the cookie alone is not proof
 * that our portal sent the request).
 */
export const actorContext = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  if (c.req.path.startsWith(FILES_PATH)) {
    return Actor.provide({ type: "public", properties: { ip: clientAddress(c) } }, () => next());
  }
  // Programmes call with an API key; a bearer token is not sent by browsers on their own, so
  // no CSRF token is needed. A wrong key is refused outright rather than treated as anonymous.
  const authorization = c.req.header("authorization");
  if (authorization !== undefined) {
    const presented = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    const program = presented ? await Caller.fromApiKey(presented) : undefined;
    if (!program) {
      c.header("www-authenticate", 'Bearer realm="atensi"');
      return problem(c, 401, "invalid_api_key", "The API key is missing, malformed, unknown or revoked");
    }
    c.set("program", program);
    return Actor.provide({ type: "program", properties: program }, () => next());
  }
  const token = getCookie(c, SESSION_COOKIE);
  const resolved = token ? await Caller.fromSessionToken(token) : undefined;
  if (token && resolved) {
    if (UNSAFE.has(c.req.method) && !sameToken(c.req.header("x-csrf-token") ?? "", resolved.csrfToken)) {
      return problem(c, 403, "csrf_token_invalid", "Missing or wrong x-csrf-token header for this session");
    }
    c.set("session", { token, csrfToken: resolved.csrfToken, actor: resolved.actor });
    return Actor.provide({ type: "user", properties: resolved.actor }, () => next());
  }
  return Actor.provide({ type: "public", properties: { ip: clientAddress(c) } }, () => next());
};
