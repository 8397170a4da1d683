import * as v from "valibot";
import { AGREEMENT_STATUSES } from "./agreement";
import { PartnerID, ProgramID, ReferralID } from "./common";
import { EVENT_TYPES, type EventType } from "./program";
import { REFERRAL_STATUSES, Referral } from "./referral";
import { REPORT_STATUSES } from "./report";

/**
 * What each webhook event carries in `data`. The outbox parses every event's data with its
 * schema before it is stored (core/src/outbox), and the OpenAPI document's `webhooks` section is
 * generated from the same schemas, so a receiver's documentation cannot drift from what it gets.
 */

/** A referral event after the referral left the programme's hands: its bare facts only. */
const ReferralFacts = v.object({
  id: ReferralID,
  programID: ProgramID,
  status: v.picklist(REFERRAL_STATUSES),
  /** Per-referral, from 1: receivers order a referral's events by it. */
  sequence: v.number(),
});

const SenderChange = v.object({
  referral: ReferralFacts,
  /** Why the sender did it, in its own words. */
  note: v.string(),
  /** What the programme must do now (after a consent withdrawal: stop processing and erase). */
  instruction: v.optional(v.string()),
});

const AgreementFacts = v.object({
  agreement: v.object({
    id: v.string(),
    /** The agreement number, once approved. */
    number: v.optional(v.string()),
    partnerID: PartnerID,
    partnerName: v.string(),
    title: v.string(),
    status: v.picklist(AGREEMENT_STATUSES),
    startDate: v.string(),
    endDate: v.string(),
    /** The agreement this one amends, if it is an amendment. */
    amends: v.optional(v.string()),
  }),
});

const ReportFacts = v.object({
  report: v.object({
    id: v.string(),
    agreementID: v.string(),
    partnerID: PartnerID,
    /** `YYYY-MM` or `YYYY-Qn`. */
    period: v.string(),
    status: v.picklist(REPORT_STATUSES),
    late: v.boolean(),
  }),
});

const ReportDue = v.object({
  report: v.object({
    agreementID: v.string(),
    partnerID: PartnerID,
    period: v.string(),
    dueDate: v.string(),
  }),
});

type EventDoc = { summary: string; data: v.GenericSchema };

export const WEBHOOK_EVENTS = {
  "referral.sent": {
    summary:
      "A referral to your programme: the beneficiary fields your programme may receive (NIK and No. KK in full)",
    data: v.object({ referral: Referral }),
  },
  "referral.cancelled": { summary: "The sender cancelled a referral", data: SenderChange },
  "referral.consent_withdrawn": {
    summary:
      "The person withdrew consent: stop processing their data for this referral, erase it, and confirm within 3 × 24 hours (POST /v1/referrals/{id}/erasure)",
    data: SenderChange,
  },
  "agreement.submitted": { summary: "An LKS submitted a partnership agreement", data: AgreementFacts },
  "agreement.approved": { summary: "A partnership agreement was approved", data: AgreementFacts },
  "agreement.rejected": { summary: "A partnership agreement was rejected", data: AgreementFacts },
  "agreement.activated": { summary: "A partnership agreement took effect", data: AgreementFacts },
  "agreement.expiring": { summary: "A partnership agreement ends soon", data: AgreementFacts },
  "agreement.expired": { summary: "A partnership agreement ended", data: AgreementFacts },
  "agreement.terminated": { summary: "A partnership agreement was terminated", data: AgreementFacts },
  "report.due": { summary: "A supervision report falls due soon", data: ReportDue },
  "report.overdue": { summary: "A supervision report was not submitted by its due date", data: ReportDue },
  "report.submitted": { summary: "An LKS submitted a supervision report", data: ReportFacts },
  "report.accepted": { summary: "A supervision report was accepted", data: ReportFacts },
} as const satisfies Record<EventType, EventDoc>;

/** The Standard Webhooks body of one event type: `{ type, timestamp, data }`. */
export const webhookBody = (type: EventType) =>
  v.object({
    type: v.literal(type),
    /** When the event occurred (ISO 8601). */
    timestamp: v.string(),
    data: WEBHOOK_EVENTS[type].data,
  });

/** The event's data as documented; throws on data that does not fit (a hub bug, not bad input). */
export const eventData = (type: string, data: Record<string, unknown>) => {
  if (!(EVENT_TYPES as readonly string[]).includes(type)) throw new Error(`Unknown event type ${type}`);
  const result = v.safeParse(WEBHOOK_EVENTS[type as EventType].data, data);
  if (!result.success)
    throw new Error(
      `Event ${type} does not fit its documented schema: ${result.issues
        .map((i) => `${v.getDotPath(i) ?? "data"}: ${i.message}`)
        .join("; ")}`,
    );
  return result.output as Record<string, unknown>;
};
