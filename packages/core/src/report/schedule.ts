/**
 * When the reporting schedule next has something to do for an agreement. Kept apart from the
 * report module's index so the agreement module can start a tracker in its activation
 * transaction without importing the report module (which imports the agreement module).
 */
import { txStep } from "../db/support";
import { TrackerEntity } from "./entity";
import { type Cadence, dueDateOf, periodsBetween } from "./period";

/** The first reminder goes out this many days before a period's due date (it is then "due soon"). */
export const DUE_SOON_DAYS = 7;
/** The final reminder: the day before the due date. */
export const FINAL_REMINDER_DAYS = 1;
/** Nothing left to do (sorts after every real date). */
export const NOTHING_DUE = "9999-12-31";

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400e3).toISOString().slice(0, 10);

type Term = { startDate: string; endDate: string; reportingCadence: string };
type Progress = { countedThrough?: string; remindedFor?: string; finalRemindedFor?: string };

export namespace ReportSchedule {
  /**
   * The first period not yet counted decides: its first reminder, then its final one (each
   * unless already handled), else the day after its due date, when it counts as expected.
   */
  export const nextCheck = (term: Term, progress: Progress) => {
    const next = periodsBetween(term.startDate, term.endDate, term.reportingCadence as Cadence).find(
      (p) => !progress.countedThrough || p > progress.countedThrough,
    );
    if (!next) return NOTHING_DUE;
    const due = dueDateOf(next);
    const reminded = !!progress.remindedFor && progress.remindedFor >= next;
    const finallyReminded = !!progress.finalRemindedFor && progress.finalRemindedFor >= next;
    if (!reminded) return addDays(due, -DUE_SOON_DAYS);
    return finallyReminded ? addDays(due, 1) : addDays(due, -FINAL_REMINDER_DAYS);
  };

  /** The transaction step that starts an agreement's tracker (in its activation). */
  export const start = (agreement: Term & { agreementID: string }) =>
    txStep(TrackerEntity.put({ agreementID: agreement.agreementID, checkOn: nextCheck(agreement, {}) }));
}
