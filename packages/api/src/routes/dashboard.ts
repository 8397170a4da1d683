import { DashboardExportQuery } from "@atensi/contracts";
import { Dashboard } from "@atensi/core/dashboard";
import { Hono } from "hono";
import * as v from "valibot";
import { toCsv } from "../csv";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { query } from "../validate";

const Row = v.object({
  key: v.string(),
  label: v.optional(v.string()),
  target: v.number(),
  realised: v.number(),
  realisationPercent: v.nullable(v.number()),
  expected: v.number(),
  submitted: v.number(),
  onTime: v.number(),
  completenessPercent: v.nullable(v.number()),
  timelinessPercent: v.nullable(v.number()),
});
const Summary = v.object({
  year: v.string(),
  total: v.object({ target: v.number(), realised: v.number(), realisationPercent: v.nullable(v.number()) }),
  reporting: v.object({
    expected: v.number(),
    submitted: v.number(),
    onTime: v.number(),
    completenessPercent: v.nullable(v.number()),
    timelinessPercent: v.nullable(v.number()),
  }),
  clusters: v.array(Row),
  provinces: v.array(Row),
  periods: v.array(Row),
});
const COLUMNS = [
  "key",
  "label",
  "target",
  "realised",
  "realisationPercent",
  "expected",
  "submitted",
  "onTime",
  "completenessPercent",
  "timelinessPercent",
];

/** Programme dashboards (staff): bounded reads of aggregates kept by the writes themselves. */
export const dashboard = new Hono<AppEnv>()
  .get(
    "/",
    doc({
      tag: "dashboard",
      summary:
        "Target vs realisation and reporting completeness/timeliness per cluster, province and period for a year",
      ok: { schema: Summary },
      problems: [400, 401, 403],
    }),
    query(Dashboard.summary.schema),
    async (c) => c.json(await Dashboard.summary.trusted(c.req.valid("query")), 200),
  )
  .get(
    "/partners",
    doc({
      tag: "dashboard",
      summary: "The same figures per partner, a page at a time",
      ok: { schema: v.object({ year: v.string(), items: v.array(Row), nextCursor: v.nullable(v.string()) }) },
      problems: [400, 401, 403],
    }),
    query(Dashboard.partners.schema),
    async (c) => c.json(await Dashboard.partners.trusted(c.req.valid("query")), 200),
  )
  .get(
    "/export",
    doc({
      tag: "dashboard",
      summary: "One dashboard table as CSV (all partners, page by page on the server)",
      ok: { schema: v.string(), description: "The table as CSV (UTF-8)", mediaType: "text/csv" },
      problems: [400, 401, 403],
    }),
    query(DashboardExportQuery),
    async (c) => {
      const { year, table } = c.req.valid("query");
      let rows: Record<string, unknown>[];
      if (table === "partners") {
        rows = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof Dashboard.partners>> = await Dashboard.partners.trusted({
            year,
            limit: 100,
            ...(cursor ? { cursor } : {}),
          });
          rows.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
      } else {
        rows = (await Dashboard.summary.trusted({ year }))[table];
      }
      c.header("content-type", "text/csv; charset=utf-8");
      c.header("content-disposition", `attachment; filename="atensi-${table}-${year}.csv"`);
      return c.body(toCsv(rows, COLUMNS));
    },
  );
