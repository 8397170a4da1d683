import {
  Invitation,
  OperatorInvitation,
  Page,
  StaffInvitation,
  UserListQuery,
  User as UserSchema,
} from "@atensi/contracts";
import { User } from "@atensi/core";
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { body, query } from "../validate";

export const users = new Hono<AppEnv>()
  .get(
    "/",
    doc({
      tag: "users",
      summary: "Users of your LKS, or (admins, auditors) staff or one LKS",
      ok: { schema: Page(UserSchema) },
      problems: [400, 401, 403, 404],
    }),
    query(UserListQuery),
    async (c) => c.json(await User.list(c.req.query()), 200),
  )
  .post(
    "/staff",
    doc({
      tag: "users",
      summary: "Invite a Kemensos staff user (admin)",
      ok: { status: 201, schema: Invitation },
      problems: [400, 401, 403, 409],
    }),
    body(StaffInvitation),
    async (c) => c.json(await User.inviteStaff(c.req.valid("json")), 201),
  )
  .post(
    "/operators",
    doc({
      tag: "users",
      summary: "Invite an operator of your own LKS (LKS admin)",
      ok: { status: 201, schema: Invitation },
      problems: [400, 401, 403, 409],
    }),
    body(OperatorInvitation),
    async (c) => c.json(await User.inviteOperator(c.req.valid("json")), 201),
  );
