import { type Action, POLICY, type PolicyRule } from "@atensi/contracts";
import { Actor } from "../actor";
import { HubError } from "../error";

/**
 * Every authorization decision goes through `can`, over the rule table in contracts (shared with
 * the portal, which uses it only to decide what to show). A rule names the roles allowed and the
 * roles allowed only on records of their own LKS ("own").
 */
export const RULES = POLICY;
export type { Action };
export type Resource = { partnerID?: string };

export const can = (actor: Actor, action: Action, resource: Resource = {}): boolean => {
  if (actor.type !== "user") return false;
  const rule: PolicyRule = RULES[action];
  const roles = actor.properties.roles;
  if (roles.some((r) => rule.roles.includes(r))) return true;
  const ownRoles = rule.own ?? [];
  if (!roles.some((r) => ownRoles.includes(r))) return false;
  const tenant = actor.properties.partnerID;
  // Tenant-bound roles act only on a record that names their own LKS.
  return tenant !== undefined && resource.partnerID === tenant;
};

export namespace Policy {
  /** Whether the current actor may act: what the API offers is what it would allow. */
  export const allows = (action: Action, resource: Resource = {}) => can(Actor.use(), action, resource);

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
