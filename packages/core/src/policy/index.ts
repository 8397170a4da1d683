import type { Role } from "@atensi/contracts";
import { Actor } from "../actor";
import { HubError } from "../error";

/**
 * Every authorization decision goes through `can`. A rule names the roles allowed and whether
 * the record must belong to the actor's own LKS ("own"). Staff roles are never tenant-bound.
 */
type Rule = { roles: readonly Role[]; own?: readonly Role[] };

const STAFF_READ = ["kemensos_reviewer", "kemensos_approver", "auditor", "admin"] as const;
const STAFF_VERIFY = ["kemensos_reviewer", "kemensos_approver", "admin"] as const;

export const RULES = {
  "partner.list": { roles: STAFF_READ },
  "partner.read": { roles: STAFF_READ, own: ["lks_admin", "lks_operator"] },
  "partner.update": { roles: [], own: ["lks_admin"] },
  "partner.verify": { roles: STAFF_VERIFY },
  "partner.reject": { roles: STAFF_VERIFY },
  "partner.suspend": { roles: ["kemensos_approver", "admin"] },
  "partner.reinstate": { roles: ["kemensos_approver", "admin"] },
  "partner.audit": { roles: STAFF_READ, own: ["lks_admin"] },
  "user.list": { roles: ["admin", "auditor"], own: ["lks_admin"] },
  "user.invite_staff": { roles: ["admin"] },
  "user.invite_operator": { roles: [], own: ["lks_admin"] },
  "user.disable": { roles: ["admin"], own: ["lks_admin"] },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;
export type Resource = { partnerID?: string };

export const can = (actor: Actor, action: Action, resource: Resource = {}): boolean => {
  if (actor.type !== "user") return false;
  const rule: Rule = RULES[action];
  const roles = actor.properties.roles;
  if (roles.some((r) => rule.roles.includes(r))) return true;
  const ownRoles = rule.own ?? [];
  if (!roles.some((r) => ownRoles.includes(r))) return false;
  const tenant = actor.properties.partnerID;
  return tenant !== undefined && (resource.partnerID === undefined || resource.partnerID === tenant);
};

export namespace Policy {
  /**
   * Throws when the current actor may not act. A tenant user asking about another tenant's
   * record is told it does not exist (404), so ids cannot be probed across LKS.
   */
  export const assert = (action: Action, resource: Resource = {}, what = "Record") => {
    const actor = Actor.use();
    if (actor.type === "public") throw HubError.auth();
    if (can(actor, action, resource)) return;
    if (
      actor.type === "user" &&
      actor.properties.partnerID !== undefined &&
      resource.partnerID !== undefined &&
      resource.partnerID !== actor.properties.partnerID
    ) {
      throw HubError.notFound(what);
    }
    throw HubError.forbidden(`Your role may not ${action.replace(".", " ").replace("_", " ")}`);
  };
}
