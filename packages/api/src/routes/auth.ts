import {
  EmailChange,
  EmailConfirmation,
  PasswordReset,
  PasswordResetRequest,
  Session,
  User as UserSchema,
} from "@atensi/contracts";
import { Auth, SESSION_HOURS } from "@atensi/core/auth";
import { HubError } from "@atensi/core/error";
import { User } from "@atensi/core/user";
import type { Context } from "hono";
import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { type AppEnv, isLocal, SESSION_COOKIE } from "../env";
import { clientAddress } from "../middleware";
import { doc } from "../openapi";
import { body } from "../validate";

const setSessionCookie = (c: Context, token: string) =>
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: !isLocal(),
    sameSite: "Lax",
    path: "/",
    maxAge: SESSION_HOURS * 3600,
  });

export const auth = new Hono<AppEnv>()
  .post(
    "/sign-in",
    doc({
      tag: "auth",
      summary: "Sign in with email and password",
      ok: { schema: Session },
      problems: [400, 401, 403, 429],
      public: true,
    }),
    body(Auth.signIn.schema),
    async (c) => {
      const result = await Auth.signIn.trusted(c.req.valid("json"), clientAddress(c));
      setSessionCookie(c, result.token);
      return c.json(result.session, 200);
    },
  )
  .post(
    "/sign-out",
    doc({ tag: "auth", summary: "Sign out", noContent: true, problems: [401] }),
    async (c) => {
      const session = c.get("session");
      if (session) await Auth.signOut(session.token);
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.body(null, 204);
    },
  )
  .get(
    "/me",
    doc({ tag: "auth", summary: "The current session", ok: { schema: Session }, problems: [401] }),
    async (c) => {
      const session = c.get("session");
      if (!session) throw HubError.auth();
      return c.json(await Auth.me(session.csrfToken), 200);
    },
  )
  .post(
    "/password",
    doc({
      tag: "auth",
      summary: "Change password (ends all other sessions)",
      ok: { schema: Session },
      problems: [400, 401, 403, 429],
    }),
    body(Auth.changePassword.schema),
    async (c) => {
      const result = await Auth.changePassword.trusted(c.req.valid("json"));
      setSessionCookie(c, result.token);
      return c.json(result.session, 200);
    },
  )
  .post(
    "/invitations/accept",
    doc({
      tag: "auth",
      summary: "Set a password from an invitation",
      ok: { schema: UserSchema },
      problems: [400, 409],
      public: true,
    }),
    body(User.acceptInvitation.schema),
    async (c) => c.json(await User.acceptInvitation.trusted(c.req.valid("json")), 200),
  )
  .post(
    "/password-reset",
    doc({
      tag: "auth",
      summary: "Ask for a password-reset link by e-mail (202 whether or not the address has an account)",
      accepted: true,
      problems: [400, 429],
      public: true,
    }),
    body(PasswordResetRequest),
    async (c) => {
      await Auth.requestPasswordReset(c.req.valid("json"));
      return c.body(null, 202);
    },
  )
  .post(
    "/password-reset/confirm",
    doc({
      tag: "auth",
      summary: "Set a new password from a reset link (works once; ends every session)",
      noContent: true,
      problems: [400],
      public: true,
    }),
    body(PasswordReset),
    async (c) => {
      await Auth.resetPassword(c.req.valid("json"));
      return c.body(null, 204);
    },
  )
  .post(
    "/email",
    doc({
      tag: "auth",
      summary: "Move your account to another e-mail address (confirmed by a link sent there)",
      accepted: true,
      problems: [400, 401, 429],
    }),
    body(EmailChange),
    async (c) => {
      await Auth.requestEmailChange(c.req.valid("json"));
      return c.body(null, 202);
    },
  )
  .post(
    "/email/confirm",
    doc({
      tag: "auth",
      summary: "Confirm an e-mail address from a link (registration or e-mail change)",
      ok: { schema: UserSchema },
      problems: [400],
      public: true,
    }),
    body(EmailConfirmation),
    async (c) => c.json(await Auth.confirmEmail(c.req.valid("json")), 200),
  );
