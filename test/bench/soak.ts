/**
 * Soak: a 10-minute run at moderate load whose hub RSS grows by less than 10% (issue 7).
 *
 * - Hub: as `pnpm start` runs it (hub-child.ts with the in-process delivery worker) on DynamoDB
 *   Local. The admin sets up a programme whose webhook endpoint is a receiver in this process that
 *   verifies every delivery with the `standardwebhooks` package.
 * - Load: LOOPS closed loops, each pausing THINK_MS between requests, cycling through a fixed mix:
 *   a reviewer lists partners, lists referrals and reads the dashboard; an LKS admin lists its
 *   referrals and creates referrals (each delivered as a webhook and verified by the receiver).
 * - Memory: the hub process's RSS (from /proc) every 10 s, and its V8 heap (process.memoryUsage()
 *   over IPC). The first WARMUP_S seconds are warm-up (JIT, caches, pools); "start" is the median of
 *   the first minute of samples after it, "end" the median of the last minute's. The run lasts
 *   BENCH_SOAK_SECONDS (default 600) including the warm-up; run `pnpm bench` with BENCH_SKIP=soak
 *   to leave it out while iterating.
 * - Target: end RSS / start RSS < 1.10, with every request answered 2xx and every referral's
 *   webhook verified.
 */
import { startDynamoLocal } from "@atensi/local/dynamo";
import { person, referralInput, startReceiver } from "../support/programs";
import { type Hub, mb, median, percentile, round, rssOfPid, signIn, startHub } from "./fork-hub";
import type { BenchFigure, BenchModule } from "./types";

const BENCH = "soak";
const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const WARMUP_S = Math.min(60, SECONDS / 3);
const SAMPLE_MS = 10_000;
const WINDOW = 6;
const LOOPS = Number(process.env.BENCH_SOAK_LOOPS ?? 4);
const THINK_MS = Number(process.env.BENCH_SOAK_THINK_MS ?? 150);
const TARGET = 1.1;
const REVIEWER = "reviewer@kemensos.example";
const ADMIN = "admin@kemensos.example";
const LKS = "widyatama@lks.example";

/** The mix, in the order each loop cycles through it (loops start at different places). */
const MIX = [
  "partners",
  "referral",
  "dashboard",
  "referrals (staff)",
  "referral",
  "referrals (lks)",
  "partners",
  "dashboard",
] as const;
type Kind = (typeof MIX)[number];

type Sample = { at: number; rss: number; heapUsed: number; dynamoRss: number };

