/**
 * When the reporting schedule next has something to do for an agreement. Kept apart from the
 * report module's index so the agreement module can start a tracker in its activation
 * transaction without importing the report module (which imports the agreement module).
 */
import { txStep } from "../db/support";
import { TrackerEntity } from "./entity";
import { type Cadence, dueDateOf, periodsBetween } from "./period";

/** A due-soon notice goes out this many days before a period's due date. */
export const DUE_SOON_DAYS = 5;
/** Nothing left to do (sorts after every real date). */
export const NOTHING_DUE = "9999-12-31";

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400e3).toISOString().slice(0, 10);

type Term = { startDate: string; endDate: string; reportingCadence: string };
type Progress = { countedThrough?: string; remindedFor?: string };

export namespace ReportSchedule {
  /**
   * The first period not yet counted decides: its due-soon notice (unless already handled),
   * else the day after its due date, when it counts as expected.
   */
  export const nextCheck = (term: Term, progress: Progress) => {
    const next = periodsBetween(term.startDate, term.endDate, term.reportingCadence as Cadence).find(
      (p) => !progress.countedThrough || p > progress.countedThrough,
    );
    if (!next) return NOTHING_DUE;
    const due = dueDateOf(next);
    const reminded = !!progress.remindedFor && progress.remindedFor >= next;
    return reminded ? addDays(due, 1) : addDays(due, -DUE_SOON_DAYS);
  };

  /** The transaction step that starts an agreement's tracker (in its activation). */
  export const start = (agreement: Term & { agreementID: string }) =>
    txStep(TrackerEntity.put({ agreementID: agreement.agreementID, checkOn: nextCheck(agreement, {}) }));
}
