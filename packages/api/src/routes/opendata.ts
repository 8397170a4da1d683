import { DashboardQuery } from "@atensi/contracts";
import { OPEN_DATA_SCHEMA, OpenData } from "@atensi/core/opendata";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { params, query } from "../validate";

const Row = v.object({
  tahun: v.number(),
  periode: v.string(),
  kode_provinsi: v.string(),
  nama_provinsi: v.string(),
  klaster: v.string(),
  jumlah_penerima_manfaat: v.string(),
});
const Table = v.object({
  schema: v.record(v.string(), v.unknown()),
  year: v.string(),
  generatedAt: v.string(),
  rows: v.array(Row),
});
const YearParam = v.strictObject({ year: DashboardQuery.entries.year });

/**
 * Open data (public, for Satu Data Indonesia): persons served per province, cluster and period,
 * small counts suppressed. The live table, its schema, and the files the schedule publishes.
 */
export const openData = new Hono<AppEnv>()
  .get(
    "/schema",
    doc({
      tag: "open-data",
      summary: "The table's schema (Frictionless Table Schema, Indonesian field names, suppression rule)",
      ok: { schema: v.record(v.string(), v.unknown()) },
      problems: [],
      public: true,
    }),
    (c) => {
      c.header("cache-control", "public, max-age=3600");
      return c.json(OPEN_DATA_SCHEMA as unknown as Record<string, unknown>, 200);
    },
  )
  .get(
    "/atensi.json",
    doc({
      tag: "open-data",
      summary: 'A year\'s table as it stands, with its schema; cells under 10 persons read "<10"',
      ok: { schema: Table },
      problems: [400],
      public: true,
    }),
    query(DashboardQuery),
    async (c) => {
      c.header("cache-control", "public, max-age=300");
      return c.json(OpenData.json(await OpenData.table.trusted(c.req.valid("query"))), 200);
    },
  )
  .get(
    "/atensi.csv",
    doc({
      tag: "open-data",
      summary: "The same table as CSV (UTF-8, the schema's columns)",
      ok: { schema: v.string(), mediaType: "text/csv", description: "The table as CSV" },
      problems: [400],
      public: true,
    }),
    query(DashboardQuery),
    async (c) => {
      const { year } = c.req.valid("query");
      const table = await OpenData.table.trusted({ year });
      c.header("cache-control", "public, max-age=300");
      c.header("content-type", "text/csv; charset=utf-8");
      c.header("content-disposition", `attachment; filename="atensi-${year}.csv"`);
      return c.body(OpenData.csv(table.rows));
    },
  )
  .get(
    "/files/:year/atensi.csv",
    doc({
      tag: "open-data",
      summary:
        "The CSV file the schedule published for a year (this year's and last year's), as last written",
      ok: { schema: v.string(), mediaType: "text/csv", description: "The published CSV" },
      problems: [400, 404],
      public: true,
    }),
    params(YearParam),
    async (c) => {
      const body = await OpenData.published(c.req.valid("param").year, "csv");
      c.header("content-type", "text/csv; charset=utf-8");
      c.header("cache-control", "public, max-age=300");
      return c.body(new Uint8Array(body));
    },
  )
  .get(
    "/files/:year/atensi.json",
    doc({
      tag: "open-data",
      summary: "The JSON file the schedule published for a year, as last written",
      ok: { schema: Table },
      problems: [400, 404],
      public: true,
    }),
    params(YearParam),
    async (c) => {
      const body = await OpenData.published(c.req.valid("param").year, "json");
      c.header("content-type", "application/json; charset=utf-8");
      c.header("cache-control", "public, max-age=300");
      return c.body(new Uint8Array(body));
    },
  );
