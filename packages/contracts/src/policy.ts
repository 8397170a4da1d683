import { ROLES, type Role } from "./enums";

/**
 * `national`: only staff of the directorate (no region of work) may act; staff of a Balai, Loka,
 * Sentra or dinas sosial hold their roles within their unit's region (core's `can`).
 */
export type PolicyRule = { roles: readonly Role[]; own?: readonly Role[]; national?: true };

const STAFF_READ = ["kemensos_reviewer", "kemensos_approver", "auditor", "admin"] as const;
const STAFF_REFER = ["kemensos_reviewer", "kemensos_approver", "admin"] as const;
const LKS_USERS = ["lks_admin", "lks_operator"] as const;
const STAFF_VERIFY = ["kemensos_reviewer", "kemensos_approver", "admin"] as const;

/**
 * Who may do what. `roles` may act on any record; `own` only on records of their own LKS. Core's
 * `can()` enforces this table; the portal reads it to show only what will be allowed.
 */
export const POLICY = {
  "partner.list": { roles: STAFF_READ },
  "partner.read": { roles: STAFF_READ, own: ["lks_admin", "lks_operator"] },
  "partner.update": { roles: [], own: ["lks_admin"] },
  "partner.verify": { roles: STAFF_VERIFY },
  "partner.reject": { roles: STAFF_VERIFY },
  "partner.suspend": { roles: ["kemensos_approver", "admin"], national: true },
  "partner.reinstate": { roles: ["kemensos_approver", "admin"], national: true },
  "partner.audit": { roles: STAFF_READ, own: ["lks_admin"] },
  "user.list": { roles: ["admin", "auditor"], own: ["lks_admin"] },
  "user.invite_staff": { roles: ["admin"], national: true },
  "user.invite_operator": { roles: [], own: ["lks_admin"] },
  "user.disable": { roles: ["admin"], own: ["lks_admin"] },
  "program.list": { roles: ROLES },
  "program.manage": { roles: ["admin"], national: true },
  "integration.read": { roles: STAFF_READ, national: true },
  "integration.manage": { roles: ["admin"], national: true },
  "referral.create": { roles: STAFF_REFER, own: LKS_USERS },
  "referral.list": { roles: STAFF_READ, own: LKS_USERS },
  "referral.read": { roles: STAFF_READ, own: LKS_USERS },
  "referral.cancel": { roles: STAFF_REFER, own: LKS_USERS },
  "referral.withdraw_consent": { roles: STAFF_REFER, own: LKS_USERS },
  /** Staff's view of the service levels: overdue referrals and compliance per programme. */
  "referral.sla": { roles: STAFF_READ, national: true },
  "notification.list": { roles: ROLES },
  "agreement.create": { roles: [], own: LKS_USERS },
  "agreement.edit": { roles: [], own: LKS_USERS },
  "agreement.submit": { roles: [], own: ["lks_admin"] },
  "agreement.list": { roles: STAFF_READ, own: LKS_USERS },
  "agreement.read": { roles: STAFF_READ, own: LKS_USERS },
  "agreement.review": { roles: STAFF_VERIFY },
  "agreement.approve": { roles: ["kemensos_approver", "admin"], national: true },
  "agreement.reject": { roles: STAFF_VERIFY },
  "agreement.terminate": { roles: ["kemensos_approver", "admin"], national: true },
  "agreement.comment": { roles: STAFF_VERIFY, own: LKS_USERS },
  "agreement.documents": { roles: STAFF_VERIFY, own: LKS_USERS },
  "report.create": { roles: [], own: LKS_USERS },
  "report.submit": { roles: [], own: ["lks_admin"] },
  "report.list": { roles: STAFF_READ, own: LKS_USERS },
  "report.read": { roles: STAFF_READ, own: LKS_USERS },
  "report.review": { roles: STAFF_VERIFY },
  "report.unlock": { roles: ["kemensos_approver", "admin"], national: true },
  "report.comment": { roles: STAFF_VERIFY, own: LKS_USERS },
  "dashboard.read": { roles: STAFF_READ },
  "mail.read": { roles: ["admin", "auditor"], national: true },
  "mail.manage": { roles: ["admin"], national: true },
  "user.manage_invitation": { roles: ["admin"], own: ["lks_admin"] },
  "unit.list": { roles: STAFF_READ },
  "social_worker.list": { roles: STAFF_READ, own: LKS_USERS },
  "social_worker.manage": { roles: ["kemensos_reviewer", "admin"], own: ["lks_admin"] },
  "report.sign_off": { roles: STAFF_VERIFY, own: LKS_USERS },
  "unit.manage": { roles: ["admin"], national: true },
} as const satisfies Record<string, PolicyRule>;

export type Action = keyof typeof POLICY;

/** Every role that may take the action on at least its own records. */
export const rolesAllowed = (action: Action): readonly Role[] => {
  const rule: PolicyRule = POLICY[action];
  return [...rule.roles, ...(rule.own ?? [])];
};
