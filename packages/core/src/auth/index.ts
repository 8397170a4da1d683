import {
  EmailChange,
  EmailConfirmation,
  PasswordChange,
  PasswordReset,
  PasswordResetRequest,
  queuesFor,
  type Role,
  type Session as SessionView,
  SignIn,
} from "@atensi/contracts";
import { Actor } from "../actor";
import { Caller } from "../caller";
import { Database } from "../db";
import { epochSeconds, nowISO } from "../db/support";
import { HubError } from "../error";
import { fn } from "../fn";
import { createID } from "../id";
import { Mail } from "../mail";
import { Notification } from "../notification";
import { Unique } from "../unique";
import { AccountLink, languageOf, User, type UserItem } from "../user";
import { parse } from "../validate";
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
/** Password-reset requests per address per hour; more are answered 429. */
export const RESET_THROTTLE = { perAddress: 5, windowSeconds: 3600 } as const;
/** A reset link is valid 30 minutes; an e-mail change link 24 hours. */
export const RESET_MINUTES = 30;
export const EMAIL_CHANGE_HOURS = 24;

namespace Throttle {
  export const check = async (
    key: string,
    limit: number,
    message = "Too many failed sign-in attempts; wait before trying again",
    code = "sign_in_throttled",
  ) => {
    const { data } = await ThrottleEntity.get({ key }).go({ consistent: true });
    const now = epochSeconds();
    if (data && data.windowEndsAtEpoch > now && data.failures >= limit) {
      throw HubError.tooMany(message, data.windowEndsAtEpoch - now, code);
    }
  };

