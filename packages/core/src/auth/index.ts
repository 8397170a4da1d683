import { PasswordChange, type Session as SessionView, SignIn } from "@atensi/contracts";
import { Actor } from "../actor";
import { Caller } from "../caller";
import { epochSeconds, nowISO } from "../db/support";
import { HubError } from "../error";
import { fn } from "../fn";
import { createID } from "../id";
import { User, type UserItem } from "../user";
import { SessionCache } from "./cache";
import { SessionEntity, ThrottleEntity } from "./entity";
import { hashPassword, verifyPassword } from "./password";
import { revokeSessions } from "./sessions";
import { hashToken, newToken } from "./token";

export { SessionCache, SessionEntity, ThrottleEntity };

/** Sessions are short-lived: a working day. */
export const SESSION_HOURS = 8;
/** Failed sign-ins allowed per window before further attempts are refused. */
export const THROTTLE = { email: 5, ip: 30, windowSeconds: 15 * 60 } as const;

namespace Throttle {
  export const check = async (key: string, limit: number) => {
    const { data } = await ThrottleEntity.get({ key }).go({ consistent: true });
    const now = epochSeconds();
    if (data && data.windowEndsAtEpoch > now && data.failures >= limit) {
      throw HubError.tooMany(
        "Too many failed sign-in attempts; wait before trying again",
        data.windowEndsAtEpoch - now,
        "sign_in_throttled",
      );
    }
  };

  /** Counts a failure in the current window, or opens a new window when the last has ended. */
  export const fail = async (key: string) => {
    const now = epochSeconds();
    try {
      await ThrottleEntity.patch({ key })
        .add({ failures: 1 })
        .where((a, op) => op.gt(a.windowEndsAtEpoch, now))
        .go();
    } catch {
      const windowEndsAtEpoch = now + THROTTLE.windowSeconds;
      await ThrottleEntity.put({
        key,
        failures: 1,
        windowEndsAtEpoch,
        expiresAtEpoch: windowEndsAtEpoch,
      }).go();
    }
  };

  export const clear = (key: string) => ThrottleEntity.delete({ key }).go();
}

export namespace Auth {
  const view = (
    user: UserItem,
    csrfToken: string,
    partner?: { name: string; status: string },
  ): SessionView => ({
    user: User.toView(user),
    ...(user.partnerID && partner ? { partner: { id: user.partnerID, ...partner } } : {}),
    csrfToken,
  });

  const openSession = async (user: UserItem) => {
    const token = newToken();
    const csrfToken = newToken();
    const expires = new Date(Date.now() + SESSION_HOURS * 3_600_000);
    await SessionEntity.create({
      tokenHash: hashToken(token),
      sessionID: createID("session"),
      userID: user.userID,
      email: user.email,
      name: user.name,
      roles: user.roles,
      ...(user.partnerID ? { partnerID: user.partnerID } : {}),
      csrfToken,
      createdAt: nowISO(),
      expiresAt: expires.toISOString(),
      expiresAtEpoch: epochSeconds(expires),
    }).go();
    return { token, csrfToken, expiresAt: expires };
  };

  const assertPartnerActive = async (partnerID: string | undefined) => {
    if (!partnerID) return undefined;
    const partner = await Caller.partnerStatus(partnerID);
    if (partner?.status !== "active") {
      throw HubError.forbidden(
        partner?.status === "pending_verification"
          ? "Your LKS is waiting for verification by Kemensos"
          : "Your LKS is not active; contact Kemensos",
        "partner_not_active",
      );
    }
    return partner;
  };

  export const signIn = fn(SignIn, async ({ email, password }, clientAddress = "unknown") => {
    const emailKey = `email:${email}`;
    const ipKey = `ip:${clientAddress}`;
    await Throttle.check(emailKey, THROTTLE.email);
    await Throttle.check(ipKey, THROTTLE.ip);
    const user = await User.fromEmail(email);
    const ok = await verifyPassword(user?.status === "active" ? user.passwordHash : undefined, password);
    if (!user || !ok) {
      await Promise.all([Throttle.fail(emailKey), Throttle.fail(ipKey)]);
      throw HubError.auth("The email or password is not right", "invalid_credentials");
    }
    const partner = await assertPartnerActive(user.partnerID);
    await Throttle.clear(emailKey);
    const session = await openSession(user);
    return { ...session, session: view(user, session.csrfToken, partner) };
  });

  export const signOut = async (token: string) => {
    const tokenHash = hashToken(token);
    SessionCache.forget(tokenHash);
    await SessionEntity.delete({ tokenHash }).go();
  };

  /** The current session as the portal needs it. */
  export const me = async (csrfToken: string) => {
    const actor = Actor.assert("user");
    const user = await User.get(actor.properties.userID);
    if (!user) throw HubError.auth();
    const partner = user.partnerID ? await Caller.partnerStatus(user.partnerID) : undefined;
    return view(user, csrfToken, partner ?? undefined);
  };

  /**
   * Changing the password ends every session of the user (a stolen session dies with the old
   * password) and opens a fresh one for the caller.
   */
  export const changePassword = fn(PasswordChange, async (data) => {
    const actor = Actor.assert("user");
    const user = await User.get(actor.properties.userID);
    if (!user) throw HubError.auth();
    // Guessing the current password from a stolen session is throttled like sign-in.
    const key = `password:${user.userID}`;
    await Throttle.check(key, THROTTLE.email);
    if (!(await verifyPassword(user.passwordHash, data.currentPassword))) {
      await Throttle.fail(key);
      throw HubError.input("The current password is not right", [
        { field: "currentPassword", message: "Not your current password" },
      ]);
    }
    await Throttle.clear(key);
    await User.setPasswordHash(user, await hashPassword(data.newPassword));
    await revokeSessions(user.userID);
    const session = await openSession({ ...user, version: user.version + 1 });
    return { ...session, session: view(user, session.csrfToken) };
  });
}
