import { describe, expect, it } from "vitest";
import { Auth, Caller, type HubError, Partner, SessionCache, THROTTLE, User } from "../src";
import { asPublic, asUser, registration } from "./support";

const password = "kata-sandi-yang-panjang";

const registerActive = async (n: number) => {
  const partner = await asPublic(() => Partner.register(registration(n)));
  await asUser(["kemensos_reviewer"], () => Partner.verify(partner.id));
  return partner;
};

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: HubError) => e,
  );

describe("sign-in", () => {
  it("refuses users of an LKS that is not verified yet, then lets them in once it is", async () => {
    const partner = await asPublic(() => Partner.register(registration(1)));
    const refused = await failure(asPublic(() => Auth.signIn({ email: "admin1@lks.example", password })));
    expect(refused).toMatchObject({ kind: "forbidden", code: "partner_not_active" });
    await asUser(["kemensos_reviewer"], () => Partner.verify(partner.id));
    const { token, session } = await asPublic(() => Auth.signIn({ email: "Admin1@LKS.example", password }));
    expect(session.user.partnerID).toBe(partner.id);
    expect(session.partner?.status).toBe("active");
    const resolved = await Caller.fromSessionToken(token);
    expect(resolved?.actor).toMatchObject({ partnerID: partner.id, roles: ["lks_admin"] });
  });

  it("throttles an email after repeated failures, with a retry-after", async () => {
    await registerActive(2);
    for (let i = 0; i < THROTTLE.email; i++) {
      const e = await failure(
        asPublic(() => Auth.signIn({ email: "admin2@lks.example", password: "wrong-password" })),
      );
      expect(e.code).toBe("invalid_credentials");
    }
    const throttled = await failure(asPublic(() => Auth.signIn({ email: "admin2@lks.example", password })));
    expect(throttled.kind).toBe("too_many");
    expect(throttled.extra.retryAfterSeconds).toBeGreaterThan(0);
    expect(throttled.extra.retryAfterSeconds).toBeLessThanOrEqual(THROTTLE.windowSeconds);
  });

  it("gives the same answer for an unknown email as for a wrong password", async () => {
    const e = await failure(asPublic(() => Auth.signIn({ email: "nobody@lks.example", password })));
    expect(e).toMatchObject({ kind: "auth", code: "invalid_credentials" });
  });

  it("ends every session on a password change and opens a new one", async () => {
    await registerActive(3);
    const first = await asPublic(() => Auth.signIn({ email: "admin3@lks.example", password }));
    const second = await asPublic(() => Auth.signIn({ email: "admin3@lks.example", password }));
    const actor = (await Caller.fromSessionToken(first.token))!.actor;
    const changed = await asUser(
      actor.roles,
      () => Auth.changePassword({ currentPassword: password, newPassword: "kata-sandi-baru-yang-panjang" }),
      actor.partnerID,
      actor.userID,
    );
    SessionCache.clear();
    expect(await Caller.fromSessionToken(first.token)).toBeUndefined();
    expect(await Caller.fromSessionToken(second.token)).toBeUndefined();
    expect(await Caller.fromSessionToken(changed.token)).toBeDefined();
    await asPublic(() =>
      Auth.signIn({ email: "admin3@lks.example", password: "kata-sandi-baru-yang-panjang" }),
    );
    await Auth.signOut(changed.token);
    expect(await Caller.fromSessionToken(changed.token)).toBeUndefined();
  });

  it("throttles guesses of the current password from a session", async () => {
    await registerActive(13);
    const { token } = await asPublic(() => Auth.signIn({ email: "admin13@lks.example", password }));
    const actor = (await Caller.fromSessionToken(token))!.actor;
    const change = (currentPassword: string) =>
      asUser(
        actor.roles,
        () => Auth.changePassword({ currentPassword, newPassword: "kata-sandi-baru-yang-panjang" }),
        actor.partnerID,
        actor.userID,
      );
    for (let i = 0; i < THROTTLE.email; i++) {
      await expect(change(`tebakan-salah-nomor-${i}`)).rejects.toMatchObject({ kind: "input" });
    }
    // Now even the right password waits: the guesser cannot tell a hit from the lock.
    await expect(change(password)).rejects.toMatchObject({ kind: "too_many" });
  });

  it("stops resolving sessions of a suspended LKS", async () => {
    const partner = await registerActive(4);
    const { token } = await asPublic(() => Auth.signIn({ email: "admin4@lks.example", password }));
    await asUser(["kemensos_approver"], () =>
      Partner.suspend(partner.id, { reason: "Izin operasional dicabut" }),
    );
    expect(await Caller.fromSessionToken(token)).toBeUndefined();
  });
});

