/**
 * A tick of the date-driven jobs (core's `Sweep.schedules`: agreement reminders and expiry,
 * report due dates) at 5,000 active agreements of which 50 are due, against 100 of which 50 are
 * due (issue 16 item 3). The target is ≤ 1.5×: a tick's work should follow what is due, not the
 * number of active agreements.
 *
 * - Data: two tables in one DynamoDB Local. Each holds N active monthly agreements shaped as
 *   AgreementEntity writes them, each with its reporting tracker. The 50 due ones are 82 days from
 *   their end (the 90-day reminder is due) and their February report passes its due date on the
 *   tick's day (counted as expected, `report.overdue` notice and event); the others are due months
 *   later. Items are written with BatchWriteItem; the 50 due ones are written again before every
 *   tick, so each tick does the same work.
 * - Measure: one tick (`Sweep.schedules` for the fixed day) per table, alternating tables,
 *   ROUNDS times after a warm-up; the median of each. The child process (this file, forked with
 *   BENCH_SWEEP_CHILD) runs core in-process against the table the parent names, and also counts
 *   DynamoDB calls per tick.
 */
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { BenchFigure, BenchModule } from "./types";

const BENCH = "sweep";
const LARGE = Number(process.env.BENCH_SWEEP_LARGE ?? 5000);
const SMALL = 100;
const DUE = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TARGET = 1.5;
const YEAR = 2030;
const TODAY = `${YEAR}-03-11`;

type Tick = { ms: number; calls: number; result: unknown };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The child: core against DynamoDB Local, answering `seed` and `tick` over IPC. */
const child = async () => {
  process.env.ATENSI_ENV = "test";
  process.env.ATENSI_LOG_REQUESTS = "false";
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  process.env.ATENSI_PII_KEY = randomBytes(32).toString("base64");
  process.env.ATENSI_BLIND_INDEX_KEY = randomBytes(32).toString("base64");
  const { Database, Sweep } = await import("@atensi/core");
  const { AgreementEntity } = await import("@atensi/core/agreement");
  const { TrackerEntity } = await import("@atensi/core/report");
  const { Migration } = await import("@atensi/core/counter");
  const { BatchWriteCommand } = await import("@aws-sdk/lib-dynamodb");
  let calls = 0;
  Database.raw().middlewareStack.add(
    (next) => async (args) => {
      calls++;
      return next(args);
    },
    { step: "initialize", name: "benchDynamoCounter" },
  );
  const batchWrite = async (items: Record<string, unknown>[]) => {
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < batches.length) {
          let request = {
            [Database.tableName()]: batches[next++]!.map((Item) => ({ PutRequest: { Item } })),
          };
          for (let tries = 0; Object.keys(request).length && tries < 20; tries++) {
            const out = await Database.raw().send(new BatchWriteCommand({ RequestItems: request }));
            request = (out.UnprocessedItems ?? {}) as typeof request;
          }
        }
      }),
    );
  };
  const id = (prefix: string, i: number) => `${prefix}_${String(i).padStart(26, "0")}`;
  const items = (i: number) => {
    const due = i < DUE;
    const endDate = due ? `${YEAR}-06-01` : `${YEAR}-12-31`;
    const agreement = AgreementEntity.put({
      agreementID: id("agr", i),
      partnerID: id("lks", i % 500),
      partnerName: `Yayasan Kesejahteraan Sosial ${i % 500}`,
      provinceCode: "32",
      number: `${i + 1}/NK/REHSOS/01/${YEAR}`,
      title: `Rehabilitasi sosial berbasis keluarga ${i}`,
      scope: { clusters: ["penyandang_disabilitas"] },
      clusters: ["penyandang_disabilitas"],
      yearlyTargets: [{ year: YEAR, cluster: "penyandang_disabilitas", target: 100 }],
      startDate: `${YEAR}-01-01`,
      endDate,
      reportingCadence: "monthly",
      supervisingUnit: "Sentra Wyata Guna Bandung",
      status: "active",
      waitingSince: `${YEAR}-01-01T00:00:00.000Z`,
      // The 90-day reminder's date (scheduleDate as core keeps it for an active agreement).
      scheduleDate: new Date(Date.parse(`${endDate}T00:00:00Z`) - 90 * 86400e3).toISOString().slice(0, 10),
      remindersSent: [],
      documents: [],
      createdAt: `${YEAR}-01-01T00:00:00.000Z`,
      updatedAt: `${YEAR}-01-01T00:00:00.000Z`,
      version: 3,
      auditHash: "0".repeat(64),
    }).params().Item as Record<string, unknown>;
    const tracker = TrackerEntity.put({
      agreementID: id("agr", i),
      countedThrough: `${YEAR}-01`,
      remindedFor: `${YEAR}-02`,
      // February is due on March 10: its counting is due on the tick's day, or later for the rest.
      checkOn: due ? TODAY : `${YEAR}-04-05`,
    }).params().Item as Record<string, unknown>;
    return [agreement, tracker];
  };
  const handlers: Record<string, (m: { table: string; n?: number }) => Promise<unknown>> = {
    seed: async ({ table, n }) => {
      process.env.ATENSI_TABLE = table;
      await Database.ensureTable();
      await batchWrite([
        ...Array.from({ length: n! }, (_, i) => items(i)).flat(),
        Migration.markerItem("agreement-schedule-dates"),
        Migration.markerItem("report-trackers"),
      ]);
      return {};
    },
    tick: async ({ table }) => {
      process.env.ATENSI_TABLE = table;
      await batchWrite(Array.from({ length: DUE }, (_, i) => items(i)).flat());
      calls = 0;
      const started = performance.now();
      const result = await Sweep.schedules("bench", { today: TODAY });
      return { ms: performance.now() - started, calls, result } satisfies Tick;
    },
  };
  process.on("message", async (m: { id: number; type: string; table: string; n?: number }) => {
    try {
      process.send?.({ id: m.id, ok: true, result: await handlers[m.type]!(m) });
    } catch (error) {
      process.send?.({ id: m.id, ok: false, error: (error as Error).stack });
    }
  });
  process.send?.({ ready: true });
};

