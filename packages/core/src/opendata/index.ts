import { CLUSTERS, DashboardQuery, PROVINCES } from "@atensi/contracts";
import { stringify } from "csv-stringify/sync";
import { Aggregates } from "../dashboard";
import { nowISO } from "../db/support";
import { Documents } from "../document";
import { HubError } from "../error";
import { fn } from "../fn";

/**
 * Open data for Satu Data Indonesia: persons served by ATENSI per province, cluster and period,
 * from accepted supervision reports. Aggregate and non-personal; a cell under 10 persons reads
 * "<10" (never 0, never the number) so nobody in a small group can be singled out. Only this
 * finest table is published, with no totals, so a suppressed cell cannot be recovered by
 * subtracting the published cells from a published total.
 */
export const SUPPRESS_BELOW = 10;
export const SUPPRESSED = "<10";

/** The columns, documented as a Frictionless Table Schema (also served at /v1/open-data/schema). */
export const OPEN_DATA_SCHEMA = {
  name: "atensi-penerima-manfaat",
  title: "Penerima manfaat ATENSI menurut provinsi, klaster dan periode",
  description:
    'Jumlah penerima manfaat Asistensi Rehabilitasi Sosial (ATENSI) yang dilayani LKS mitra Kementerian Sosial, menurut laporan supervisi yang telah diterima. Sel dengan kurang dari 10 orang ditulis "<10".',
  publisher: "Kementerian Sosial Republik Indonesia, Direktorat Jenderal Rehabilitasi Sosial",
  license: "CC-BY-4.0",
  unit: "orang",
  suppression: { below: SUPPRESS_BELOW, marker: SUPPRESSED },
  fields: [
    { name: "tahun", type: "year", description: "Tahun periode laporan" },
    {
      name: "periode",
      type: "string",
      description: "Periode laporan: YYYY-MM (bulanan) atau YYYY-Qn (triwulanan)",
    },
    {
      name: "kode_provinsi",
      type: "string",
      description: "Kode provinsi Kemendagri (2 digit)",
      constraints: { pattern: "^\\d{2}$" },
    },
    { name: "nama_provinsi", type: "string", description: "Nama provinsi" },
    {
      name: "klaster",
      type: "string",
      description: "Klaster ATENSI (Permensos 7/2021)",
      constraints: { enum: [...CLUSTERS] },
    },
    {
      name: "jumlah_penerima_manfaat",
      type: "string",
      description: 'Jumlah orang (bilangan bulat ≥ 10) atau "<10" bila kurang dari 10',
      constraints: { pattern: "^(<10|[1-9]\\d+)$" },
    },
  ],
  primaryKey: ["periode", "kode_provinsi", "klaster"],
} as const;

export type OpenDataRow = {
  tahun: number;
  periode: string;
  kode_provinsi: string;
  nama_provinsi: string;
  klaster: string;
  jumlah_penerima_manfaat: string;
};

const COLUMNS = OPEN_DATA_SCHEMA.fields.map((f) => f.name);

/** "<10" for a small count (0 included: an empty cell would also say something), else the number. */
export const suppress = (persons: number) => (persons < SUPPRESS_BELOW ? SUPPRESSED : String(persons));

const fileKey = (year: string, format: "csv" | "json") => `open-data/atensi-${year}.${format}`;

export namespace OpenData {
  /** The year's table, read from the aggregates the report acceptances keep (no report is read). */
  export const table = fn(DashboardQuery, async ({ year }) => {
    const cells = await Aggregates.read(year, "cell");
    const rows: OpenDataRow[] = cells
      .map((c) => {
        const [province, cluster, period] = c.key.split("#") as [string, string, string];
        return { province, cluster, period, persons: c.realised ?? 0 };
      })
      .sort(
        (a, b) =>
          a.period.localeCompare(b.period) ||
          a.province.localeCompare(b.province) ||
          CLUSTERS.indexOf(a.cluster as (typeof CLUSTERS)[number]) -
            CLUSTERS.indexOf(b.cluster as (typeof CLUSTERS)[number]),
      )
      .map((c) => ({
        tahun: Number(year),
        periode: c.period,
        kode_provinsi: c.province,
        nama_provinsi: PROVINCES[c.province as keyof typeof PROVINCES] ?? c.province,
        klaster: c.cluster,
        jumlah_penerima_manfaat: suppress(c.persons),
      }));
    return { year, generatedAt: nowISO(), rows };
  });

  export const csv = (rows: OpenDataRow[]) =>
    stringify(rows, { header: true, columns: [...COLUMNS], escape_formulas: true });

  export const json = (table: Awaited<ReturnType<typeof OpenData.table>>) => ({
    schema: OPEN_DATA_SCHEMA,
    ...table,
  });

  /**
   * The scheduled files: this year's and last year's tables as CSV and JSON in the hub's file
   * store (S3 in AWS, files locally), rewritten by each run of the date-driven jobs.
   */
  export const publish = async (today = new Date().toISOString().slice(0, 10)) => {
    const thisYear = Number(today.slice(0, 4));
    const written: string[] = [];
    for (const year of [String(thisYear - 1), String(thisYear)]) {
      const t = await table.trusted({ year });
      await Documents.store(fileKey(year, "csv"), Buffer.from(csv(t.rows)), "text/csv; charset=utf-8");
      await Documents.store(
        fileKey(year, "json"),
        Buffer.from(JSON.stringify(json(t))),
        "application/json; charset=utf-8",
      );
      written.push(year);
    }
    return { years: written };
  };

  /** A published file, as stored by the last run. */
  export const published = async (year: string, format: "csv" | "json") => {
    const body = await Documents.load(fileKey(year, format));
    if (!body) throw HubError.notFound("Published file");
    return body;
  };
}
