import { type JSX, Show } from "solid-js";
import { ApiError, isApiError } from "../api";
import { type MessageKey, t, tx } from "../i18n";

const BY_CODE: Record<string, MessageKey> = {
  network_error: "problem.network",
  invalid_credentials: "problem.invalidCredentials",
  too_many_requests: "problem.tooMany",
  registration_number_taken: "problem.registrationTaken",
  email_taken: "problem.emailTaken",
  illegal_transition: "problem.illegalTransition",
  version_mismatch: "problem.versionMismatch",
  invitation_used: "problem.invitationUsed",
  token_invalid: "v.linkInvalid",
  reset_throttled: "problem.tooMany",
  mandatory_notification: "v.mandatory",
  csrf_token_invalid: "problem.csrf",
  unauthenticated: "problem.unauthenticated",
  forbidden: "problem.forbidden",
  not_found: "problem.notFound",
  invalid_input: "problem.invalidInput",
  internal_error: "problem.internal",
  transaction_conflict: "problem.transactionConflict",
  program_code_taken: "problem.programCodeTaken",
  endpoint_disabled: "problem.endpointDisabled",
  not_consent_based: "problem.notConsentBased",
};

/** A problem in the reader's language: known codes are translated, others show the API's detail. */
export const problemText = (error: unknown): string => {
  if (!isApiError(error)) return t("problem.unexpected");
  if (error.code === "partner_not_active") {
    return /waiting/i.test(error.detail ?? "") ? t("problem.partnerPending") : t("problem.partnerInactive");
  }
  if (error.code === "too_many_requests" && error.retryAfterSeconds) {
    return t("problem.tooManyWait", { n: Math.ceil(error.retryAfterSeconds / 60) });
  }
  if (error.code === "illegal_transition" && error.allowed) {
    const allowed = error.allowed.map((a) => tx(`action.${a}`)).join(", ");
    return t("problem.illegalTransitionAllowed", { allowed: allowed || "-" });
  }
  const key = BY_CODE[error.code];
  if (key) return t(key);
  return error.detail ? `${error.title}: ${error.detail}` : t("problem.generic", { status: error.status });
};

/**
 * An error box for a failed request: the translated message, and the problem's code and
 * status for support. `role="alert"` so screen readers announce it when it appears.
 */
export const ProblemAlert = (props: {
  error: unknown;
  message?: string;
  children?: JSX.Element;
  testid?: string;
}) => (
  <Show when={props.error}>
    <div class="alert alert-error" role="alert" data-testid={props.testid}>
      <p>{props.message ?? problemText(props.error)}</p>
      <Show
        when={
          props.error instanceof ApiError && props.error.status > 0 ? (props.error as ApiError) : undefined
        }
      >
        {(e) => <p class="muted small">{t("problem.code", { code: e().code, status: e().status })}</p>}
      </Show>
      {props.children}
    </div>
  </Show>
);

export const Loading = (props: { label?: string }) => (
  <p class="loading" role="status" aria-live="polite">
    <span class="spinner" aria-hidden="true" />
    {props.label ?? t("common.loading")}
  </p>
);
