/**
 * XLSX export of 100,000 rows (issue 21): peak memory and throughput of core's export writer
 * against exceljs writing the same rows alone.
 *
 * - Rows: 100,000 referral rows shaped as `Referral.list` answers them (ids, programme, sender,
 *   status, urgency, region, criteria, sequence, two timestamps), generated in the process.
 * - Export: core's `writeXlsx` with the referral export's own columns, the rows coming through
 *   `allPages` in pages of 500 as the list's pager gives them (so the typed-cell conversion,
 *   formula escaping, number formats, frozen header, row cap and page prefetch all run).
 * - Floor: exceljs's streaming WorkbookWriter alone writing the same rows (values already typed,
 *   the same header and columns) to the same kind of in-memory sink.
 * - Each run is its own forked child (this file with BENCH_XLSX_CHILD), alternating export and
 *   library, ROUNDS times; rows/s is the median; peak RSS growth is the child's maxRSS minus its
 *   RSS just before writing. DynamoDB is not in this measure: the list reads are the lists' own
 *   benchmarks, and 100,000 items would take DynamoDB Local minutes to hold.
 * - Targets: peak RSS growth ≤ 100 MB; export rows/s ≥ 0.5 × library rows/s.
 */
import { fork } from "node:child_process";
import { Writable } from "node:stream";
import type { BenchFigure, BenchModule } from "./types";

const BENCH = "xlsx";
const ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PAGE = 500;

type Sample = { mode: "export" | "library"; ms: number; rows: number; bytes: number; growthMB: number };

const row = (i: number) => {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return {
    id: `ref_${String(i).padStart(26, "0")}`,
    programCode: i % 3 ? "PKH" : "BPNT",
    sender: { name: `Yayasan Bhakti Nurul Iman ${i % 1000}` },
    status: ["sent", "acknowledged", "accepted", "enrolled", "closed"][i % 5]!,
    urgency: i % 10 ? "routine" : "respon_kasus",
    beneficiary: { region: { provinceCode: "32", regencyCode: "3273" } },
    criteria: ["kemiskinan", "disabilitas"],
    sequence: (i % 7) + 1,
    createdAt: at,
    updatedAt: at,
  };
};

