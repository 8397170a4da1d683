import { t, tx } from "../i18n";

/** A referral's status as a coloured badge. */
export const ReferralStatusBadge = (props: { status: string; testid?: string }) => (
  <span class={`badge badge-ref-${props.status}`} data-testid={props.testid}>
    {tx(`referralStatus.${props.status}`)}
  </span>
);

/** A webhook delivery's status (pending, delivered, failed). */
export const DeliveryStatusBadge = (props: { status: string; testid?: string }) => (
  <span class={`badge badge-dlv-${props.status}`} data-testid={props.testid}>
    {tx(`deliveryStatus.${props.status}`)}
  </span>
);

/** Whether a webhook endpoint receives deliveries. */
export const EndpointStateBadge = (props: { enabled: boolean }) => (
  <span class={`badge ${props.enabled ? "badge-active" : "badge-suspended"}`} data-testid="endpoint-state">
    {props.enabled ? t("endpoint.enabled") : t("endpoint.disabled")}
  </span>
);

/** An agreement's status as a coloured badge. */
export const AgreementStatusBadge = (props: { status: string; testid?: string }) => (
  <span class={`badge badge-agr-${props.status}`} data-testid={props.testid}>
    {tx(`agreementStatus.${props.status}`)}
  </span>
);

/** A report's status as a coloured badge. */
export const ReportStatusBadge = (props: { status: string; testid?: string }) => (
  <span class={`badge badge-rpt-${props.status}`} data-testid={props.testid}>
    {tx(`reportStatus.${props.status}`)}
  </span>
);