describe("invitations", () => {
  it("lets an admin invite staff who then set a password and sign in", async () => {
    const invitation = await asUser(["admin"], () =>
      User.inviteStaff({
        email: "rina@kemensos.example",
        name: "Rina Pratiwi",
        roles: ["kemensos_reviewer"],
      }),
    );
    expect(invitation.user.status).toBe("invited");
    await failure(asPublic(() => Auth.signIn({ email: "rina@kemensos.example", password })));
    await asPublic(() => User.acceptInvitation({ token: invitation.invitationToken, password }));
    const again = await failure(
      asPublic(() => User.acceptInvitation({ token: invitation.invitationToken, password })),
    );
    expect(again.kind).toBe("input");
    const { session } = await asPublic(() => Auth.signIn({ email: "rina@kemensos.example", password }));
    expect(session.user.roles).toEqual(["kemensos_reviewer"]);
  });

  it("lets an LKS admin invite operators only into its own LKS", async () => {
    const partner = await registerActive(5);
    const invitation = await asUser(
      ["lks_admin"],
      () => User.inviteOperator({ email: "op5@lks.example", name: "Operator Lima" }),
      partner.id,
    );
    expect(invitation.user).toMatchObject({ partnerID: partner.id, roles: ["lks_operator"] });
    await expect(
      asUser(
        ["lks_operator"],
        () => User.inviteOperator({ email: "op6@lks.example", name: "Operator Enam" }),
        partner.id,
      ),
    ).rejects.toMatchObject({ kind: "forbidden" });
    await expect(
      asUser(["kemensos_reviewer"], () =>
        User.inviteStaff({ email: "x@kemensos.example", name: "X Y", roles: ["admin"] }),
      ),
    ).rejects.toMatchObject({ kind: "forbidden" });
    const list = await asUser(["lks_admin"], () => User.list({}), partner.id);
    expect(list.items.map((u) => u.email).sort()).toEqual(["admin5@lks.example", "op5@lks.example"]);
  });
});

describe("disabling users", () => {
  it("ends the sessions of a disabled operator and refuses its sign-in until enabled", async () => {
    const partner = await registerActive(6);
    const asAdmin = <R>(fn: () => R) => asUser(["lks_admin"], fn, partner.id, "usr_admin6");
    const invitation = await asAdmin(() =>
      User.inviteOperator({ email: "op-six@lks.example", name: "Operator Enam" }),
    );
    await asPublic(() => User.acceptInvitation({ token: invitation.invitationToken, password }));
    const { token } = await asPublic(() => Auth.signIn({ email: "op-six@lks.example", password }));
    const disabled = await asAdmin(() => User.disable(invitation.user.id));
    expect(disabled.status).toBe("disabled");
    expect(await Caller.fromSessionToken(token)).toBeUndefined();
    await expect(
      asPublic(() => Auth.signIn({ email: "op-six@lks.example", password })),
    ).rejects.toMatchObject({ code: "invalid_credentials" });
    expect((await asAdmin(() => User.enable(invitation.user.id))).status).toBe("active");
    await asPublic(() => Auth.signIn({ email: "op-six@lks.example", password }));
  });

  it("refuses another LKS's users, staff users, and one's own account", async () => {
    const mine = await registerActive(7);
    const theirs = await registerActive(8);
    const theirAdmin = (await User.fromEmail("admin8@lks.example"))!;
    const myAdmin = (await User.fromEmail("admin7@lks.example"))!;
    const staff = await asUser(["admin"], () =>
      User.inviteStaff({ email: "staff9@kemensos.example", name: "Staf Sembilan", roles: ["auditor"] }),
    );
    const asMine = <R>(fn: () => R) => asUser(["lks_admin"], fn, mine.id, myAdmin.userID);
    await expect(asMine(() => User.disable(theirAdmin.userID))).rejects.toMatchObject({ kind: "not_found" });
    await expect(asMine(() => User.disable(staff.user.id))).rejects.toMatchObject({ kind: "not_found" });
    await expect(asMine(() => User.disable(myAdmin.userID))).rejects.toMatchObject({
      kind: "forbidden",
      code: "own_account",
    });
    expect(theirs.id).not.toBe(mine.id);
    expect(
      (await asUser(["admin"], () => User.disable(theirAdmin.userID), undefined, "usr_root")).status,
    ).toBe("disabled");
  });
});