const child = async () => {
  const mode = process.env.BENCH_XLSX_CHILD as Sample["mode"];
  const { default: ExcelJS } = await import("exceljs");
  const { allPages, writeXlsx } = await import("@atensi/core/export");
  process.env.ATENSI_EXPORT_MAX_ROWS = String(ROWS);
  const columns = [
    { header: "ID", type: "text" as const, value: (r: ReturnType<typeof row>) => r.id },
    { header: "Program", type: "text" as const, value: (r: ReturnType<typeof row>) => r.programCode },
    { header: "Pengirim", type: "text" as const, value: (r: ReturnType<typeof row>) => r.sender.name },
    { header: "Status", type: "text" as const, value: (r: ReturnType<typeof row>) => r.status },
    { header: "Urgensi", type: "text" as const, value: (r: ReturnType<typeof row>) => r.urgency },
    {
      header: "Provinsi",
      type: "text" as const,
      value: (r: ReturnType<typeof row>) => r.beneficiary.region.provinceCode,
    },
    { header: "Kriteria", type: "text" as const, value: (r: ReturnType<typeof row>) => r.criteria },
    { header: "Urutan peristiwa", type: "number" as const, value: (r: ReturnType<typeof row>) => r.sequence },
    { header: "Dibuat (WIB)", type: "datetime" as const, value: (r: ReturnType<typeof row>) => r.createdAt },
    {
      header: "Diperbarui (WIB)",
      type: "datetime" as const,
      value: (r: ReturnType<typeof row>) => r.updatedAt,
    },
  ];
  // Warm both paths up on a few rows so the measure is of the work, not of first compilation.
  const pages = (n: number) =>
    allPages(async (cursor?: string) => {
      const from = Number(cursor ?? 0);
      const to = Math.min(n, from + PAGE);
      return {
        items: Array.from({ length: to - from }, (_, k) => row(from + k)),
        nextCursor: to < n ? String(to) : null,
      };
    });
  const library = async (n: number) => {
    let bytes = 0;
    const stream = new Writable({
      write(chunk: Buffer, _e, done) {
        bytes += chunk.length;
        done();
      },
    });
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet("Rujukan", { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = columns.map((c, k) => ({ header: c.header, key: String(k) }));
    for (let i = 0; i < n; i++) {
      const r = row(i);
      ws.addRow([
        r.id,
        r.programCode,
        r.sender.name,
        r.status,
        r.urgency,
        r.beneficiary.region.provinceCode,
        r.criteria.join(", "),
        r.sequence,
        new Date(r.createdAt),
        new Date(r.updatedAt),
      ]).commit();
    }
    ws.commit();
    await wb.commit();
    return { rows: n, bytes };
  };
  const exported = async (n: number) => {
    const out = await writeXlsx({ name: "Rujukan", columns, rows: pages(n), narrowBy: [] });
    return { rows: out.rows, bytes: out.body.length };
  };
  const work = mode === "export" ? exported : library;
  await work(2_000);
  global.gc?.();
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const done = await work(ROWS);
  const ms = performance.now() - started;
  const peak = process.resourceUsage().maxRSS * 1024;
  const sample: Sample = { mode, ms, ...done, growthMB: Math.max(0, peak - before) / 2 ** 20 };
  process.send?.(sample, () => process.exit(0));
};

const once = (mode: Sample["mode"]) =>
  new Promise<Sample>((resolve, reject) => {
    const worker = fork(import.meta.filename, [], {
      env: { ...process.env, BENCH_XLSX_CHILD: mode },
      execArgv: ["--import", "tsx", "--expose-gc"],
    });
    worker.once("message", (m) => resolve(m as Sample));
    worker.once("error", reject);
    worker.once("exit", (code) => code && reject(new Error(`${mode} child exited ${code}`)));
  });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function run(): Promise<BenchFigure[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    samples.push(await once("export"));
    samples.push(await once("library"));
  }
  const of = (mode: Sample["mode"]) => samples.filter((s) => s.mode === mode);
  const rate = (s: Sample) => s.rows / (s.ms / 1000);
  const exportRate = median(of("export").map(rate));
  const libraryRate = median(of("library").map(rate));
  const growth = Math.max(...of("export").map((s) => s.growthMB));
  const libraryGrowth = Math.max(...of("library").map((s) => s.growthMB));
  const ratio = round(exportRate / libraryRate, 2);
  const bytes = of("export")[0]!.bytes;
  return [
    {
      bench: BENCH,
      metric: `export rows/s (${ROWS.toLocaleString("en")} rows)`,
      unit: "rows/s",
      value: Math.round(exportRate),
      floor: Math.round(libraryRate),
      ratio,
      better: "higher",
      target: "≥ 0.5 × exceljs alone",
      pass: ratio >= 0.5,
      note: `median of ${ROUNDS} runs each; rows/s of each run: export ${of("export")
        .map((s) => Math.round(rate(s)))
        .join(", ")}; library ${of("library")
        .map((s) => Math.round(rate(s)))
        .join(", ")}; file ${round(bytes / 2 ** 20)} MB`,
    },
    {
      bench: BENCH,
      metric: `export peak RSS growth (${ROWS.toLocaleString("en")} rows)`,
      unit: "MB",
      value: round(growth),
      floor: round(libraryGrowth),
      better: "lower",
      target: "≤ 100 MB",
      pass: growth <= 100,
      note: "the largest of the runs; floor: exceljs alone (its sink keeps no bytes, the export keeps the compressed file)",
    },
  ];
}

if (process.env.BENCH_XLSX_CHILD) await child();

export const bench: BenchModule = { name: BENCH, run };
