import {
  DEFAULT_SERVICE_LEVELS,
  ERASURE_HOURS,
  type ProgramServiceLevels,
  type ReferralErasure,
  type ReferralSla,
  type SlaStage,
  type SlaUnit,
  type SlaWindow,
} from "@atensi/contracts";
import { Clock } from "../clock";
import type { Database } from "../db";
import { txStep } from "../db/support";
import { ReferralClockEntity, SlaMonthEntity } from "./entity";

/** What a referral stores about its clocks (the `sla` attribute). */
export type SlaState = {
  acknowledgeBy: string;
  decideBy: string;
  acknowledgedAt?: string;
  acknowledgedLate?: boolean;
  decidedAt?: string;
  decidedLate?: boolean;
  /** The open stage; absent once decided, cancelled or withdrawn. */
  stage?: SlaStage;
  units: Record<"acknowledge" | "decide", SlaUnit>;
  escalations: number;
};

/** An escalation time that never comes: the clock stays indexed for the inbox, not for the sweep. */
export const NEVER = "9999-12-31T23:59:59.999Z";

const iso = (ms: number) => new Date(ms).toISOString();

const deadline = (from: number, window: SlaWindow) =>
  window.unit === "hours" ? from + window.amount * 3600e3 : Clock.addWorkingDays(from, window.amount);

/** When Kemensos staff are told, after the programme's contacts were told at the deadline. */
export const staffEscalationAt = (dueAt: string, unit: SlaUnit) =>
  iso(unit === "hours" ? Date.parse(dueAt) + 24 * 3600e3 : Clock.addWorkingDays(Date.parse(dueAt), 1));

const clockStep = (referralID: string, programID: string, stage: SlaStage, dueAt: string, unit: SlaUnit) =>
  txStep(ReferralClockEntity.put({ referralID, programID, stage, dueAt, escalateAt: dueAt, level: 0, unit }));

const jakartaMonth = (at: string) => Clock.dayInJakarta(at).slice(0, 7);

/** One month's counters, merged so a transaction touches each month's item once. */
const statSteps = (programID: string, outcomes: { dueAt: string; late: boolean }[]) => {
  const months = new Map<string, { met: number; late: number }>();
  for (const o of outcomes) {
    const month = jakartaMonth(o.dueAt);
    const m = months.get(month) ?? { met: 0, late: 0 };
    if (o.late) m.late++;
    else m.met++;
    months.set(month, m);
  }
  return [...months].map(([month, m]) =>
    txStep(
      SlaMonthEntity.update({ programID, month }).add({
        ...(m.met ? { met: m.met } : {}),
        ...(m.late ? { late: m.late } : {}),
      }),
    ),
  );
};

/** What a referral stores after a consent withdrawal (the `erasure` attribute). */
export type ErasureState = {
  dueBy: string;
  confirmedAt?: string;
  measure?: "erased" | "restricted";
  late?: boolean;
  escalations: number;
};

/**
 * A withdrawal stops the answer clocks and starts the erasure clock: 3 × 24 hours for the
 * programme to confirm erasure or restriction, escalated like any other deadline. The clock item
 * is replaced (one per referral), so the inbox and the sweep see the new deadline.
 */
const withdrawal = (referralID: string, programID: string, state: SlaState | undefined) => {
  const dueBy = iso(Clock.now() + ERASURE_HOURS * 3600e3);
  const erasure: ErasureState = { dueBy, escalations: 0 };
  const { stage: _stopped, ...rest } = state ?? ({} as SlaState);
  return {
    ...(state ? { state: rest as SlaState } : {}),
    erasure,
    steps: [clockStep(referralID, programID, "erasure", dueBy, "hours")],
  };
};

export namespace Sla {
  /** The deadlines of a new referral, from its programme's service levels, and its first clock. */
  export const start = (
    referralID: string,
    program: { programID: string; serviceLevels?: unknown },
    urgency: "routine" | "respon_kasus",
  ) => {
    const levels = (program.serviceLevels ?? {}) as ProgramServiceLevels;
    const level = levels[urgency] ?? DEFAULT_SERVICE_LEVELS[urgency];
    const now = Clock.now();
    const state: SlaState = {
      acknowledgeBy: iso(deadline(now, level.acknowledge)),
      decideBy: iso(deadline(now, level.decide)),
      stage: "acknowledge",
      units: { acknowledge: level.acknowledge.unit, decide: level.decide.unit },
      escalations: 0,
    };
    return {
      state,
      steps: [
        clockStep(referralID, program.programID, "acknowledge", state.acknowledgeBy, level.acknowledge.unit),
      ],
    };
  };