if (process.env.BENCH_SWEEP_CHILD) await child();

async function run(): Promise<BenchFigure[]> {
  const { startDynamoLocal } = await import("@atensi/local/dynamo");
  const dynamo = await startDynamoLocal();
  const worker = fork(import.meta.filename, [], {
    env: { ...process.env, BENCH_SWEEP_CHILD: "1", DYNAMODB_ENDPOINT: dynamo.endpoint },
    execArgv: ["--import", "tsx"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      worker.once("exit", (code) => reject(new Error(`sweep child exited ${code}`)));
    });
    let nextID = 0;
    const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    worker.on("message", (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      m.ok ? p.resolve(m.result) : p.reject(new Error(m.error));
    });
    const call = <T>(type: string, args: Record<string, unknown>) =>
      new Promise<T>((resolve, reject) => {
        const id = nextID++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        worker.send({ id, type, ...args });
      });
    const small = `bench_sweep_${SMALL}`;
    const large = `bench_sweep_${LARGE}`;
    await call("seed", { table: small, n: SMALL });
    const seeded = performance.now();
    await call("seed", { table: large, n: LARGE });
    console.log(`  seeded ${LARGE} agreements in ${round((performance.now() - seeded) / 1000)} s`);
    // Warm-up: one tick each (JIT, connections, and a check that the due work is really done).
    const check = await call<Tick>("tick", { table: large });
    await call<Tick>("tick", { table: small });
    const done = check.result as { agreements: { reminded: number }; reports: { counted: number } };
    if (done.agreements.reminded !== DUE || done.reports.counted !== DUE)
      throw new Error(`a tick did not do the due work: ${JSON.stringify(check.result)}`);
    const ticks = { small: [] as Tick[], large: [] as Tick[] };
    for (let r = 0; r < ROUNDS; r++) {
      ticks.small.push(await call<Tick>("tick", { table: small }));
      ticks.large.push(await call<Tick>("tick", { table: large }));
    }
    const ms = { small: median(ticks.small.map((t) => t.ms)), large: median(ticks.large.map((t) => t.ms)) };
    const calls = {
      small: median(ticks.small.map((t) => t.calls)),
      large: median(ticks.large.map((t) => t.calls)),
    };
    const ratio = round(ms.large / ms.small, 2);
    return [
      {
        bench: BENCH,
        metric: `schedules tick: ${LARGE.toLocaleString("en")} active agreements vs ${SMALL}, ${DUE} due in each`,
        unit: "ms",
        value: round(ms.large),
        floor: round(ms.small),
        ratio,
        target: `≤ ${TARGET}× the ${SMALL}-agreement tick`,
        pass: ratio <= TARGET,
        note: `median of ${ROUNDS} ticks each (Sweep.schedules: ${DUE} 90-day reminders and ${DUE} report periods counted, with overdue notices); DynamoDB calls per tick ${calls.large} vs ${calls.small}; ranges ${round(Math.min(...ticks.large.map((t) => t.ms)))}–${round(Math.max(...ticks.large.map((t) => t.ms)))} ms vs ${round(Math.min(...ticks.small.map((t) => t.ms)))}–${round(Math.max(...ticks.small.map((t) => t.ms)))} ms`,
      },
    ];
  } finally {
    worker.kill();
    await dynamo.stop();
  }
}

export const bench: BenchModule = { name: BENCH, run };
