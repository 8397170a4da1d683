/**
 * Prints Indonesia's public holidays of a year as date-holidays computes them, in the form of an
 * entry of src/clock/holidays.ts: the starting point for a year whose SKB is not signed yet.
 *   pnpm exec tsx packages/core/scripts/holidays.ts 2028
 */
import { computedHolidays } from "./computed-holidays";

const year = Number(process.argv[2]);
if (!Number.isInteger(year)) throw new Error("usage: holidays.ts <year>");
console.log(JSON.stringify(computedHolidays(year), null, 2));