  /**
   * How an action moves the clocks: acknowledging meets (or misses) the first deadline and opens
   * the second; a decision closes both; a cancellation or withdrawal stops them. Deadlines met or
   * missed are counted in their month. `late` goes into the audit event.
   */
  export const onAction = (
    referralID: string,
    programID: string,
    state: SlaState | undefined,
    action: string,
  ): { state?: SlaState; erasure?: ErasureState; steps: Database.Step[]; late?: boolean } => {
    if (action === "withdraw_consent") return withdrawal(referralID, programID, state);
    if (!state?.stage) return { steps: [] };
    const now = Clock.nowISO();
    const clock = { referralID };
    if (action === "acknowledge" && state.stage === "acknowledge") {
      const late = now > state.acknowledgeBy;
      return {
        late,
        state: { ...state, acknowledgedAt: now, acknowledgedLate: late, stage: "decide", escalations: 0 },
        steps: [
          clockStep(referralID, programID, "decide", state.decideBy, state.units.decide),
          ...statSteps(programID, [{ dueAt: state.acknowledgeBy, late }]),
        ],
      };
    }
    if (action === "accept" || action === "reject") {
      const late = now > state.decideBy;
      const acknowledged =
        state.stage === "acknowledge"
          ? { acknowledgedAt: now, acknowledgedLate: now > state.acknowledgeBy }
          : {};
      const { stage: _closed, ...rest } = state;
      return {
        late,
        state: { ...rest, ...acknowledged, decidedAt: now, decidedLate: late },
        steps: [
          txStep(ReferralClockEntity.delete(clock)),
          ...statSteps(programID, [
            ...(state.stage === "acknowledge"
              ? [{ dueAt: state.acknowledgeBy, late: now > state.acknowledgeBy }]
              : []),
            { dueAt: state.decideBy, late },
          ]),
        ],
      };
    }
    if (action === "cancel") {
      const { stage: _stopped, ...rest } = state;
      return { state: rest, steps: [txStep(ReferralClockEntity.delete(clock))] };
    }
    return { steps: [] };
  };

  /** The clocks as a reader sees them, with the time left (negative once overdue) at this instant. */
  export const view = (state: SlaState | undefined): ReferralSla | undefined => {
    if (!state) return undefined;
    const now = Clock.now();
    const at = state.stage === "acknowledge" ? state.acknowledgeBy : state.decideBy;
    return {
      acknowledgeBy: state.acknowledgeBy,
      decideBy: state.decideBy,
      ...(state.acknowledgedAt ? { acknowledgedAt: state.acknowledgedAt } : {}),
      ...(state.acknowledgedLate !== undefined ? { acknowledgedLate: state.acknowledgedLate } : {}),
      ...(state.decidedAt ? { decidedAt: state.decidedAt } : {}),
      ...(state.decidedLate !== undefined ? { decidedLate: state.decidedLate } : {}),
      ...(state.stage
        ? {
            due: {
              stage: state.stage,
              at,
              overdue: now > Date.parse(at),
              secondsLeft: Math.round((Date.parse(at) - now) / 1000),
            },
          }
        : {}),
      escalations: state.escalations,
    };
  };
}

/** The erasure clock as a reader sees it. */
export const erasureView = (e: ErasureState | undefined): ReferralErasure | undefined => {
  if (!e) return undefined;
  const now = Clock.now();
  const open = !e.confirmedAt;
  return {
    dueBy: e.dueBy,
    ...(e.confirmedAt ? { confirmedAt: e.confirmedAt } : {}),
    ...(e.measure ? { measure: e.measure } : {}),
    ...(e.late !== undefined ? { late: e.late } : {}),
    overdue: open && now > Date.parse(e.dueBy),
    ...(open ? { secondsLeft: Math.round((Date.parse(e.dueBy) - now) / 1000) } : {}),
    escalations: e.escalations,
  };
};
