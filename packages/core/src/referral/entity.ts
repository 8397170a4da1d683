/**
 * Cross-programme referrals (rujukan). The person's data is sealed (../vault) in `personal`;
 * NIK and No. KK are findable only through keyed hashes (blind indexes).
 *
 * | access pattern                               | index | key                                                  |
 * |----------------------------------------------|-------|------------------------------------------------------|
 * | one referral                                 | table | pk = referralID                                      |
 * | referrals sent by an LKS (or Kemensos), newest | gsi1 | gsi1pk = senderID, gsi1sk = createdAt               |
 * | referrals to a programme, by last change     | gsi2  | gsi2pk = programID, gsi2sk = updatedAt               |
 * | … with one status, by last change            | gsi3  | gsi3pk = programID + status, gsi3sk = updatedAt      |
 * | referrals of one person (NIK blind index)    | gsi4  | gsi4pk = nikIndex, gsi4sk = createdAt                |
 * | … open, to one programme (duplicate warning) | gsi4  | same, filtered on programID and open status          |
 * | all referrals, newest (staff)                | gsi5  | gsi5pk = referrals, gsi5sk = createdAt               |
 *
 * The duplicate warning reads one person's referrals (a handful) and filters them: no index of
 * its own is needed, and the five are taken.
 *
 * Service-level clocks (./sla.ts). A referral with an open deadline has one clock item beside it,
 * because the referral's own five indexes are taken; the clock is written in the same
 * transaction as every change of the referral that moves it.
 *
 * | access pattern                                | entity     | index | key                                          |
 * |-----------------------------------------------|------------|-------|----------------------------------------------|
 * | the clock of a referral                       | refclock   | table | pk = referralID                              |
 * | open referrals of a programme, earliest due   | refclock   | gsi1  | gsi1pk = programID, gsi1sk = dueAt           |
 * | … overdue (dueAt ≤ now)                       | refclock   | gsi1  | same, sk between "" and now                  |
 * | clocks whose next escalation is due (sweep)   | refclock   | gsi2  | gsi2pk = constant, gsi2sk = escalateAt ≤ now |
 * | a programme's compliance per month, newest    | slamonth   | table | pk = programID, sk = month                   |
 */
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

export const ReferralEntity = new Entity(
  {
    model: { entity: "referral", version: "1", service: "atensi" },
    attributes: {
      referralID: { type: "string", required: true },
      programID: { type: "string", required: true },
      programCode: { type: "string", required: true },
      /** The sending LKS's partnerID, or "kemensos" when staff referred. */
      senderID: { type: "string", required: true },
      senderName: { type: "string", required: true },
      status: { type: "string", required: true },
      urgency: { type: "string", required: true },
      /** Incremented by every change; events carry it so receivers can order them. */
      sequence: { type: "number", required: true },
      criteria: { type: "list", items: { type: "string" }, required: true },
      provinceCode: { type: "string", required: true },
      regencyCode: { type: "string", required: true },
      legalBasisType: { type: "string", required: true },
      personal: { type: "string", required: true },
      nikIndex: { type: "string", required: true },
      kkIndex: { type: "string", required: true },
      response: { type: "any" },
      /** Sent although the person had an open referral to the programme: the sender's reason. */
      duplicateReason: { type: "string" },
      /** Service-level clocks: deadlines, when each was met and whether late, escalations (./sla.ts). */
      sla: { type: "any" },
      /** After a consent withdrawal: the erasure deadline and the programme's confirmation. */
      erasure: { type: "any" },
      /** Outbox events about this referral, for the timeline's delivery status. */
      eventIDs: { type: "list", items: { type: "string" }, required: true },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      version: { type: "number", required: true },
      auditHash: { type: "string", required: true },
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["referralID"] }, sk: { field: "sk", composite: [] } },
      bySender: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["senderID"] },
        sk: { field: "gsi1sk", composite: ["createdAt"] },
      },
      byProgram: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["programID"] },
        sk: { field: "gsi2sk", composite: ["updatedAt"] },
      },
      byProgramStatus: {
        index: "gsi3",
        pk: { field: "gsi3pk", composite: ["programID", "status"] },
        sk: { field: "gsi3sk", composite: ["updatedAt"] },
      },
      byNik: {
        index: "gsi4",
        pk: { field: "gsi4pk", composite: ["nikIndex"] },
        sk: { field: "gsi4sk", composite: ["createdAt"] },
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

/** The open deadline of a referral: what is due, by when, and how far it has escalated. */
export const ReferralClockEntity = new Entity(
  {
    model: { entity: "refclock", version: "1", service: "atensi" },
    attributes: {
      referralID: { type: "string", required: true },
      programID: { type: "string", required: true },
      stage: { type: "string", required: true },
      dueAt: { type: "string", required: true },
      /** When the next escalation is due; NEVER once the last one was sent. */
      escalateAt: { type: "string", required: true },
      /** Escalations sent for this stage: 0, 1 (programme contacts), 2 (Kemensos staff too). */
      level: { type: "number", required: true },
      /** The stage's window unit: the staff escalation follows one working day or 24 hours later. */
      unit: { type: "string", required: true },
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["referralID"] }, sk: { field: "sk", composite: [] } },
      byProgram: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["programID"] },
        sk: { field: "gsi1sk", composite: ["dueAt"] },
      },
      byEscalation: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: [] },
        sk: { field: "gsi2sk", composite: ["escalateAt"] },
      },
    },
  },
  entityConfig(),
);

/** Deadlines of one programme that fell due in one month (Jakarta), met in time or late. */
export const SlaMonthEntity = new Entity(
  {
    model: { entity: "slamonth", version: "1", service: "atensi" },
    attributes: {
      programID: { type: "string", required: true },
      month: { type: "string", required: true },
      met: { type: "number" },
      late: { type: "number" },
    },
    indexes: {
      byProgram: {
        pk: { field: "pk", composite: ["programID"] },
        sk: { field: "sk", composite: ["month"] },
      },
    },
  },
  entityConfig(),
);
