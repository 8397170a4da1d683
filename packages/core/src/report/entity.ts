/**
 * Supervision reports, their submitted versions and review comments.
 *
 * | access pattern                             | entity     | index | key                                          |
 * |--------------------------------------------|------------|-------|----------------------------------------------|
 * | one report                                 | report     | table | pk = reportID                                |
 * | reports of an agreement, by period         | report     | gsi1  | gsi1pk = agreementID, gsi1sk = period        |
 * | review queue: one status, oldest change    | report     | gsi2  | gsi2pk = status, gsi2sk = updatedAt          |
 * | reports of an LKS, by period               | report     | gsi3  | gsi3pk = partnerID, gsi3sk = period          |
 * | regional queue: status in a province       | report     | gsi4  | gsi4pk = status + provinceCode, gsi4sk = updatedAt |
 * | review queue of a level, longest waiting   | report     | gsi5  | gsi5pk = queue, gsi5sk = waitingSince        |
 * | the report of an agreement + period        | unique     | table | pk = unique#report-period#<agreement>#<period> |
 * | submitted versions of a report, in order   | submission | table | pk = reportID, sk = number                   |
 * | review comments of a report, in order      | rcomment   | table | pk = reportID, sk = commentID                |
 * | an agreement's reporting tracker           | tracker    | table | pk = agreementID                             |
 * | trackers due for the schedule, by date     | tracker    | gsi1  | gsi1pk = (constant), gsi1sk = checkOn        |
 *
 * `queue` is `regional#<provinceCode>` while a report waits for its region's unit, `national` while
 * it waits for national acceptance, and `idle#<partnerID>` otherwise (spread over the LKS, never
 * read); `waitingSince` is when it entered that queue, so claiming or commenting does not move it.
 *
 * A tracker's `checkOn` is the next date the reporting schedule has something to do for its
 * agreement (a due-soon notice, or a due date passing); a tick reads only the trackers due, so
 * its work grows with what is due, not with the number of active agreements.
 */
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

export const ReportEntity = new Entity(
  {
    model: { entity: "report", version: "1", service: "atensi" },
    attributes: {
      reportID: { type: "string", required: true },
      agreementID: { type: "string", required: true },
      agreementNumber: { type: "string" },
      partnerID: { type: "string", required: true },
      partnerName: { type: "string", required: true },
      provinceCode: { type: "string", required: true },
      /** The LKS's regency/city (from the agreement), for regency-level units. */
      regencyCode: { type: "string" },
      period: { type: "string", required: true },
      periodStart: { type: "string", required: true },
      periodEnd: { type: "string", required: true },
      dueDate: { type: "string", required: true },
      status: { type: "string", required: true },
      statusReason: { type: "string" },
      late: { type: "boolean", required: true },
      content: { type: "any", required: true },
      referrals: { type: "any" },
      attachments: { type: "any" },
      submissions: { type: "number", required: true },
      firstSubmittedAt: { type: "string" },
      submittedAt: { type: "string" },
      acceptedAt: { type: "string" },
      /** The level the report waits at after submission; regional when a unit covers its place. */
      reviewLevel: { type: "string" },
      /** The regional unit that reviews it (when reviewLevel is regional). */
      reviewUnitID: { type: "string" },
      queue: { type: "string" },
      waitingSince: { type: "string" },
      /** The supervising social worker, chosen from the registry. */
      socialWorkerID: { type: "string" },
      /** When and by whom the social worker signed off the case-management section. */
      signedOffAt: { type: "string" },
      signedOffBy: { type: "any" },
      /** The reviewer who claimed it at its current level. */
      assigneeID: { type: "string" },
      assigneeName: { type: "string" },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      version: { type: "number", required: true },
      auditHash: { type: "string", required: true },
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["reportID"] }, sk: { field: "sk", composite: [] } },
      byAgreement: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["agreementID"] },
        sk: { field: "gsi1sk", composite: ["period"] },
      },
      byStatus: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["status"] },
        sk: { field: "gsi2sk", composite: ["updatedAt"] },
      },
      byPartner: {
        index: "gsi3",
        pk: { field: "gsi3pk", composite: ["partnerID"] },
        sk: { field: "gsi3sk", composite: ["period"] },
      },
      byStatusProvince: {
        index: "gsi4",
        pk: { field: "gsi4pk", composite: ["status", "provinceCode"] },
        sk: { field: "gsi4sk", composite: ["updatedAt"] },
      },
      byQueue: {
        index: "gsi5",
        pk: { field: "gsi5pk", composite: ["queue"] },
        sk: { field: "gsi5sk", composite: ["waitingSince"] },
      },
    },
  },
  entityConfig(),
);

export const SubmissionEntity = new Entity(
  {
    model: { entity: "submission", version: "1", service: "atensi" },
    attributes: {
      reportID: { type: "string", required: true },
      number: { type: "number", required: true, padding: { length: 3, char: "0" } },
      content: { type: "any", required: true },
      referrals: { type: "any" },
      submittedAt: { type: "string", required: true },
    },
    indexes: {
      byReport: { pk: { field: "pk", composite: ["reportID"] }, sk: { field: "sk", composite: ["number"] } },
    },
  },
  entityConfig(),
);

export const ReportCommentEntity = new Entity(
  {
    model: { entity: "rcomment", version: "1", service: "atensi" },
    attributes: {
      reportID: { type: "string", required: true },
      commentID: { type: "string", required: true },
      section: { type: "string", required: true },
      author: { type: "any", required: true },
      body: { type: "string", required: true },
      createdAt: { type: "string", required: true },
    },
    indexes: {
      byReport: {
        pk: { field: "pk", composite: ["reportID"] },
        sk: { field: "sk", composite: ["commentID"] },
      },
    },
  },
  entityConfig(),
);

/** Which periods of an agreement have been counted as expected (their due date has passed). */
export const TrackerEntity = new Entity(
  {
    model: { entity: "tracker", version: "1", service: "atensi" },
    attributes: {
      agreementID: { type: "string", required: true },
      countedThrough: { type: "string" },
      /** The last period whose first reminder (seven days before its due date) went out. */
      remindedFor: { type: "string" },
      /** The last period whose final reminder (the day before its due date) went out. */
      finalRemindedFor: { type: "string" },
      /** The next date the schedule looks at this agreement; "9999-12-31" when nothing is left. */
      checkOn: { type: "string", required: true },
    },
    indexes: {
      byAgreement: { pk: { field: "pk", composite: ["agreementID"] }, sk: { field: "sk", composite: [] } },
      byCheck: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: [] },
        sk: { field: "gsi1sk", composite: ["checkOn"] },
      },
    },
  },
  entityConfig(),
);
