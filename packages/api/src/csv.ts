import { stringify } from "csv-stringify/sync";

/**
 * CSV for spreadsheet users. Text a spreadsheet would run as a formula (a partner named
 * `=HYPERLINK(…)`, say) is prefixed with a quote so it opens as text: staff open these exports
 * in Excel, and names come from LKS registrations.
 */
export const toCsv = (rows: Record<string, unknown>[], columns: readonly string[]) =>
  stringify(rows, { header: true, columns: [...columns], escape_formulas: true });
