import type { Role } from "@atensi/contracts";
import { Actor, type UserActor } from "../src";

export const asUser = <R>(roles: Role[], fn: () => R, partnerID?: string, userID = "usr_test"): R =>
  Actor.provide(
    {
      type: "user",
      properties: {
        userID,
        email: `${userID}@example.org`,
        name: `Test ${roles.join("+")}`,
        roles,
        sessionID: "ses_test",
        ...(partnerID ? { partnerID } : {}),
      },
    } satisfies UserActor,
    fn,
  );

export const asPublic = <R>(fn: () => R): R => Actor.provide({ type: "public", properties: {} }, fn);

export { countItems, registration } from "../../../test/support/hub";
