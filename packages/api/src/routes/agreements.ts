import { AgreementID, Agreement as AgreementSchema, Page } from "@atensi/contracts";
import { Agreement } from "@atensi/core/agreement";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { ifMatch, withEtag } from "../http";
import { doc } from "../openapi";
import { Author, recordParts } from "../record-parts";
import { body, params, query } from "../validate";

const IdParam = v.strictObject({ id: AgreementID });
const Comment = v.object({ id: v.string(), author: Author, body: v.string(), createdAt: v.string() });
const Diff = v.object({
  amends: AgreementID,
  changes: v.array(v.object({ field: v.string(), from: v.unknown(), to: v.unknown() })),
});

/** Status decisions share their answers: the agreement, or 403 / 409 (illegal) / 412 (stale). */
const decision = (summary: string, withReason: boolean) =>
  doc({
    tag: "agreements",
    summary,
    ok: { schema: AgreementSchema },
    problems: withReason ? [400, 401, 403, 404, 409, 412, 415] : [400, 401, 403, 404, 409, 412],
    ifMatch: true,
  });

/** Partnership agreements (MoU / PKS): LKS draft and submit; staff review; four-eyes approval. */
export const agreements = new Hono<AppEnv>()
  .post(
    "/",
    doc({
      tag: "agreements",
      summary: "Draft an agreement (LKS users)",
      ok: { status: 201, schema: AgreementSchema },
      problems: [400, 401, 403, 415],
    }),
    body(Agreement.create.schema),
    async (c) => {
      const agreement = await Agreement.create.trusted(c.req.valid("json"));
      c.header("location", `/v1/agreements/${agreement.id}`);
      return withEtag(c, agreement, 201);
    },
  )
  .get(
    "/",
    doc({
      tag: "agreements",
      summary:
        "List agreements: with a status, the review queue longest-waiting first (staff; filter by province, cluster); else newest first; an LKS sees its own",
      ok: { schema: Page(AgreementSchema) },
      problems: [400, 401, 403],
    }),
    query(Agreement.list.schema),
    async (c) => c.json(await Agreement.list.trusted(c.req.valid("query")), 200),
  )
  .get(
    "/:id",
    doc({
      tag: "agreements",
      summary: "One agreement, with warnings",
      ok: { schema: AgreementSchema },
      problems: [400, 401, 403, 404],
    }),
    params(IdParam),
    async (c) => withEtag(c, await Agreement.fromID(c.req.valid("param").id)),
  )
  .put(
    "/:id",
    doc({
      tag: "agreements",
      summary: "Edit a draft, or an agreement with changes requested (LKS users)",
      ok: { schema: AgreementSchema },
      problems: [400, 401, 403, 404, 409, 412, 415],
      ifMatch: true,
    }),
    params(IdParam),
    body(Agreement.edit.schema),
    async (c) =>
      withEtag(c, await Agreement.edit.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
  )
  .post("/:id/submit", decision("Submit a draft for review (LKS admin)", false), params(IdParam), async (c) =>
    withEtag(c, await Agreement.submit(c.req.valid("param").id, ifMatch(c))),
  )
  .post(
    "/:id/resubmit",
    decision("Resubmit after requested changes (LKS admin)", false),
    params(IdParam),
    async (c) => withEtag(c, await Agreement.resubmit(c.req.valid("param").id, ifMatch(c))),
  )
  .post(
    "/:id/request-changes",
    decision("Ask the LKS for changes, with a reason (reviewer)", true),
    params(IdParam),
    body(Agreement.requestChanges.schema),
    async (c) =>
      withEtag(
        c,
        await Agreement.requestChanges.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c)),
      ),
  )
  .post("/:id/recommend", decision("Recommend for approval (reviewer)", false), params(IdParam), async (c) =>
    withEtag(c, await Agreement.recommend(c.req.valid("param").id, ifMatch(c))),
  )
  .post(
    "/:id/approve",
    decision(
      "Approve (an approver other than the recommending reviewer: four-eyes); assigns the number",
      false,
    ),
    params(IdParam),
    async (c) => withEtag(c, await Agreement.approve(c.req.valid("param").id, ifMatch(c))),
  )
  .post(
    "/:id/reject",
    decision("Reject, with a reason", true),
    params(IdParam),
    body(Agreement.reject.schema),
    async (c) =>
      withEtag(c, await Agreement.reject.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
  )
  .post(
    "/:id/terminate",
    decision("Terminate an active agreement, with a reason (approver)", true),
    params(IdParam),
    body(Agreement.terminate.schema),
    async (c) =>
      withEtag(
        c,
        await Agreement.terminate.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c)),
      ),
  )
  .post(
    "/:id/amendments",
    doc({
      tag: "agreements",
      summary: "Start an addendum to an active agreement: a new draft linked to it",
      ok: { status: 201, schema: AgreementSchema },
      problems: [400, 401, 403, 404, 409],
    }),
    params(IdParam),
    async (c) => withEtag(c, await Agreement.amend(c.req.valid("param").id), 201),
  )
  .get(
    "/:id/diff",
    doc({
      tag: "agreements",
      summary: "An addendum's field-by-field differences from the agreement it amends",
      ok: { schema: Diff },
      problems: [400, 401, 403, 404, 409],
    }),
    params(IdParam),
    async (c) => c.json(await Agreement.diff(c.req.valid("param").id), 200),
  )
  .route(
    "/:id",
    recordParts({
      tag: "agreements",
      what: "agreement",
      id: AgreementID,
      comments: {
        view: Comment,
        summaries: {
          list: "The comment thread",
          add: "Add a comment (LKS users of the agreement, reviewers, approvers)",
        },
        list: Agreement.comments,
        add: Agreement.comment,
      },
      files: {
        path: "documents",
        name: "document",
        summaries: {
          add: "Declare a document (signed agreement or annex: PDF, JPEG or PNG, at most 10 MB); answers a URL to PUT the file to within 15 minutes",
          complete: "Confirm an upload: the file is checked against the declared type and size, then kept",
          download: "A download URL for a document, valid 15 minutes",
        },
        record: AgreementSchema,
        add: Agreement.addDocument,
        complete: Agreement.completeDocument,
        url: Agreement.documentUrl,
      },
      audit: Agreement.auditTrail,
    }),
  );
