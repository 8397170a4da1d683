import { type ExportList, type PrintableKind, pdfUrl, xlsxUrl } from "../data/exports";
import { t } from "../i18n";

/** Downloads the list as an Excel workbook with the filters shown (all rows, not only the page). */
export const XlsxButton = (props: {
  list: ExportList;
  filters?: Record<string, string | undefined>;
  /** What is exported, for screen readers when several buttons share a page. */
  label?: string;
}) => (
  <a
    class="button small"
    href={xlsxUrl(props.list, props.filters)}
    download=""
    data-testid={`xlsx-${props.list}${props.filters?.table ? `-${props.filters.table}` : ""}`}
  >
    {t("download.xlsx")}
    {props.label ? <span class="sr-only"> ({props.label})</span> : null}
  </a>
);

/** Opens the record's printable PDF (with its version and verification code). */
export const PdfButton = (props: { kind: PrintableKind; id: string; label: string }) => (
  <a
    class="button small"
    href={pdfUrl(props.kind, props.id)}
    target="_blank"
    rel="noopener"
    data-testid={`pdf-${props.kind}`}
  >
    {props.label}
  </a>
);
