import type { AppType } from "@atensi/api";
import type { FieldError, Problem } from "@atensi/contracts";
import { hc } from "hono/client";

/** A non-2xx answer (RFC 9457 problem details), or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: string;
  readonly title: string;
  readonly detail?: string;
  readonly errors: FieldError[];
  readonly allowed?: string[];
  /** `duplicate_referral`: who already referred the person (a unit's name, nothing personal). */
  readonly existing?: { sender: string }[];
  readonly retryAfterSeconds?: number;

  constructor(problem: Problem & { retryAfterSeconds?: number }) {
    super(problem.detail ?? problem.title);
    this.name = "ApiError";
    this.status = problem.status;
    this.code = problem.code;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.allowed = Array.isArray(problem.allowed) ? (problem.allowed as string[]) : undefined;
    this.existing = Array.isArray(problem.existing) ? problem.existing : undefined;
    this.retryAfterSeconds = problem.retryAfterSeconds;
  }

  static async from(res: Response): Promise<ApiError> {
    const retry = Number(res.headers.get("retry-after"));
    const retryAfterSeconds = Number.isFinite(retry) && retry > 0 ? retry : undefined;
    const type = res.headers.get("content-type") ?? "";
    if (/json/i.test(type)) {
      try {
        const body = (await res.json()) as Partial<Problem>;
        if (body && typeof body === "object" && typeof body.code === "string") {
          return new ApiError({
            ...body,
            type: body.type ?? "about:blank",
            title: body.title ?? res.statusText,
            status: body.status ?? res.status,
            code: body.code,
            retryAfterSeconds,
          });
        }
      } catch {
        // fall through to a generic problem
      }
    }
    return new ApiError({
      type: "about:blank",
      title: res.statusText || "Error",
      status: res.status,
      code: `http_${res.status}`,
      retryAfterSeconds,
    });
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** The current session's CSRF token, echoed on every unsafe request. */
let csrfToken: string | undefined;
export const setCsrfToken = (token: string | undefined) => {
  csrfToken = token;
};

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Every request goes through here: cookies included, the CSRF header on writes, and non-2xx
 * answers thrown as ApiError so queries and forms see one error shape.
 */
export const apiFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
  const headers = new Headers(input instanceof Request ? input.headers : undefined);
  for (const [key, value] of new Headers(init?.headers)) headers.set(key, value);
  if (!headers.has("accept")) headers.set("accept", "application/json, application/problem+json");
  if (!SAFE.has(method) && csrfToken) headers.set("x-csrf-token", csrfToken);
  let res: Response;
  try {
    res = await fetch(input, { ...init, method, headers, credentials: "include" });
  } catch (cause) {
    throw new ApiError({
      type: "about:blank",
      title: "Network error",
      status: 0,
      code: "network_error",
      detail: cause instanceof Error ? cause.message : String(cause),
    });
  }
  if (!res.ok) throw await ApiError.from(res);
  return res;
};

export const client = hc<AppType>("/", { fetch: apiFetch, init: { credentials: "include" } });

/** `If-Match` for an entity read at `version`. */
export const ifMatch = (version: number) => ({ headers: { "if-match": `"${version}"` } });
