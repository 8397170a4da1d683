import * as v from "valibot";
import { AGREEMENT_STATUSES } from "./agreement";
import { Email, PartnerID, Password, pageQueryEntries, Text } from "./common";
import { ROLES, STAFF_ROLES, USER_STATUSES } from "./enums";
import { says } from "./field-error";
import { REPORT_STATUSES } from "./report";

export const SignIn = v.strictObject({
  email: Email,
  password: v.pipe(v.string(), v.minLength(1, says("required", "Required")), v.maxLength(128)),
});
export type SignIn = v.InferOutput<typeof SignIn>;

export const PasswordChange = v.pipe(
  v.strictObject({
    currentPassword: v.pipe(v.string(), v.minLength(1, says("required", "Required")), v.maxLength(128)),
    newPassword: Password,
  }),
  v.forward(
    v.partialCheck(
      [["currentPassword"], ["newPassword"]],
      (p) => p.currentPassword !== p.newPassword,
      says("password_same", "The new password must differ from the current one"),
    ),
    ["newPassword"],
  ),
);
export type PasswordChange = v.InferOutput<typeof PasswordChange>;

/** Admins invite Kemensos staff; the invitee sets a password through the invitation link. */
export const StaffInvitation = v.strictObject({
  email: Email,
  name: Text(2, 120),
  roles: v.pipe(
    v.array(v.picklist(STAFF_ROLES, "Not a staff role")),
    v.minLength(1, says("choose_role", "Choose at least one role", { min: 1 })),
    v.check((xs) => new Set(xs).size === xs.length, says("unique", "Each role only once")),
  ),
  /** The unit the staff user works in; none: the directorate (national). */
  unitID: v.optional(
    v.pipe(v.string(), v.regex(/^unt_[0-9a-z]{26}$/, says("id_format", "Not a unit id", { kind: "unt" }))),
  ),
});
export type StaffInvitation = v.InferOutput<typeof StaffInvitation>;

/** An LKS admin invites operators of its own LKS. */
export const OperatorInvitation = v.strictObject({ email: Email, name: Text(2, 120) });
export type OperatorInvitation = v.InferOutput<typeof OperatorInvitation>;

export const AcceptInvitation = v.strictObject({
  token: v.pipe(v.string(), v.minLength(20), v.maxLength(200)),
  password: Password,
});
export type AcceptInvitation = v.InferOutput<typeof AcceptInvitation>;

export const User = v.object({
  id: v.string(),
  email: v.string(),
  name: v.string(),
  roles: v.array(v.picklist(ROLES)),
  partnerID: v.optional(v.string()),
  /** A staff user's organisation unit; none for the directorate (national). */
  unitID: v.optional(v.string()),
  status: v.picklist(USER_STATUSES),
  /** When the user confirmed the address (registration, invitation or e-mail change). */
  emailConfirmedAt: v.optional(v.string()),
  createdAt: v.string(),
  version: v.number(),
});
export type User = v.InferOutput<typeof User>;

/** The link goes to the invitee by e-mail only; nobody else sees it. */
export const Invitation = v.object({ user: User, expiresAt: v.string() });

export const Session = v.object({
  user: User,
  partner: v.optional(v.object({ id: v.string(), name: v.string(), status: v.string() })),
  csrfToken: v.string(),
  /** The status each of the person's queues opens on (what waits for them); none for LKS users. */
  queues: v.object({
    agreements: v.optional(v.picklist(AGREEMENT_STATUSES)),
    reports: v.optional(v.picklist(REPORT_STATUSES)),
  }),
});
export type Session = v.InferOutput<typeof Session>;

export const UserListQuery = v.strictObject({
  partnerID: v.optional(PartnerID),
  ...pageQueryEntries,
});
export type UserListQuery = v.InferOutput<typeof UserListQuery>;
