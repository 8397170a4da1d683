import * as v from "valibot";
import { ProgramID, pageQueryEntries } from "./common";

/**
 * Service levels of referrals: how long a programme has to acknowledge a referral and to decide
 * on it (accept or reject), per urgency. Counted from when the referral is sent. Working days
 * skip weekends, national holidays and cuti bersama (core's clock keeps the list); hours do not,
 * because an urgent case (respon kasus) does not wait for a holiday.
 */
export const SLA_UNITS = ["hours", "working_days"] as const;
export type SlaUnit = (typeof SLA_UNITS)[number];

export const SlaWindow = v.strictObject({
  unit: v.picklist(SLA_UNITS, "hours or working_days"),
  amount: v.pipe(
    v.number("A number"),
    v.integer("A whole number"),
    v.minValue(1, "At least 1"),
    v.maxValue(720, "At most 720"),
  ),
});
export type SlaWindow = v.InferOutput<typeof SlaWindow>;

export const ServiceLevel = v.strictObject({ acknowledge: SlaWindow, decide: SlaWindow });
export type ServiceLevel = v.InferOutput<typeof ServiceLevel>;

/** A programme's own service levels; an urgency it leaves out keeps the default. */
export const ProgramServiceLevels = v.strictObject({
  routine: v.optional(ServiceLevel),
  respon_kasus: v.optional(ServiceLevel),
});
export type ProgramServiceLevels = v.InferOutput<typeof ProgramServiceLevels>;

/** The defaults: respon kasus within 24 hours and 3 days, routine within 3 and 14 working days. */
export const DEFAULT_SERVICE_LEVELS: Record<"routine" | "respon_kasus", ServiceLevel> = {
  respon_kasus: { acknowledge: { unit: "hours", amount: 24 }, decide: { unit: "hours", amount: 72 } },
  routine: {
    acknowledge: { unit: "working_days", amount: 3 },
    decide: { unit: "working_days", amount: 14 },
  },
};

export const SLA_STAGES = ["acknowledge", "decide", "erasure"] as const;
export type SlaStage = (typeof SLA_STAGES)[number];

/** A referral's clocks as readers see them: the deadlines, when each was met, what is due now. */
export const ReferralSla = v.object({
  acknowledgeBy: v.string(),
  decideBy: v.string(),
  acknowledgedAt: v.optional(v.string()),
  acknowledgedLate: v.optional(v.boolean()),
  decidedAt: v.optional(v.string()),
  decidedLate: v.optional(v.boolean()),
  /** The open deadline, while one is open: overdue, or the seconds left. */
  due: v.optional(
    v.object({
      stage: v.picklist(SLA_STAGES),
      at: v.string(),
      overdue: v.boolean(),
      secondsLeft: v.number(),
    }),
  ),
  /** How many escalation notices were sent (1: programme contacts, 2: Kemensos staff as well). */
  escalations: v.number(),
});
export type ReferralSla = v.InferOutput<typeof ReferralSla>;

/** Staff view: one month's compliance of one programme (deadlines that fell due that month). */
export const SlaMonth = v.object({
  month: v.string(),
  met: v.number(),
  late: v.number(),
  /** met / (met + late), or absent when nothing fell due. */
  compliance: v.optional(v.number()),
});
export type SlaMonth = v.InferOutput<typeof SlaMonth>;

export const SlaQuery = v.strictObject({ programID: ProgramID, ...pageQueryEntries });

/** The programme inbox: a programme (API key) reads its own; staff name the programme. */
export const ReferralInboxQuery = v.strictObject({
  programID: v.optional(ProgramID),
  ...pageQueryEntries,
});

/** Within 3 × 24 hours of a consent withdrawal the programme confirms what it did (UU PDP 27/2022). */
export const ERASURE_HOURS = 72;
export const ERASURE_MEASURES = ["erased", "restricted"] as const;

export const ErasureConfirm = v.strictObject({
  measure: v.picklist(ERASURE_MEASURES, "erased or restricted"),
  note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(1000, "At most 1000 characters"))),
});
export type ErasureConfirm = v.InferOutput<typeof ErasureConfirm>;

/** The erasure clock of a referral whose consent was withdrawn. */
export const ReferralErasure = v.object({
  dueBy: v.string(),
  confirmedAt: v.optional(v.string()),
  measure: v.optional(v.picklist(ERASURE_MEASURES)),
  late: v.optional(v.boolean()),
  overdue: v.boolean(),
  secondsLeft: v.optional(v.number()),
  escalations: v.number(),
});
export type ReferralErasure = v.InferOutput<typeof ReferralErasure>;
