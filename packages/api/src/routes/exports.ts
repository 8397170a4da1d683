import { Export } from "@atensi/core/export";
import { type Context, Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { query } from "../validate";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const xlsx = (c: Context, out: { body: Buffer; rows: number; fileName: string }) => {
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

/**
 * Spreadsheet exports of the staff lists and dashboard tables. Each takes the list's query
 * without paging and reads the list page by page through the same core function; more rows than
 * the cap (ATENSI_EXPORT_MAX_ROWS, default 100,000) is 413 naming a filter to narrow.
 */
export const spreadsheets = new Hono<AppEnv>()
  .get(
    "/partners.xlsx",
    exported("The LKS registry", "status, province"),
    query(Export.partners.schema),
    async (c) => xlsx(c, await Export.partners.trusted(c.req.valid("query"))),
  )
  .get(
    "/agreements.xlsx",
    exported("Partnership agreements", "status, province, cluster, partnerID"),
    query(Export.agreements.schema),
    async (c) => xlsx(c, await Export.agreements.trusted(c.req.valid("query"))),
  )
  .get(
    "/reports.xlsx",
    exported("Supervision reports", "status, agreementID"),
    query(Export.reports.schema),
    async (c) => xlsx(c, await Export.reports.trusted(c.req.valid("query"))),
  )
  .get(
    "/referrals.xlsx",
    exported("Cross-programme referrals (no beneficiary identity)", "status, programID, updated_since, nik"),
    query(Export.referrals.schema),
    async (c) => xlsx(c, await Export.referrals.trusted(c.req.valid("query"))),
  )
  .get(
    "/deliveries.xlsx",
    exported("An endpoint's webhook delivery log", "endpointID, status"),
    query(Export.deliveries.schema),
    async (c) => xlsx(c, await Export.deliveries.trusted(c.req.valid("query"))),
  )
  .get(
    "/dashboard.xlsx",
    exported("One dashboard table", "year, table"),
    query(Export.dashboard.schema),
    async (c) => xlsx(c, await Export.dashboard.trusted(c.req.valid("query"))),
  );
