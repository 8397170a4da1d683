import * as v from "valibot";
import { Email, Password, pageQueryEntries } from "./common";
import { says } from "./field-error";
import type { Action } from "./policy";

/**
 * What the hub tells people, as data: a notification is a `kind` with `params`, rendered in the
 * reader's language from one catalogue per language (./messages), in the portal and in e-mail.
 *
 * `read` is the policy action a user must be allowed on the record (for their LKS, or any for
 * staff) to receive it: the inbox is filtered by role and scope when it is filled. `mandatory`
 * kinds (security, deadlines) always go by e-mail too; the others follow the user's preference.
 * `mailOnly` kinds are sent to an address and never appear in an inbox.
 */
type KindRule = { read?: Action; mandatory?: boolean; mailOnly?: boolean };

export const NOTIFICATION_KINDS = {
  "account.invitation": { mailOnly: true, mandatory: true },
  "account.password_reset": { mailOnly: true, mandatory: true },
  "account.password_changed": { mandatory: true },
  "account.email_confirm": { mailOnly: true, mandatory: true },
  "account.email_change": { mailOnly: true, mandatory: true },
  "account.email_changed": { mailOnly: true, mandatory: true },
  "mail.digest": { mailOnly: true },
  "report.due": { read: "report.create", mandatory: true },
  "report.due_final": { read: "report.create", mandatory: true },
  "report.overdue": { read: "report.create", mandatory: true },
  "report.submitted": { read: "report.review" },
  "report.submitted_late": { read: "report.review" },
  "report.revision_requested": { read: "report.read" },
  "report.reviewed": { read: "report.read" },
  "report.accepted": { read: "report.read" },
  "report.unlocked": { read: "report.read" },
  "report.comment": { read: "report.read" },
  "agreement.submitted": { read: "agreement.review" },
  "agreement.resubmitted": { read: "agreement.review" },
  "agreement.recommended": { read: "agreement.approve" },
  "agreement.changes_requested": { read: "agreement.read" },
  "agreement.rejected": { read: "agreement.read" },
  "agreement.terminated": { read: "agreement.read" },
  "agreement.approved": { read: "agreement.read" },
  "agreement.activated": { read: "agreement.read" },
  "agreement.expiring": { read: "agreement.read", mandatory: true },
  "agreement.expired": { read: "agreement.read", mandatory: true },
  "agreement.comment": { read: "agreement.read" },
  "partner.verified": { read: "partner.read" },
  "partner.rejected": { read: "partner.read" },
  "partner.suspended": { read: "partner.read", mandatory: true },
  "partner.reinstated": { read: "partner.read" },
  "partner.accreditation_expiring": { read: "partner.update", mandatory: true },
  "referral.acknowledged": { read: "referral.read" },
  "referral.accepted": { read: "referral.read" },
  "referral.rejected": { read: "referral.read" },
  "referral.enrolled": { read: "referral.read" },
  "referral.closed": { read: "referral.read" },
  "referral.overdue": { mailOnly: true, mandatory: true },
  "referral.escalated": { read: "referral.sla", mandatory: true },
  "referral.erasure_confirmed": { read: "referral.read" },
  "endpoint.disabled": { read: "integration.read", mandatory: true },
  /** To a programme's contact addresses, who have no portal account. */
  "endpoint.disabled_contact": { mailOnly: true, mandatory: true },
} as const satisfies Record<string, KindRule>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export const kindRule = (kind: string): KindRule | undefined =>
  (NOTIFICATION_KINDS as Record<string, KindRule>)[kind];

/** The kinds a user can see in the inbox and set a preference for. */
export const INBOX_KINDS = (Object.keys(NOTIFICATION_KINDS) as NotificationKind[]).filter(
  (k) => !kindRule(k)?.mailOnly,
);

export const DELIVERY_PREFERENCES = ["portal", "email", "digest"] as const;
export type DeliveryPreference = (typeof DELIVERY_PREFERENCES)[number];

/** Until a user chooses: deadlines and decisions by e-mail, the rest in the portal. */
export const defaultPreference = (kind: string): DeliveryPreference =>
  kindRule(kind)?.mandatory || /\.(revision_requested|rejected|approved|verified|suspended)$/.test(kind)
    ? "email"
    : "portal";

export type NotificationParams = Record<string, string | number>;

export const NotificationView = v.object({
  id: v.string(),
  kind: v.string(),
  params: v.record(v.string(), v.union([v.string(), v.number()])),
  link: v.optional(v.string()),
  read: v.boolean(),
  createdAt: v.string(),
});
export type NotificationView = v.InferOutput<typeof NotificationView>;

export const NotificationListQuery = v.strictObject({
  unread: v.optional(v.picklist(["true", "false"], "true or false")),
  ...pageQueryEntries,
});

export const UnreadCount = v.object({ unread: v.number() });

export const NotificationPreferences = v.object({
  language: v.picklist(["id", "en"]),
  items: v.array(
    v.object({
      kind: v.string(),
      preference: v.picklist(DELIVERY_PREFERENCES),
      mandatory: v.boolean(),
    }),
  ),
});

/** The e-mail language and, per kind, how it reaches the user. */
export const PreferencesUpdate = v.strictObject({
  language: v.optional(v.picklist(["id", "en"], "id or en")),
  preferences: v.optional(
    v.record(
      v.picklist(INBOX_KINDS, "Unknown notification kind"),
      v.picklist(DELIVERY_PREFERENCES, "portal, email or digest"),
    ),
  ),
});
export type PreferencesUpdate = v.InferOutput<typeof PreferencesUpdate>;

const Token = v.pipe(v.string(), v.minLength(20, "Invalid or expired link"), v.maxLength(200));

/** The request answers 202 whether or not the address has an account. */
export const PasswordResetRequest = v.strictObject({ email: Email });
export const PasswordReset = v.strictObject({ token: Token, password: Password });
export type PasswordReset = v.InferOutput<typeof PasswordReset>;
export const EmailConfirmation = v.strictObject({ token: Token });
export const EmailChange = v.strictObject({
  newEmail: Email,
  password: v.pipe(v.string(), v.minLength(1, says("required", "Required")), v.maxLength(128)),
});
export type EmailChange = v.InferOutput<typeof EmailChange>;
