/**
 * Partnership agreements (Nota Kesepahaman / PKS) and their comment threads.
 *
 * | access pattern                                  | entity    | index | key                                                   |
 * |-------------------------------------------------|-----------|-------|-------------------------------------------------------|
 * | one agreement                                   | agreement | table | pk = agreementID                                      |
 * | agreements of an LKS, newest                    | agreement | gsi1  | gsi1pk = partnerID, gsi1sk = createdAt                |
 * | review queue: one status, longest waiting first | agreement | gsi2  | gsi2pk = status, gsi2sk = waitingSince                |
 * | … in one province                               | agreement | gsi3  | gsi3pk = status + provinceCode, gsi3sk = waitingSince |
 * | schedules: by status, next date due             | agreement | gsi4  | gsi4pk = status, gsi4sk = scheduleDate                |
 * | all agreements, newest (staff)                  | agreement | gsi5  | gsi5pk = agreements, gsi5sk = createdAt               |
 * | comments of an agreement, in order              | comment   | table | pk = agreementID, sk = commentID                      |
 * | agreement by number (unique)                    | unique    | table | pk = unique#agreement-number#<number>                 |
 *
 * `scheduleDate` is the date the next automatic step is due: the start date while approved (to
 * activate); while active, the next expiry reminder's date, then the day after the end date (expiry).
 */
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

export const AgreementEntity = new Entity(
  {
    model: { entity: "agreement", version: "1", service: "atensi" },
    attributes: {
      agreementID: { type: "string", required: true },
      partnerID: { type: "string", required: true },
      partnerName: { type: "string", required: true },
      provinceCode: { type: "string", required: true },
      /** The LKS's regency/city, for units whose region is a regency or city (dinas sosial). */
      regencyCode: { type: "string" },
      number: { type: "string" },
      title: { type: "string", required: true },
      scope: { type: "any", required: true },
      /** Copied from the scope so the review queue can filter by cluster. */
      clusters: { type: "list", items: { type: "string" }, required: true },
      yearlyTargets: { type: "any", required: true },
      valueRupiah: { type: "number" },
      startDate: { type: "string", required: true },
      endDate: { type: "string", required: true },
      reportingCadence: { type: "string", required: true },
      supervisingUnit: { type: "string", required: true },
      status: { type: "string", required: true },
      statusReason: { type: "string" },
      amends: { type: "string" },
      /** The addendum that replaced this agreement. */
      supersededBy: { type: "string" },
      amendmentNo: { type: "number" },
      recommendedBy: { type: "any" },
      approvedBy: { type: "any" },
      submittedAt: { type: "string" },
      approvedAt: { type: "string" },
      waitingSince: { type: "string", required: true },
      scheduleDate: { type: "string", required: true },
      remindersSent: { type: "list", items: { type: "number" }, required: true },
      documents: { type: "any", required: true },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      version: { type: "number", required: true },
      auditHash: { type: "string", required: true },
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["agreementID"] }, sk: { field: "sk", composite: [] } },
      byPartner: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["partnerID"] },
        sk: { field: "gsi1sk", composite: ["createdAt"] },
      },
      byStatus: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["status"] },
        sk: { field: "gsi2sk", composite: ["waitingSince"] },
      },
      byStatusProvince: {
        index: "gsi3",
        pk: { field: "gsi3pk", composite: ["status", "provinceCode"] },
        sk: { field: "gsi3sk", composite: ["waitingSince"] },
      },
      bySchedule: {
        index: "gsi4",
        pk: { field: "gsi4pk", composite: ["status"] },
        sk: { field: "gsi4sk", composite: ["scheduleDate"] },
      },
      all: {
        index: "gsi5",
        pk: { field: "gsi5pk", composite: [] },
        sk: { field: "gsi5sk", composite: ["createdAt"] },
      },
    },
  },
  entityConfig(),
);

export const CommentEntity = new Entity(
  {
    model: { entity: "comment", version: "1", service: "atensi" },
    attributes: {
      agreementID: { type: "string", required: true },
      commentID: { type: "string", required: true },
      author: { type: "any", required: true },
      body: { type: "string", required: true },
      createdAt: { type: "string", required: true },
    },
    indexes: {
      byAgreement: {
        pk: { field: "pk", composite: ["agreementID"] },
        sk: { field: "sk", composite: ["commentID"] },
      },
    },
  },
  entityConfig(),
);
