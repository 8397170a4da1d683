import { AuditEvent, Page, ReferralID, Referral as ReferralSchema, SlaMonth } from "@atensi/contracts";
import { HubError } from "@atensi/core/error";
import { Referral } from "@atensi/core/referral";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { ifMatch, withEtag } from "../http";
import { doc } from "../openapi";
import { body, params, query } from "../validate";

const IdParam = v.strictObject({ id: ReferralID });

const Timeline = v.object({
  items: v.array(v.pick(AuditEvent, ["action", "at", "actor", "version", "data"])),
  deliveries: v.array(
    v.object({
      id: v.string(),
      eventType: v.string(),
      status: v.string(),
      attempts: v.number(),
      lastStatusCode: v.optional(v.number()),
      updatedAt: v.string(),
    }),
  ),
  verification: v.object({ valid: v.boolean(), events: v.number() }),
});

const idempotencyKey = (raw: string | undefined) => {
  if (raw === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(raw)) {
    throw HubError.input("Invalid Idempotency-Key", [
      {
        field: "Idempotency-Key",
        code: "idempotency_key",
        message: "1–255 visible ASCII characters, e.g. a UUID",
      },
    ]);
  }
  return raw;
};

/**
 * Cross-programme referrals. LKS users and staff send and follow them in the portal; receiving
 * programmes (API key) list, read and answer the referrals addressed to them.
 */
export const referrals = new Hono<AppEnv>()
  .post(
    "/",
    doc({
      tag: "referrals",
      summary: "Refer a person to a programme (LKS users, staff); the programme is notified by webhook",
      ok: { status: 201, schema: ReferralSchema },
      problems: [400, 401, 403, 412, 415],
    }),
    body(Referral.create.schema),
    async (c) => {
      const referral = await Referral.create.trusted(c.req.valid("json"));
      c.header("location", `/v1/referrals/${referral.id}`);
      return withEtag(c, referral, 201);
    },
  )
  .get(
    "/",
    doc({
      tag: "referrals",
      summary:
        "List referrals: a programme sees those addressed to it (oldest change first; use updated_since to sync), an LKS its own, staff all",
      ok: { schema: Page(ReferralSchema) },
      problems: [400, 401, 403],
      callers: "both",
    }),
    query(Referral.list.schema),
    async (c) => c.json(await Referral.list.trusted(c.req.valid("query")), 200),
  )
  .get(
    "/inbox",
    doc({
      tag: "referrals",
      summary:
        "A programme's inbox: referrals waiting for its answer, earliest deadline first (overdue first); staff name the programme",
      ok: { schema: Page(ReferralSchema) },
      problems: [400, 401, 403],
      callers: "both",
    }),
    query(Referral.inbox.schema),
    async (c) => c.json(await Referral.inbox.trusted(c.req.valid("query")), 200),
  )
  .get(
    "/overdue",
    doc({
      tag: "referrals",
      summary: "Staff: a programme's overdue referrals (no answer by the deadline), longest overdue first",
      ok: { schema: Page(ReferralSchema) },
      problems: [400, 401, 403],
    }),
    query(Referral.overdue.schema),
    async (c) => c.json(await Referral.overdue.trusted(c.req.valid("query")), 200),
  )
  .get(
    "/sla",
    doc({
      tag: "referrals",
      summary: "Staff: a programme's SLA compliance per month (deadlines met in time / all that fell due)",
      ok: { schema: Page(SlaMonth) },
      problems: [400, 401, 403],
    }),
    query(Referral.compliance.schema),
    async (c) => c.json(await Referral.compliance.trusted(c.req.valid("query")), 200),
  )
  .get(
    "/:id",
    doc({
      tag: "referrals",
      summary: "One referral (a programme receives only the fields it may)",
      ok: { schema: ReferralSchema },
      problems: [400, 401, 403, 404],
      callers: "both",
    }),
    params(IdParam),
    async (c) => withEtag(c, await Referral.fromID(c.req.valid("param").id)),
  )
  .get(
    "/:id/timeline",
    doc({
      tag: "referrals",
      summary: "Every change with who made it, and the webhook deliveries of its events",
      ok: { schema: Timeline },
      problems: [400, 401, 403, 404],
    }),
    params(IdParam),
    async (c) => c.json(await Referral.timeline(c.req.valid("param").id), 200),
  )
  .post(
    "/:id/cancel",
    doc({
      tag: "referrals",
      summary: "Cancel a referral you sent (before enrolment); the programme is notified",
      ok: { schema: ReferralSchema },
      problems: [400, 401, 403, 404, 409, 412, 415],
      ifMatch: true,
    }),
    params(IdParam),
    body(Referral.cancel.schema),
    async (c) =>
      withEtag(c, await Referral.cancel.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
  )
  .post(
    "/:id/withdraw-consent",
    doc({
      tag: "referrals",
      summary: "Record that the person withdrew consent; the programme is told to stop and erase",
      ok: { schema: ReferralSchema },
      problems: [400, 401, 403, 404, 409, 412, 415],
      ifMatch: true,
    }),
    params(IdParam),
    body(Referral.withdrawConsent.schema),
    async (c) =>
      withEtag(
        c,
        await Referral.withdrawConsent.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c)),
      ),
  )
  .post(
    "/:id/erasure",
    doc({
      tag: "referrals",
      summary:
        "After a consent withdrawal, the programme confirms it erased the person's data or restricted its processing (due within 3 × 24 hours; later is marked late)",
      ok: { schema: ReferralSchema },
      problems: [400, 401, 403, 404, 409, 412, 415],
      callers: "programs",
      ifMatch: true,
    }),
    params(IdParam),
    body(Referral.confirmErasure.schema),
    async (c) =>
      withEtag(
        c,
        await Referral.confirmErasure.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c)),
      ),
  )
  .post(
    "/:id/responses",
    doc({
      tag: "referrals",
      summary:
        "A programme answers: acknowledge, accept, reject (with a code), enroll, or close (with an outcome)",
      ok: { schema: ReferralSchema },
      problems: [400, 401, 403, 404, 409, 412, 415],
      callers: "programs",
      ifMatch: true,
      idempotent: true,
    }),
    params(IdParam),
    body(Referral.respond.schema),
    async (c) => {
      const answer = await Referral.respond.trusted(c.req.valid("param").id, c.req.valid("json"), {
        idempotencyKey: idempotencyKey(c.req.header("idempotency-key")),
        expectedVersion: ifMatch(c),
      });
      const referral = answer.body as Referral.View;
      return withEtag(c, referral, answer.status as 200);
    },
  );
