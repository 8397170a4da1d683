/** Reporting periods: `YYYY-MM` (monthly) or `YYYY-Qn` (quarterly), and their due dates. */
export type Cadence = "monthly" | "quarterly";

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

export const periodRange = (period: string) => {
  const year = Number(period.slice(0, 4));
  const quarter = /Q([1-4])$/.exec(period)?.[1];
  const firstMonth = quarter ? (Number(quarter) - 1) * 3 + 1 : Number(period.slice(5, 7));
  const lastMonth = quarter ? firstMonth + 2 : firstMonth;
  return { start: iso(year, firstMonth, 1), end: iso(year, lastMonth + 1, 0) };
};

export const cadenceOf = (period: string): Cadence => (period.includes("Q") ? "quarterly" : "monthly");

/** The due day of the month after the period ends (ATENSI_REPORT_DUE_DAY, default the 10th). */
export const dueDateOf = (period: string) => {
  const day = Math.min(Math.max(Number(process.env.ATENSI_REPORT_DUE_DAY ?? 10) || 10, 1), 28);
  const end = periodRange(period).end;
  const [y, m] = end.split("-").map(Number) as [number, number];
  return iso(y, m + 1, day);
};

const periodOf = (date: string, cadence: Cadence) =>
  cadence === "monthly"
    ? date.slice(0, 7)
    : `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;

/** Every period of a term, in order. */
export const periodsBetween = (startDate: string, endDate: string, cadence: Cadence) => {
  const periods: string[] = [];
  let cursor = startDate;
  while (cursor <= endDate) {
    const period = periodOf(cursor, cadence);
    if (periods.at(-1) !== period) periods.push(period);
    const { end } = periodRange(period);
    cursor = new Date(Date.parse(`${end}T00:00:00Z`) + 86400e3).toISOString().slice(0, 10);
  }
  return periods;
};
