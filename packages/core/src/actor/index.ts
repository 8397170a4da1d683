import { AsyncLocalStorage } from "node:async_hooks";
import type { Role } from "@atensi/contracts";
import { HubError } from "../error";

/** The tenant of every Kemensos staff user: the ministry, beside each LKS's own. */
export const STAFF_TENANT = "kemensos";

export type UserActor = {
  type: "user";
  properties: {
    userID: string;
    email: string;
    name: string;
    roles: Role[];
    partnerID?: string;
    /** The staff user's organisation unit. */
    unitID?: string;
    /** The unit's region of work (Kemendagri codes); absent for national staff and LKS users. */
    regions?: string[];
    sessionID: string;
  };
};
export type ProgramActor = { type: "program"; properties: { programID: string; keyID: string } };
export type SystemActor = { type: "system"; properties: { name: string } };
export type PublicActor = { type: "public"; properties: { ip?: string } };
export type Actor = UserActor | ProgramActor | SystemActor | PublicActor;

const storage = new AsyncLocalStorage<Actor>();

/** Every entry point (HTTP request, worker, seed script) runs its work inside `Actor.provide`. */
export namespace Actor {
  export const provide = <R>(actor: Actor, fn: () => R): R => storage.run(actor, fn);

  export const use = (): Actor => {
    const actor = storage.getStore();
    if (!actor) throw new Error("No actor in context: wrap the entry point in Actor.provide");
    return actor;
  };

  /**
   * The current actor, which must be of `type`: an anonymous caller is asked to sign in (401); an
   * authenticated caller of another kind (a programme on a portal-user route, or the reverse) is
   * refused (403), since signing in again would not help.
   */
  export const assert = <T extends Actor["type"]>(type: T) => {
    const actor = use();
    if (actor.type !== type) {
      if (actor.type === "public") throw HubError.auth();
      throw HubError.forbidden(
        type === "program"
          ? "Only a programme's API key may do this"
          : "Only signed-in portal users may do this",
      );
    }
    return actor as Extract<Actor, { type: T }>;
  };

  /** The LKS the current actor acts for, if it is an LKS user. */
  export const tenant = (): string | undefined => {
    const actor = use();
    return actor.type === "user" ? actor.properties.partnerID : undefined;
  };

  /** A compact, log- and audit-safe description of who acts. */
  export const describe = (): { type: Actor["type"]; id: string; name?: string } => {
    const actor = use();
    switch (actor.type) {
      case "user":
        return { type: "user", id: actor.properties.userID, name: actor.properties.name };
      case "program":
        return { type: "program", id: actor.properties.programID };
      case "system":
        return { type: "system", id: actor.properties.name };
      case "public":
        return { type: "public", id: "anonymous" };
    }
  };
}