async function run(): Promise<BenchFigure[]> {
  const dynamo = await startDynamoLocal();
  const receiver = await startReceiver();
  let hub: Hub | undefined;
  try {
    hub = await startHub({ endpoint: dynamo.endpoint, table: "bench_soak", worker: true });
    const h = hub;
    const send = async (
      session: { cookie: string; csrf: string },
      method: string,
      path: string,
      body?: unknown,
    ) => {
      const res = await fetch(h.url + path, {
        method,
        headers: {
          cookie: session.cookie,
          ...(method === "GET" ? {} : { "x-csrf-token": session.csrf }),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await res.json()) as Record<string, unknown>;
      return { status: res.status, json };
    };
    const admin = await signIn(h.url, ADMIN, h.password);
    const program = await send(admin, "POST", "/v1/programs", {
      code: "SOAK",
      name: "Program Soak",
      owningUnit: "Direktorat Jaminan Sosial Keluarga",
      kind: "perlindungan_sosial",
      allowedFields: ["nik", "name", "birthDate", "sex", "region", "criteria", "needs"],
    });
    if (program.status !== 201) throw new Error(`POST /v1/programs: ${program.status}`);
    const programID = String(program.json.id);
    const endpoint = await send(admin, "POST", `/v1/programs/${programID}/endpoints`, {
      url: receiver.url,
      eventTypes: [],
    });
    if (endpoint.status !== 201) throw new Error(`POST endpoints: ${endpoint.status}`);
    receiver.useSecret(String(endpoint.json.secret));
    const reviewer = await signIn(h.url, REVIEWER, h.password);
    const lks = await signIn(h.url, LKS, h.password);
    const year = new Date().getUTCFullYear();

    let serial = 0;
    const created = new Set<string>();
    const request = (kind: Kind) => {
      switch (kind) {
        case "partners":
          return send(reviewer, "GET", "/v1/partners");
        case "dashboard":
          return send(reviewer, "GET", `/v1/dashboard?year=${year}`);
        case "referrals (staff)":
          return send(reviewer, "GET", "/v1/referrals");
        case "referrals (lks)":
          return send(lks, "GET", "/v1/referrals");
        case "referral": {
          serial++;
          const base = referralInput(programID);
          return send(lks, "POST", "/v1/referrals", {
            ...base,
            beneficiary: { ...base.beneficiary, ...person(serial) },
          });
        }
      }
    };

    const started = performance.now();
    const elapsedS = () => (performance.now() - started) / 1000;
    const latencies: Record<Kind, { at: number; ms: number }[]> = {
      partners: [],
      referral: [],
      dashboard: [],
      "referrals (staff)": [],
      "referrals (lks)": [],
    };
    const failures: string[] = [];
    let stop = false;
    const loops = Array.from({ length: LOOPS }, async (_, loop) => {
      for (let i = loop * 3; !stop; i++) {
        const kind = MIX[i % MIX.length]!;
        const t = performance.now();
        try {
          const res = await request(kind);
          if (res.status >= 300)
            failures.push(`${kind}: ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
          else if (kind === "referral") created.add(String(res.json.id));
        } catch (error) {
          failures.push(`${kind}: ${(error as Error).message}`);
        }
        latencies[kind].push({ at: elapsedS(), ms: performance.now() - t });
        await new Promise((r) => setTimeout(r, THINK_MS));
      }
    });

    const samples: Sample[] = [];
    const sample = async () => {
      const memory = await h.call<NodeJS.MemoryUsage>("memory");
      samples.push({
        at: elapsedS(),
        rss: rssOfPid(h.pid),
        heapUsed: memory.heapUsed,
        dynamoRss: rssOfPid(dynamo.process.pid!),
      });
    };
    await sample();
    while (elapsedS() < SECONDS) {
      await new Promise((r) => setTimeout(r, Math.min(SAMPLE_MS, (SECONDS - elapsedS()) * 1000)));
      await sample();
      const last = samples.at(-1)!;
      if (samples.length % 6 === 0)
        console.log(
          `  ${Math.round(last.at)} s: hub RSS ${mb(last.rss)} MB, heap ${mb(last.heapUsed)} MB, ${Object.values(latencies).reduce((n, l) => n + l.length, 0)} requests`,
        );
    }
    stop = true;
    await Promise.all(loops);

    // Every referral's webhook verified (the worker may still be delivering the last ones).
    const verifiedIDs = () =>
      new Set(receiver.verified.map((v) => (v.event.data as { referral?: { id: string } }).referral?.id));
    const drainUntil = performance.now() + 30_000;
    while ([...created].some((id) => !verifiedIDs().has(id)) && performance.now() < drainUntil)
      await new Promise((r) => setTimeout(r, 200));
    const verified = verifiedIDs();
    const undelivered = [...created].filter((id) => !verified.has(id)).length;

    const after = samples.filter((s) => s.at >= WARMUP_S);
    const at = (list: Sample[], key: "rss" | "heapUsed" | "dynamoRss") => median(list.map((s) => s[key]));
    // A minute of samples at each end: RSS moves by tens of MB with GC and allocator timing.
    const first = after.slice(0, WINDOW);
    const last = after.slice(-WINDOW);
    const startRss = at(first, "rss");
    const endRss = at(last, "rss");
    const ratio = endRss / startRss;
    // Least-squares slope of RSS after the warm-up, MB per minute.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const xs = after.map((s) => s.at / 60);
    const ys = after.map((s) => s.rss / 1024 / 1024);
    const mx = mean(xs);
    const my = mean(ys);
    const slope =
      xs.reduce((n, x, i) => n + (x - mx) * (ys[i]! - my), 0) / xs.reduce((n, x) => n + (x - mx) ** 2, 0);
    const requests = Object.values(latencies).reduce((n, l) => n + l.length, 0);
    const measured = SECONDS;
    const healthy = failures.length === 0 && undelivered === 0 && receiver.invalid.length === 0;
    const lat = (kind: Kind, from: number, to: number) =>
      latencies[kind].filter((l) => l.at >= from && l.at < to).map((l) => l.ms);
    const window = Math.min(60, (SECONDS - WARMUP_S) / 2);
    const drift = (Object.keys(latencies) as Kind[])
      .map((kind) => {
        const early = lat(kind, WARMUP_S, WARMUP_S + window);
        const late = lat(kind, SECONDS - window, SECONDS + 60);
        return early.length && late.length
          ? `${kind} ${round(percentile(early, 50))}→${round(percentile(late, 50))}`
          : `${kind} –`;
      })
      .join(", ");
    const figure = (f: Omit<BenchFigure, "bench">): BenchFigure => ({ bench: BENCH, ...f });
    return [
      figure({
        metric: `hub RSS after a ${SECONDS % 60 === 0 ? `${SECONDS / 60}-minute` : `${SECONDS}-second`} soak`,
        unit: "MB",
        value: mb(endRss),
        floor: mb(startRss),
        ratio: round(ratio, 3),
        better: "lower",
        target: `< ${TARGET}× the RSS after warm-up (growth < ${Math.round((TARGET - 1) * 100)}%)`,
        pass: ratio < TARGET && healthy,
        note: `growth ${round((ratio - 1) * 100)}%; floor = RSS in the minute after ${WARMUP_S} s of warm-up (median of ${WINDOW} samples, 10 s apart; end: the last minute's); max ${mb(Math.max(...after.map((s) => s.rss)))} MB; slope ${round(slope, 2)} MB/min; ${LOOPS} loops, ${THINK_MS} ms think time${healthy ? "" : `; UNHEALTHY: ${failures.length} failed requests (${failures.slice(0, 2).join("; ")}), ${undelivered} undelivered, ${receiver.invalid.length} invalid`}`,
      }),
      figure({
        metric: "hub V8 heap used, end vs after warm-up",
        unit: "MB",
        value: mb(at(last, "heapUsed")),
        floor: mb(at(first, "heapUsed")),
        ratio: round(at(last, "heapUsed") / at(first, "heapUsed"), 3),
        better: "lower",
        note: "process.memoryUsage().heapUsed without a forced GC (noisy); medians as for RSS",
      }),
      figure({
        metric: "soak load",
        unit: "req/s",
        value: round(requests / measured),
        note: `${requests} requests in ${measured} s (${created.size} referrals, ${verified.size} webhooks verified, ${failures.length} failed); p50 ms first vs last minute after warm-up: ${drift}; DynamoDB Local RSS ${mb(at(first, "dynamoRss"))} → ${mb(at(last, "dynamoRss"))} MB (it keeps every item in memory)`,
      }),
    ];
  } finally {
    await hub?.stop();
    await receiver.close();
    await dynamo.stop();
  }
}

export const bench: BenchModule = { name: BENCH, run };
