/**
 * Where the portal's downloads come from: the API writes the files (XLSX exports with the list's
 * own filters, PDFs with their verification codes), so the portal links to them and the browser
 * downloads what the API answers (`content-disposition`).
 */
export type ExportList = "partners" | "agreements" | "reports" | "referrals" | "deliveries" | "dashboard";

const query = (filters: Record<string, string | undefined>) => {
  const defined = Object.entries(filters).filter((e): e is [string, string] => !!e[1]);
  return defined.length ? `?${new URLSearchParams(defined)}` : "";
};

/** The XLSX of a list exactly as filtered on screen. */
export const xlsxUrl = (list: ExportList, filters: Record<string, string | undefined> = {}) =>
  `/v1/exports/${list}.xlsx${query(filters)}`;

export type PrintableKind = "reports" | "agreements" | "referrals";

/** The printable PDF of a record (an accepted report, an approved agreement, a referral letter). */
export const pdfUrl = (kind: PrintableKind, id: string) => `/v1/documents/${kind}/${id}`;
