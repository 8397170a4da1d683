import { nonWorkingDays } from "./holidays";

export { MAINTAINED as MAINTAINED_HOLIDAYS, nonWorkingDays } from "./holidays";

/** Western Indonesia Time (WIB, UTC+7): Kemensos's office hours and the SKB's calendar days. */
const WIB_MS = 7 * 3600e3;
const DAY_MS = 86400e3;

let offsetMs = 0;
let frozenAt: number | undefined;

const wibDay = (ms: number) => new Date(ms + WIB_MS).toISOString().slice(0, 10);
const wibWeekday = (ms: number) => new Date(ms + WIB_MS).getUTCDay();

/**
 * The time service-level clocks read. In production it is the system time; tests move it
 * (`Clock.set`, `Clock.advance`) instead of sleeping, and every deadline, overdue check and
 * escalation reads it here, so a test can stand at any instant of a referral's life.
 */
export namespace Clock {
  export const now = () => frozenAt ?? Date.now() + offsetMs;
  export const nowISO = () => new Date(now()).toISOString();

  /** Tests: stop the clock at an instant. */
  export const set = (at: string | number) => {
    frozenAt = typeof at === "number" ? at : Date.parse(at);
  };
  /** Tests: move the clock forward (frozen or running). */
  export const advance = (ms: number) => {
    if (frozenAt !== undefined) frozenAt += ms;
    else offsetMs += ms;
  };
  /** Tests: back to the system time. */
  export const reset = () => {
    frozenAt = undefined;
    offsetMs = 0;
  };

  /** The calendar day in Jakarta of an instant (`YYYY-MM-DD`). */
  export const dayInJakarta = (at: number | string) => wibDay(typeof at === "number" ? at : Date.parse(at));

  /** Whether government offices work on the Jakarta day of `at`: not a weekend, holiday or cuti bersama. */
  export const isWorkingDay = (at: number) => {
    const weekday = wibWeekday(at);
    if (weekday === 0 || weekday === 6) return false;
    const day = wibDay(at);
    return !nonWorkingDays(Number(day.slice(0, 4))).has(day);
  };

  /**
   * The end (23:59:59.999 WIB) of the `n`th working day after the Jakarta day of `from`: a
   * referral received on Friday with 3 working days is due at the end of Wednesday, or later when
   * a holiday or cuti bersama falls in between.
   */
  export const addWorkingDays = (from: number, n: number) => {
    const startOfDay = Date.parse(`${wibDay(from)}T00:00:00Z`) - WIB_MS;
    let day = startOfDay;
    let counted = 0;
    while (counted < n) {
      day += DAY_MS;
      if (isWorkingDay(day)) counted++;
    }
    return day + DAY_MS - 1;
  };
}
