import { Invitation, OperatorInvitation, Page, StaffInvitation, User as UserSchema } from "@atensi/contracts";
import { User } from "@atensi/core";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { body, query } from "../validate";

const UserListQuery = v.strictObject({
  partnerID: v.optional(v.pipe(v.string(), v.regex(/^lks_[0-9a-z]{26}$/, "Not a partner id"))),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048))),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "A whole number"),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(100),
    ),
  ),
});

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
    async (c) => c.json(await User.list(c.req.valid("query")), 200),
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
