import type { Role } from "@atensi/contracts";
import { describe, expect, it } from "vitest";
import { type Action, can, RULES } from "../src";

const user = (roles: Role[], partnerID?: string) => ({
  type: "user" as const,
  properties: {
    userID: "usr_x",
    email: "x@example.org",
    name: "X",
    roles,
    sessionID: "s",
    ...(partnerID ? { partnerID } : {}),
  },
});

describe("can", () => {
  it("decides by role, and by tenant for LKS roles", () => {
    const rows: [Action, Role[], string | undefined, string | undefined, boolean][] = [
      ["partner.list", ["kemensos_reviewer"], undefined, undefined, true],
      ["partner.list", ["lks_admin"], "lks_a", undefined, false],
      ["partner.read", ["lks_operator"], "lks_a", "lks_a", true],
      ["partner.read", ["lks_operator"], "lks_a", "lks_b", false],
      ["partner.verify", ["auditor"], undefined, "lks_a", false],
      ["partner.verify", ["kemensos_reviewer"], undefined, "lks_a", true],
      ["partner.suspend", ["kemensos_reviewer"], undefined, "lks_a", false],
      ["partner.suspend", ["kemensos_approver"], undefined, "lks_a", true],
      ["user.invite_staff", ["admin"], undefined, undefined, true],
      ["user.invite_staff", ["lks_admin"], "lks_a", undefined, false],
      ["user.invite_operator", ["lks_admin"], "lks_a", "lks_a", true],
      ["user.invite_operator", ["lks_operator"], "lks_a", "lks_a", false],
    ];
    for (const [action, roles, tenant, resource, expected] of rows) {
      expect([
        action,
        roles,
        tenant,
        resource,
        can(user(roles, tenant), action, resource ? { partnerID: resource } : {}),
      ]).toEqual([action, roles, tenant, resource, expected]);
    }
  });

  it("never authorises public, programme or system actors through user rules", () => {
    for (const action of Object.keys(RULES) as Action[]) {
      expect(can({ type: "public", properties: {} }, action)).toBe(false);
      expect(can({ type: "program", properties: { programID: "prg_x", keyID: "k" } }, action)).toBe(false);
    }
  });

  it("never lets an LKS role act on a record of another LKS", () => {
    // Only these actions concern no LKS's records (the programme catalogue, your own inbox).
    const untenanted = (Object.keys(RULES) as Action[]).filter((a) =>
      (RULES[a].roles as readonly string[]).includes("lks_operator"),
    );
    expect(untenanted).toEqual(["program.list", "notification.list"]);
    for (const action of (Object.keys(RULES) as Action[]).filter((a) => !untenanted.includes(a))) {
      expect(can(user(["lks_admin", "lks_operator"], "lks_a"), action, { partnerID: "lks_b" })).toBe(false);
    }
  });
});
