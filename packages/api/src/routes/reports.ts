import { OutstandingReport, Page } from "@atensi/contracts";
import { Report } from "@atensi/core/report";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { ifMatch, withEtag } from "../http";
import { doc } from "../openapi";
import { Author, recordParts } from "../record-parts";
import { body, params, query } from "../validate";

const ReportID = v.pipe(v.string(), v.regex(/^rpt_[0-9a-z]{26}$/, "Not a report id"));
const IdParam = v.strictObject({ id: ReportID });
const ReportSchema = v.looseObject({
  id: v.string(),
  agreementID: v.string(),
  partnerID: v.string(),
  period: v.string(),
  dueDate: v.string(),
  status: v.string(),
  late: v.boolean(),
  content: v.record(v.string(), v.unknown()),
  version: v.number(),
});
const Comment = v.object({
  id: v.string(),
  section: v.string(),
  author: Author,
  body: v.string(),
  createdAt: v.string(),
});
const Diff = v.object({
  from: v.nullable(v.number()),
  to: v.nullable(v.number()),
  changes: v.array(v.object({ field: v.string(), from: v.unknown(), to: v.unknown() })),
});

const decision = (summary: string, problems = [400, 401, 403, 404, 409, 412]) =>
  doc({ tag: "reports", summary, ok: { schema: ReportSchema }, problems, ifMatch: true });

/** Supervision reports: one per active agreement and period; LKS fill and submit, staff review. */
export const reports = new Hono<AppEnv>()
  .post(
    "/",
    doc({
      tag: "reports",
      summary: "Open the report of an agreement for a period (LKS users); one per agreement and period",
      ok: { status: 201, schema: ReportSchema },
      problems: [400, 401, 403, 409, 415],
    }),
    body(Report.create.schema),
    async (c) => {
      const report = await Report.create.trusted(c.req.valid("json"));
      c.header("location", `/v1/reports/${report.id}`);
      return withEtag(c, report, 201);
    },
  )
  .get(
    "/",
    doc({
      tag: "reports",
      summary:
        "List reports: an LKS its own; staff the review queue of a status (default submitted), oldest first",
      ok: { schema: Page(ReportSchema) },
      problems: [400, 401, 403],
    }),
    query(Report.list.schema),
    async (c) => c.json(await Report.list.trusted(c.req.valid("query")), 200),
  )
  .get(
    "/outstanding",
    doc({
      tag: "reports",
      summary:
        "The LKS's reports still owed: periods overdue or due within five days with nothing submitted, oldest due first",
      ok: { schema: v.object({ items: v.array(OutstandingReport) }) },
      problems: [401, 403],
    }),
    async (c) => c.json(await Report.outstanding(), 200),
  )
  .get(
    "/queue",
    doc({
      tag: "reports",
      summary:
        "The caller's review queue, longest waiting first: a regional unit's reports waiting in its region, or the national level's",
      ok: { schema: Page(ReportSchema) },
      problems: [400, 401, 403],
    }),
    query(Report.queue.schema),
    async (c) => c.json(await Report.queue.trusted(c.req.valid("query")), 200),
  )
  .get(
    "/:id",
    doc({
      tag: "reports",
      summary: "One report, with the period's referrals and the actions now allowed",
      ok: { schema: ReportSchema },
      problems: [400, 401, 403, 404],
    }),
    params(IdParam),
    async (c) => withEtag(c, await Report.fromID(c.req.valid("param").id)),
  )
  .put(
    "/:id",
    doc({
      tag: "reports",
      summary:
        "Save the draft (autosave; incomplete content is fine until submission); a stale If-Match is 412",
      ok: { schema: ReportSchema },
      problems: [400, 401, 403, 404, 409, 412, 415],
      ifMatch: true,
    }),
    params(IdParam),
    body(Report.save.schema),
    async (c) =>
      withEtag(c, await Report.save.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
  )
  .post(
    "/:id/submit",
    decision("Submit (LKS admin): every validation rule is checked and failures are named per field"),
    params(IdParam),
    async (c) => withEtag(c, await Report.submit(c.req.valid("param").id, ifMatch(c))),
  )
  .post(
    "/:id/request-revision",
    decision("Send back for revision, with a reason (reviewer)", [400, 401, 403, 404, 409, 412, 415]),
    params(IdParam),
    body(Report.requestRevision.schema),
    async (c) =>
      withEtag(
        c,
        await Report.requestRevision.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c)),
      ),
  )
  .put(
    "/:id/social-worker",
    decision(
      "Choose the supervising social worker from the registry (certificate valid over the period)",
      [400, 401, 403, 404, 409, 412, 415],
    ),
    params(IdParam),
    body(Report.chooseSocialWorker.schema),
    async (c) =>
      withEtag(
        c,
        await Report.chooseSocialWorker.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c)),
      ),
  )
  .post(
    "/:id/sign-off",
    decision("Sign off the case-management section (the chosen social worker's portal user)"),
    params(IdParam),
    async (c) => withEtag(c, await Report.signOff(c.req.valid("param").id, ifMatch(c))),
  )
  .post(
    "/:id/forward",
    decision("Pass on to the national level after regional review (reviewer of the report's unit)"),
    params(IdParam),
    async (c) => withEtag(c, await Report.forward(c.req.valid("param").id, ifMatch(c))),
  )
  .post(
    "/:id/claim",
    decision("Claim a report waiting at your level, so no other reviewer works on it"),
    params(IdParam),
    async (c) => withEtag(c, await Report.claim(c.req.valid("param").id, ifMatch(c))),
  )
  .post(
    "/:id/assign",
    decision("Hand a waiting report to a named reviewer of its level", [400, 401, 403, 404, 409, 412, 415]),
    params(IdParam),
    body(Report.assign.schema),
    async (c) =>
      withEtag(c, await Report.assign.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
  )
  .post(
    "/:id/accept",
    decision(
      "Accept at the national level (reviewer); its figures join the dashboard in the same transaction",
    ),
    params(IdParam),
    async (c) => withEtag(c, await Report.accept(c.req.valid("param").id, ifMatch(c))),
  )
  .post(
    "/:id/unlock",
    decision(
      "Reopen an accepted report, with a reason (approver); its figures leave the dashboard",
      [400, 401, 403, 404, 409, 412, 415],
    ),
    params(IdParam),
    body(Report.unlock.schema),
    async (c) =>
      withEtag(c, await Report.unlock.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
  )
  .get(
    "/:id/diff",
    doc({
      tag: "reports",
      summary: "Field-by-field changes between the last two submitted versions",
      ok: { schema: Diff },
      problems: [400, 401, 403, 404],
    }),
    params(IdParam),
    async (c) => c.json(await Report.diff(c.req.valid("param").id), 200),
  )
  .route(
    "/:id",
    recordParts({
      tag: "reports",
      what: "report",
      id: ReportID,
      comments: {
        view: Comment,
        summaries: { list: "Review comments, per section", add: "Comment on a section of the report" },
        list: Report.comments,
        add: Report.comment,
      },
      files: {
        path: "attachments",
        name: "attachment",
        summaries: {
          add: "Declare an attachment (photo or attendance list: PDF, JPEG or PNG, at most 10 MB); answers a URL to PUT it to",
          complete: "Confirm an upload: checked against the declared type and size, then kept",
          download: "A download URL for an attachment, valid 15 minutes",
        },
        record: ReportSchema,
        add: Report.addAttachment,
        complete: Report.completeAttachment,
        url: Report.attachmentUrl,
      },
      audit: Report.auditTrail,
    }),
  );
