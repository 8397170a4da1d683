import Holidays from "date-holidays";

/** Indonesia's public holidays of a year as date-holidays computes them (a dev dependency). */
export const computedHolidays = (year: number) => [
  ...new Set(
    new Holidays("ID", { types: ["public"] })
      .getHolidays(year)
      .map((h) => h.date.slice(0, 10))
      .sort(),
  ),
];
