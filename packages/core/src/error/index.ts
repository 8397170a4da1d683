import type { FieldError } from "@atensi/contracts";

export type ErrorKind =
  | "input"
  | "auth"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "precondition"
  | "too_many"
  | "unsupported"
  | "too_large";

export type { FieldError };

/**
 * The one error type core throws. The API maps `kind` to an HTTP status and problem+json in one
 * place; anything that is not a HubError is an unknown failure and answered 500 without details.
 */
export class HubError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly extra: {
      errors?: FieldError[];
      retryAfterSeconds?: number;
      allowed?: string[];
      /** What else exists that the caller may know of (never personal data). */
      existing?: { sender: string }[];
    } = {},
  ) {
    super(message);
    this.name = "HubError";
  }

  static input(message: string, errors: FieldError[] = [], code = "invalid_input") {
    return new HubError("input", code, message, { errors });
  }
  static auth(message = "Sign in first", code = "unauthenticated") {
    return new HubError("auth", code, message);
  }
  static forbidden(message: string, code = "forbidden") {
    return new HubError("forbidden", code, message);
  }
  static notFound(what: string, code = "not_found") {
    return new HubError("not_found", code, `${what} not found`);
  }
  static conflict(message: string, code = "conflict", allowed?: string[]) {
    return new HubError("conflict", code, message, { allowed });
  }
  static precondition(
    message = "The record changed since you read it; reload and try again",
    code = "version_mismatch",
  ) {
    return new HubError("precondition", code, message);
  }
  static tooLarge(message: string, code = "too_large") {
    return new HubError("too_large", code, message);
  }
  static tooMany(message: string, retryAfterSeconds: number, code = "too_many_requests") {
    return new HubError("too_many", code, message, { retryAfterSeconds });
  }
}
