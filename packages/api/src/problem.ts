import type { Problem } from "@atensi/contracts";
import { type ErrorKind, HubError } from "@atensi/core/error";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  input: 400,
  auth: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition: 412,
  too_large: 413,
  unsupported: 415,
  too_many: 429,
};

const TITLE: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  412: "Precondition Failed",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

/** Problem types are stable URNs so clients can switch on them; `code` carries the same. */
export const problemType = (code: string) => `urn:atensi:problem:${code}`;

export const problem = (
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  detail?: string,
  extra: Partial<Problem> = {},
) => {
  const body: Problem = {
    type: problemType(code),
    title: TITLE[status] ?? "Error",
    status,
    code,
    ...(detail ? { detail } : {}),
    ...extra,
  };
  return c.body(JSON.stringify(body), status, { "content-type": "application/problem+json" });
};

/**
 * The one place errors become HTTP answers. HubErrors map by kind; Hono's own HTTP exceptions
 * (malformed JSON, body limit) keep their status; anything else is logged and answered 500
 * without details, since its message may carry internals or personal data.
 */
export const onError = (error: Error, c: Context) => {
  if (error instanceof HubError) {
    const status = STATUS[error.kind];
    if (error.extra.retryAfterSeconds !== undefined)
      c.header("retry-after", String(error.extra.retryAfterSeconds));
    return problem(c, status, error.code, error.message, {
      ...(error.extra.errors?.length ? { errors: error.extra.errors } : {}),
      ...(error.extra.allowed ? { allowed: error.extra.allowed } : {}),
      ...(error.extra.existing ? { existing: error.extra.existing } : {}),
    });
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const code = status === 413 ? "body_too_large" : status === 400 ? "malformed_request" : `http_${status}`;
    const detail =
      status === 413
        ? "The request body is larger than 1 MB"
        : status === 400
          ? "The request body is not valid JSON"
          : undefined;
    return problem(c, status, code, detail);
  }
  console.error(
    JSON.stringify({
      level: "error",
      msg: "unhandled error",
      requestID: c.get("requestID" as never),
      name: error.name,
      stack: error.stack?.split("\n").slice(0, 6).join(" | "),
    }),
  );
  return problem(c, 500, "internal_error", "Something went wrong on our side; it has been logged");
};

/** The path is not echoed: it is the caller's input and may carry an identity number or a token. */
export const notFound = (c: Context) =>
  problem(c, 404, "route_not_found", `No ${c.req.method} route at this path`);
