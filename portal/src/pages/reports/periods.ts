import { locale, t } from "../../i18n";

/** Reporting periods as the API names them: `YYYY-MM` (monthly) or `YYYY-Qn` (quarterly). */
export type Cadence = "monthly" | "quarterly";

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

export const periodRange = (period: string) => {
  const year = Number(period.slice(0, 4));
  const quarter = /Q([1-4])$/.exec(period)?.[1];
  const firstMonth = quarter ? (Number(quarter) - 1) * 3 + 1 : Number(period.slice(5, 7));
  const lastMonth = quarter ? firstMonth + 2 : firstMonth;
  return { start: iso(year, firstMonth, 1), end: iso(year, lastMonth + 1, 0) };
};

const periodOf = (date: string, cadence: Cadence) =>
  cadence === "monthly"
    ? date.slice(0, 7)
    : `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;

/** Every period of a term, in order. */
export const periodsBetween = (startDate: string, endDate: string, cadence: Cadence) => {
  const periods: string[] = [];
  let cursor = startDate;
  for (let guard = 0; cursor <= endDate && guard < 1200; guard++) {
    const period = periodOf(cursor, cadence);
    if (periods.at(-1) !== period) periods.push(period);
    const { end } = periodRange(period);
    cursor = new Date(Date.parse(`${end}T00:00:00Z`) + 86400e3).toISOString().slice(0, 10);
  }
  return periods;
};

/** Dates in the programme are Jakarta dates (WIB, UTC+7). */
export const todayInJakarta = (at = Date.now()) => new Date(at + 7 * 3600e3).toISOString().slice(0, 10);

/** The periods of an agreement that have started (latest first): the ones a report can be opened for. */
export const startedPeriods = (agreement: {
  startDate: string;
  endDate: string;
  reportingCadence: string;
}) => {
  const today = todayInJakarta();
  return periodsBetween(agreement.startDate, agreement.endDate, agreement.reportingCadence as Cadence)
    .filter((p) => periodRange(p).start <= today)
    .reverse();
};

const ROMAN = ["I", "II", "III", "IV"];

/** "2026-01" → "Januari 2026"; "2026-Q1" → "Triwulan I 2026". */
export const periodLabel = (period: string) => {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return t("period.quarter", { q: ROMAN[Number(quarter[2]) - 1] ?? "", year: quarter[1] ?? "" });
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (!month) return period;
  const date = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
  return new Intl.DateTimeFormat(locale() === "id" ? "id-ID" : "en-GB", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(date);
};
