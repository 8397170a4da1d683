import { type Action, POLICY, type PolicyRule, regionsCover } from "@atensi/contracts";
import { Actor } from "../actor";
import { HubError } from "../error";

/**
 * Every authorization decision goes through `can`, over the rule table in contracts (shared with
 * the portal, which uses it only to decide what to show). A rule names the roles allowed and the
 * roles allowed only on records of their own LKS ("own"). Staff of a regional unit (Balai, Loka,
 * Sentra, dinas sosial) hold their roles only on records in their unit's region, and never the
 * rules marked `national`.
 */
export const RULES = POLICY;
export type { Action };
/** The record acted on: its LKS, and where it is (province, regency/city). */
export type Resource = { partnerID?: string; provinceCode?: string; regencyCode?: string };

/** Whether the actor's region of work (if it has one) covers the record; a record without a place is a list. */
const inScope = (actor: Actor, resource: Resource) => {
  if (actor.type !== "user" || !actor.properties.regions) return true;
  if (resource.provinceCode === undefined) return true;
  return regionsCover(actor.properties.regions, resource);
};

/** Whether the actor's role allows the action at all, before the record's place is looked at. */
const byRole = (actor: Actor, action: Action, resource: Resource): boolean => {
  if (actor.type !== "user") return false;
  const rule: PolicyRule = RULES[action];
  const roles = actor.properties.roles;
  if (roles.some((r) => rule.roles.includes(r))) return !(rule.national && actor.properties.regions);
  const ownRoles = rule.own ?? [];
  if (!roles.some((r) => ownRoles.includes(r))) return false;
  const tenant = actor.properties.partnerID;
  // Tenant-bound roles act only on a record that names their own LKS.
  return tenant !== undefined && resource.partnerID === tenant;
};

export const can = (actor: Actor, action: Action, resource: Resource = {}): boolean =>
  byRole(actor, action, resource) && inScope(actor, resource);

/** Reading actions: a record outside the caller's reach is answered as if it did not exist. */
const READING = /\.(read|list|audit)$/;

export namespace Policy {
  /** Whether the current actor may act: what the API offers is what it would allow. */
  export const allows = (action: Action, resource: Resource = {}) => can(Actor.use(), action, resource);

  /**
   * Throws when the current actor may not act. A tenant user asking about another tenant's
   * record is told it does not exist (404), so ids cannot be probed across LKS; so is a regional
   * staff user reading a record outside its region. A regional user's decision on a record
   * outside its region is refused (403).
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
    if (byRole(actor, action, resource)) {
      if (READING.test(action)) throw HubError.notFound(what);
      throw HubError.forbidden(`This ${what.toLowerCase()} is outside your unit's region`, "outside_scope");
    }
    throw HubError.forbidden(`Your role may not ${action.replace(".", " ").replace("_", " ")}`);
  };
}
