import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { HubError } from "../error";

/**
 * Spreadsheets for staff, written by exceljs's streaming WorkbookWriter: each row is serialised
 * and zipped as it comes from the list's pager, so only the compressed file is held (a few MB for
 * 100,000 rows), never the rows. The file is finished before the answer starts, so a list over
 * the row cap is still a clean 413 rather than a cut-off download.
 */
export type ColumnType = "text" | "number" | "money" | "percent" | "date" | "datetime";
export type Column<T> = {
  /** Indonesian, as staff read it. */
  header: string;
  type: ColumnType;
  value: (row: T) => unknown;
  width?: number;
};
export type Sheet<T> = {
  name: string;
  columns: Column<T>[];
  rows: AsyncIterable<T>;
  /** The list's filters the caller left open, most useful first: a 413 names the first. */
  narrowBy: { field: string; hint: string }[];
};

/** Excel's codes; an Indonesian Excel shows them with its own separators (1.234,5; 03/12/2026). */
const FORMATS: Record<ColumnType, string | undefined> = {
  text: "@",
  number: "#,##0",
  money: '"Rp"#,##0',
  percent: "0.0%",
  date: "dd/mm/yyyy",
  datetime: "dd/mm/yyyy hh:mm",
};
const WIDTHS: Record<ColumnType, number> = {
  text: 24,
  number: 12,
  money: 18,
  percent: 10,
  date: 12,
  datetime: 17,
};

/** Jakarta's offset: an Excel time has no zone, so times are written as WIB wall-clock times. */
const WIB_MS = 7 * 3600e3;

/**
 * Text a spreadsheet would run as a formula is prefixed with a quote, as the CSV export does
 * (csv-stringify's `escape_formulas`): names and reasons come from LKS users.
 */
export const escapeFormula = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const cell = (type: ColumnType, value: unknown): ExcelJS.CellValue => {
  if (value === undefined || value === null || value === "") return null;
  switch (type) {
    case "number":
    case "money":
      return typeof value === "number" ? value : Number(value);
    case "percent":
      // The hub's figures are percentages (85.3); Excel's percent format wants the fraction.
      return typeof value === "number" ? value / 100 : null;
    case "date":
      return new Date(`${String(value).slice(0, 10)}T00:00:00Z`);
    case "datetime":
      return new Date(Date.parse(String(value)) + WIB_MS);
    default:
      return escapeFormula(Array.isArray(value) ? value.join(", ") : String(value));
  }
};

export const maxRows = () => Number(process.env.ATENSI_EXPORT_MAX_ROWS ?? 100_000) || 100_000;

const tooMany = (limit: number, narrowBy: Sheet<unknown>["narrowBy"]) => {
  const first = narrowBy[0];
  return new HubError(
    "too_large",
    "export_too_large",
    `More than ${limit.toLocaleString("id-ID")} rows: narrow the list before exporting${first ? ` (${first.field})` : ""}`,
    first ? { errors: [{ field: first.field, code: "narrow_export", message: first.hint }] } : {},
  );
};

/** A sink that keeps the zip's compressed chunks. */
const collector = () => {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, bytes: () => Buffer.concat(chunks) };
};

/** Writes one sheet: bold frozen header row with a filter, typed and formatted columns. */
export const writeXlsx = async <T>(sheet: Sheet<T>, limit = maxRows()) => {
  const out = collector();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out.stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "ATENSI Integration Hub (Kementerian Sosial)";
  workbook.created = new Date();
  const worksheet = workbook.addWorksheet(sheet.name.slice(0, 31), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  worksheet.columns = sheet.columns.map((c, i) => ({
    header: c.header,
    key: String(i),
    width: c.width ?? Math.max(WIDTHS[c.type], Math.min(40, c.header.length + 2)),
    style: { numFmt: FORMATS[c.type] },
  }));
  worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  const header = worksheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  let count = 0;
  for await (const row of sheet.rows) {
    if (++count > limit) throw tooMany(limit, sheet.narrowBy as Sheet<unknown>["narrowBy"]);
    worksheet.addRow(sheet.columns.map((c) => cell(c.type, c.value(row)))).commit();
  }
  worksheet.commit();
  await workbook.commit();
  return { body: out.bytes(), rows: count };
};
