import { Export } from "@atensi/core/export";
import type { Fn } from "@atensi/core/fn";
import { type Context, Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { query } from "../validate";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const xlsx = (c: Context, out: Workbook) => {
  c.header("content-type", XLSX);
  c.header("content-disposition", `attachment; filename="${out.fileName}"`);
  c.header("x-export-rows", String(out.rows));
  c.header("cache-control", "no-store");
  return c.body(new Uint8Array(out.body));
};

const exported = (what: string, filters: string) =>
  doc({
    tag: "exports",
    summary: `${what} as an Excel workbook (XLSX), with the list's own filters (${filters}); the list's authorization and tenant scoping apply`,
    ok: {
      schema: v.string(),
      mediaType: XLSX,
      description:
        "One sheet: Indonesian headers, frozen header row with a filter, typed cells (numbers, rupiah, dates and WIB times in Indonesian formats); `X-Export-Rows` carries the row count",
    },
    problems: [400, 401, 403, 404, 413],
  });

type Workbook = { body: Buffer; rows: number; fileName: string };
type Exporter<S extends v.GenericSchema> = Fn<S, [], Promise<Workbook>>;

/** One export route: the list's own query schema, the core exporter, the workbook as the answer. */
const spreadsheet = <S extends v.GenericSchema>(
  app: Hono<AppEnv>,
  name: string,
  exporter: Exporter<S>,
  what: string,
  filters: string,
) =>
  app.get(`/${name}.xlsx`, exported(what, filters), query(exporter.schema), async (c) =>
    xlsx(c, await exporter.trusted(c.req.valid("query") as v.InferOutput<S>)),
  );

/**
 * Spreadsheet exports of the staff lists and dashboard tables. Each takes the list's query
 * without paging and reads the list page by page through the same core function; more rows than
 * the cap (ATENSI_EXPORT_MAX_ROWS, default 100,000) is 413 naming a filter to narrow. The portal
 * links to them (downloads, not `hc` calls), so they are registered from one table.
 */
export const spreadsheets = new Hono<AppEnv>();
spreadsheet(spreadsheets, "partners", Export.partners, "The LKS registry", "status, province");
spreadsheet(
  spreadsheets,
  "agreements",
  Export.agreements,
  "Partnership agreements",
  "status, province, cluster, partnerID",
);
spreadsheet(spreadsheets, "reports", Export.reports, "Supervision reports", "status, agreementID");
spreadsheet(
  spreadsheets,
  "referrals",
  Export.referrals,
  "Cross-programme referrals (no beneficiary identity)",
  "status, programID, updated_since, nik",
);
spreadsheet(
  spreadsheets,
  "deliveries",
  Export.deliveries,
  "An endpoint's webhook delivery log",
  "endpointID, status",
);
spreadsheet(spreadsheets, "dashboard", Export.dashboard, "One dashboard table", "year, table");
