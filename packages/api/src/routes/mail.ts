import { MailID, Page } from "@atensi/contracts";
import { Mail } from "@atensi/core/mail";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { params } from "../validate";

const MailView = v.object({
  id: v.string(),
  to: v.string(),
  kind: v.string(),
  language: v.picklist(["id", "en"]),
  status: v.picklist(["pending", "sent", "failed", "suppressed"]),
  attempts: v.number(),
  nextAttemptAt: v.optional(v.string()),
  lastError: v.optional(v.string()),
  createdAt: v.string(),
  updatedAt: v.string(),
});
const MailDetail = v.object({
  ...MailView.entries,
  attemptLog: v.array(
    v.object({
      attempt: v.number(),
      at: v.string(),
      durationMs: v.number(),
      ok: v.boolean(),
      response: v.optional(v.string()),
    }),
  ),
});
const IdParam = v.strictObject({ id: MailID });

/** The e-mail delivery log (admins and auditors): what was sent to whom, each attempt, and a resend. */
export const mail = new Hono<AppEnv>()
  .get(
    "/",
    doc({
      tag: "mail",
      summary: "E-mails of one day (`day=YYYY-MM-DD`, default today) or to one address (`to=`), newest first",
      ok: { schema: Page(MailView) },
      problems: [400, 401, 403],
    }),
    async (c) => c.json(await Mail.list(c.req.query()), 200),
  )
  .get(
    "/:id",
    doc({
      tag: "mail",
      summary: "One e-mail and its attempts",
      ok: { schema: MailDetail },
      problems: [400, 401, 403, 404],
    }),
    params(IdParam),
    async (c) => c.json(await Mail.fromID(c.req.valid("param").id), 200),
  )
  .post(
    "/:id/resend",
    doc({
      tag: "mail",
      summary: "Send a failed e-mail again (admins)",
      ok: { schema: MailView },
      problems: [400, 401, 403, 404],
    }),
    params(IdParam),
    async (c) => c.json(await Mail.resend(c.req.valid("param").id), 200),
  );
