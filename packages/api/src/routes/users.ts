import { Invitation, Page, UserID, User as UserSchema } from "@atensi/contracts";
import { User } from "@atensi/core/user";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { body, params, query } from "../validate";

const UserIdParam = v.strictObject({ id: UserID });

/** The invitation link goes to the invitee by e-mail only: the inviter never sees it. */
const withoutToken = <T extends { invitationToken: string }>({
  invitationToken: _,
  ...invitation
}: T): Omit<T, "invitationToken"> => invitation;

export const users = new Hono<AppEnv>()
  .get(
    "/",
    doc({
      tag: "users",
      summary: "Users of your LKS, or (admins, auditors) staff or one LKS",
      ok: { schema: Page(UserSchema) },
      problems: [400, 401, 403, 404],
    }),
    query(User.list.schema),
    async (c) => c.json(await User.list.trusted(c.req.valid("query")), 200),
  )
  .post(
    "/staff",
    doc({
      tag: "users",
      summary: "Invite a Kemensos staff user (admin)",
      ok: { status: 201, schema: Invitation },
      problems: [400, 401, 403, 409],
    }),
    body(User.inviteStaff.schema),
    async (c) => c.json(withoutToken(await User.inviteStaff.trusted(c.req.valid("json"))), 201),
  )
  .post(
    "/:id/disable",
    doc({
      tag: "users",
      summary: "Disable a user and end their sessions",
      ok: { schema: UserSchema },
      problems: [400, 401, 403, 404],
    }),
    params(UserIdParam),
    async (c) => c.json(await User.disable(c.req.valid("param").id), 200),
  )
  .post(
    "/:id/enable",
    doc({
      tag: "users",
      summary: "Enable a disabled user again",
      ok: { schema: UserSchema },
      problems: [400, 401, 403, 404],
    }),
    params(UserIdParam),
    async (c) => c.json(await User.enable(c.req.valid("param").id), 200),
  )
  .post(
    "/operators",
    doc({
      tag: "users",
      summary: "Invite an operator of your own LKS (LKS admin)",
      ok: { status: 201, schema: Invitation },
      problems: [400, 401, 403, 409],
    }),
    body(User.inviteOperator.schema),
    async (c) => c.json(withoutToken(await User.inviteOperator.trusted(c.req.valid("json"))), 201),
  )
  .post(
    "/:id/invitation/resend",
    doc({
      tag: "users",
      summary: "Send a new invitation link (valid 72 hours; the previous link stops working)",
      ok: { schema: Invitation },
      problems: [400, 401, 403, 404],
    }),
    params(UserIdParam),
    async (c) => c.json(withoutToken(await User.resendInvitation(c.req.valid("param").id)), 200),
  )
  .post(
    "/:id/invitation/revoke",
    doc({
      tag: "users",
      summary: "Withdraw an invitation that was not accepted",
      noContent: true,
      problems: [400, 401, 403, 404],
    }),
    params(UserIdParam),
    async (c) => {
      await User.revokeInvitation(c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