  /** Counts a failure in the current window, or opens a new window when the last has ended. */
  export const fail = async (key: string, windowSeconds: number = THROTTLE.windowSeconds) => {
    const now = epochSeconds();
    try {
      await ThrottleEntity.patch({ key })
        .add({ failures: 1 })
        .where((a, op) => op.gt(a.windowEndsAtEpoch, now))
        .go();
    } catch {
      const windowEndsAtEpoch = now + windowSeconds;
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
    queues: queuesFor(user.roles as Role[]),
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
      ...(user.unitID ? { unitID: user.unitID } : {}),
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
        { field: "currentPassword", code: "current_password", message: "Not your current password" },
      ]);
    }
    await Throttle.clear(key);
    await User.setPasswordHash(user, await hashPassword(data.newPassword));
    await revokeSessions(user.userID);
    await Notification.send({
      audience: user.tenant,
      userID: user.userID,
      kind: "account.password_changed",
      params: {},
      link: "/password",
    });
    const session = await openSession({ ...user, version: user.version + 1 });
    return { ...session, session: view(user, session.csrfToken) };
  });

  /** The versioned user change a password reset or an e-mail change makes, with its audit event. */
  const userChange = async (
    user: UserItem,
    action: string,
    set: Partial<UserItem>,
    data?: Record<string, unknown>,
  ) => (await User.prepareChange(user, { action, set, ...(data ? { data } : {}) })).steps;

  /**
   * Asks for a password-reset link. The answer is the same whether or not the address has an
   * account (nothing to probe), and more than five requests for one address in an hour are refused.
   */
  export const requestPasswordReset = async (input: unknown) => {
    const { email } = parse(PasswordResetRequest, input);
    const key = `reset:${email}`;
    await Throttle.check(
      key,
      RESET_THROTTLE.perAddress,
      "Too many reset requests for this address; wait before trying again",
      "reset_throttled",
    );
    await Throttle.fail(key, RESET_THROTTLE.windowSeconds);
    const user = await User.fromEmail(email);
    if (user?.status !== "active") return;
    const link = AccountLink.issue("reset", user.userID, RESET_MINUTES * 60_000);
    const mail = await Mail.enqueue({
      to: user.email,
      kind: "account.password_reset",
      language: await languageOf(user.userID),
      userID: user.userID,
      content: {
        name: user.name,
        params: { minutes: RESET_MINUTES },
        link: `/reset-password#token=${encodeURIComponent(link.token)}`,
      },
    });
    await Database.commit([link.step, mail.step]);
  };

  /** Sets a new password from a reset link (once), and ends every session of the user. */
  export const resetPassword = async (input: unknown) => {
    const data = parse(PasswordReset, input);
    const link = await AccountLink.open(data.token, ["reset"]);
    const user = await User.get(link.userID);
    if (user?.status !== "active")
      throw HubError.input(
        "This link is invalid",
        [{ field: "token", code: "link_invalid", message: "Invalid or expired link" }],
        "token_invalid",
      );
    await Database.commit([
      AccountLink.consume(link.tokenHash),
      ...(await userChange(user, "user.password_reset", { passwordHash: await hashPassword(data.password) })),
      Notification.step({
        audience: user.tenant,
        userID: user.userID,
        kind: "account.password_changed",
        params: {},
        link: "/password",
      }),
    ]);
    await revokeSessions(user.userID);
    await Throttle.clear(`email:${user.email}`);
  };

  /**
   * Asks to move the account to another address: a confirmation link goes to the new address and
   * a notice to the old one; nothing changes until the link is used.
   */
  export const requestEmailChange = async (input: unknown) => {
    const actor = Actor.assert("user");
    const data = parse(EmailChange, input);
    const user = await User.get(actor.properties.userID);
    if (!user) throw HubError.auth();
    const key = `password:${user.userID}`;
    await Throttle.check(key, THROTTLE.email);
    if (!(await verifyPassword(user.passwordHash, data.password))) {
      await Throttle.fail(key);
      throw HubError.input("The password is not right", [
        { field: "password", code: "current_password", message: "Not your current password" },
      ]);
    }
    if (data.newEmail === user.email || (await Unique.owner("email", data.newEmail))) {
      throw HubError.input(
        "That address cannot be used",
        [{ field: "newEmail", code: "email_taken", message: "This address is already in use" }],
        "email_taken",
      );
    }
    const language = await languageOf(user.userID);
    const link = AccountLink.issue(
      "email_change",
      user.userID,
      EMAIL_CHANGE_HOURS * 3_600_000,
      data.newEmail,
    );
    const toNew = await Mail.enqueue({
      to: data.newEmail,
      kind: "account.email_change",
      language,
      userID: user.userID,
      content: {
        name: user.name,
        params: { newEmail: data.newEmail, hours: EMAIL_CHANGE_HOURS },
        link: `/confirm-email#token=${encodeURIComponent(link.token)}`,
      },
    });
    const toOld = await Mail.enqueue({
      to: user.email,
      kind: "account.email_changed",
      language,
      userID: user.userID,
      content: { name: user.name, params: { newEmail: data.newEmail } },
    });
    await Database.commit([link.step, toNew.step, toOld.step]);
  };

  /** Uses a confirmation link: the registration address is confirmed, or the account moves to the new one. */
  export const confirmEmail = async (input: unknown) => {
    const { token } = parse(EmailConfirmation, input);
    const link = await AccountLink.open(token, ["confirm", "email_change"]);
    const user = await User.get(link.userID);
    if (!user)
      throw HubError.input(
        "This link is invalid",
        [{ field: "token", code: "link_invalid", message: "Invalid or expired link" }],
        "token_invalid",
      );
    const now = nowISO();
    if (link.purpose === "confirm") {
      await Database.commit([
        AccountLink.consume(link.tokenHash),
        ...(await userChange(user, "user.email_confirmed", { emailConfirmedAt: now })),
      ]);
      return User.toView({ ...user, emailConfirmedAt: now, version: user.version + 1 });
    }
    const newEmail = link.newEmail!;
    await Database.commit([
      AccountLink.consume(link.tokenHash),
      ...(await userChange(
        user,
        "user.email_changed",
        { email: newEmail, emailConfirmedAt: now },
        { from: user.email, to: newEmail },
      )),
      Unique.claim("email", newEmail, user.userID, () =>
        HubError.conflict("A user with this email already exists", "email_taken"),
      ),
      Unique.release("email", user.email, user.userID),
    ]);
    // Sessions carry the address; the next sign-in is with the new one.
    await revokeSessions(user.userID);
    return User.toView({ ...user, email: newEmail, emailConfirmedAt: now, version: user.version + 1 });
  };
}
