import { AuditEvent, Page, PartnerID, Partner as PartnerSchema } from "@atensi/contracts";
import { Partner } from "@atensi/core/partner";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { ifMatch, withEtag } from "../http";
import { doc } from "../openapi";
import { body, params, query } from "../validate";

const IdParam = v.strictObject({ id: PartnerID });

const Verification = v.object({ valid: v.boolean(), events: v.number() });

/** Status decisions share their answers: the partner, or 409 (illegal) / 412 (stale version). */
const decisionDoc = (summary: string) =>
  doc({
    tag: "partners",
    summary,
    ok: { schema: PartnerSchema },
    problems: [400, 401, 403, 404, 409, 412],
    ifMatch: true,
  });

export const partners = new Hono<AppEnv>()
  .post(
    "/",
    doc({
      tag: "partners",
      summary: "Register an LKS (public); it waits for verification",
      ok: { status: 201, schema: PartnerSchema },
      problems: [400, 409, 413, 415],
      public: true,
    }),
    body(Partner.register.schema),
    async (c) => {
      const partner = await Partner.register.trusted(c.req.valid("json"));
      c.header("location", `/v1/partners/${partner.id}`);
      return withEtag(c, partner, 201);
    },
  )
  .get(
    "/",
    doc({
      tag: "partners",
      summary: "List partners (staff), newest first",
      ok: { schema: Page(PartnerSchema) },
      problems: [400, 401, 403],
    }),
    query(Partner.list.schema),
    async (c) => c.json(await Partner.list.trusted(c.req.valid("query")), 200),
  )
  .get(
    "/me",
    doc({
      tag: "partners",
      summary: "The signed-in LKS user's own partner",
      ok: { schema: PartnerSchema },
      problems: [401, 403, 404],
    }),
    async (c) => withEtag(c, await Partner.mine()),
  )
  .get(
    "/:id",
    doc({
      tag: "partners",
      summary: "One partner",
      ok: { schema: PartnerSchema },
      problems: [400, 401, 403, 404],
    }),
    params(IdParam),
    async (c) => withEtag(c, await Partner.fromID(c.req.valid("param").id)),
  )
  .patch(
    "/:id",
    doc({
      tag: "partners",
      summary: "Edit your own LKS profile (LKS admin): accreditation, NPWP, address, services, contacts",
      ok: { schema: PartnerSchema },
      problems: [400, 401, 403, 404, 409, 412, 415],
      ifMatch: true,
    }),
    params(IdParam),
    body(Partner.update.schema),
    async (c) =>
      withEtag(c, await Partner.update.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
  )
  .post("/:id/verify", decisionDoc("Verify a pending partner (staff)"), params(IdParam), async (c) =>
    withEtag(c, await Partner.verify(c.req.valid("param").id, ifMatch(c))),
  )
  .post(
    "/:id/reject",
    decisionDoc("Reject a pending partner with a reason (staff)"),
    params(IdParam),
    body(Partner.reject.schema),
    async (c) =>
      withEtag(c, await Partner.reject.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
  )
  .post(
    "/:id/suspend",
    decisionDoc("Suspend an active partner with a reason"),
    params(IdParam),
    body(Partner.suspend.schema),
    async (c) =>
      withEtag(c, await Partner.suspend.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
  )
  .post("/:id/reinstate", decisionDoc("Reinstate a suspended partner"), params(IdParam), async (c) =>
    withEtag(c, await Partner.reinstate(c.req.valid("param").id, ifMatch(c))),
  )
  .get(
    "/:id/audit",
    doc({
      tag: "partners",
      summary: "The partner's audit trail and the verification of its hash chain",
      ok: { schema: v.object({ items: v.array(AuditEvent), verification: Verification }) },
      problems: [400, 401, 403, 404],
    }),
    params(IdParam),
    async (c) => c.json(await Partner.auditTrail(c.req.valid("param").id), 200),
  );
