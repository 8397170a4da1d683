/**
 * Report submission throughput against a floor: the same TransactWriteItems issued bare (issue 5).
 *
 * - Data: the hub (hub-child.ts, its own table, no delivery worker) prepares draft reports of the
 *   current month with complete content for the five verified demo LKS, each under its own active
 *   agreement, opened and saved through core (Report.create, Report.save) as POST /v1/reports and
 *   PUT /v1/reports/{id} would. A submission in time writes five items in one TransactWriteItems:
 *   the report update, its audit event, its outbox event, the submitted version and a notification.
 * - Hub: each LKS admin signs in; CONCURRENCY loops POST /v1/reports/{id}/submit, each loop sending
 *   the next when its previous one is answered (200); throughput is submissions over the wall time.
 * - Floor: the hub process records the wire body of every submission's TransactWriteItems; the floor
 *   replays each of them, retargeted at another prepared draft in the same state (its report id
 *   substituted, fresh event and notification ids), with the SDK from the same number of loops.
 *   Same items, same sizes, same conditions; no HTTP, session, read or validation.
 * - Hub and floor alternate ROUNDS times after a warm-up; the best run of each is kept.
 *   Diagnostics: DynamoDB calls per submission (counted and timed in the hub process) and the
 *   unloaded latency (one loop). No target is stated: the figures say where the time goes.
 */
import { randomBytes } from "node:crypto";
import { startDynamoLocal } from "@atensi/local/dynamo";
import {
  DynamoDBClient,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from "@aws-sdk/client-dynamodb";
import { type Capture, type Hub, percentile, round, signIn, startHub } from "./fork-hub";
import type { BenchFigure, BenchModule } from "./types";

const BENCH = "reports";
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PER_RUN = Number(process.env.BENCH_SUBMISSIONS ?? 150);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = 40;
const UNLOADED = 40;
const LKS = [
  "widyatama@lks.example",
  "balarenik@lks.example",
  "nurul-iman@lks.example",
  "swara-peduli@lks.example",
  "erbe@lks.example",
];

type Sample = { started: number; ended: number };
type Run = { perSecond: number; p50: number; p99: number; count: number };

const summarise = (samples: Sample[]): Run => {
  const latencies = samples.map((s) => s.ended - s.started);
  const wall = Math.max(...samples.map((s) => s.ended)) - Math.min(...samples.map((s) => s.started));
  return {
    perSecond: (samples.length * 1000) / wall,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    count: samples.length,
  };
};

/** `count` jobs from `loops` loops, each job started when the loop's previous one ended. */
const closedLoop = async (count: number, loops: number, job: (i: number) => Promise<void>) => {
  const samples: Sample[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (next < count) {
        const i = next++;
        const started = performance.now();
        await job(i);
        samples.push({ started, ended: performance.now() });
      }
    }),
  );
  return summarise(samples);
};

const best = (runs: Run[]) => runs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));

/** A ULID-shaped id like core's createID. */
const freshID = (prefix: string) =>
  `${prefix}_${Array.from(randomBytes(26), (b) => "0123456789abcdefghjkmnpqrstvwxyz"[b % 32]).join("")}`;

async function run(): Promise<BenchFigure[]> {
  const dynamo = await startDynamoLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "ap-southeast-3",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  let hub: Hub | undefined;
  try {
    hub = await startHub({ endpoint: dynamo.endpoint, table: "bench_reports" });
    const h = hub;
    const hubCount = WARMUP + ROUNDS * PER_RUN + UNLOADED;
    const floorCount = WARMUP + ROUNDS * PER_RUN + UNLOADED;
    const perUser = Math.ceil((hubCount + floorCount) / LKS.length);
    const prepared = await h.call<{ reports: Record<string, string[]>; ms: number }>("prepare-reports", {
      emails: LKS,
      count: perUser,
    });
    console.log(`  prepared ${perUser * LKS.length} draft reports in ${round(prepared.ms / 1000)} s`);
    const sessions = Object.fromEntries(
      await Promise.all(LKS.map(async (email) => [email, await signIn(h.url, email, h.password)] as const)),
    );
    // Interleave the users so that consecutive submissions come from different LKS; the first half
    // of each user's drafts go to the hub, the rest to the floor.
    const hubQueue: { id: string; email: string }[] = [];
    const floorQueue: string[] = [];
    for (let i = 0; i < perUser; i++) {
      for (const email of LKS) {
        const id = prepared.reports[email]![i]!;
        if (i < perUser / 2) hubQueue.push({ id, email });
        else floorQueue.push(id);
      }
    }

    const submit = async () => {
      const next = hubQueue.shift();
      if (!next) throw new Error("out of prepared drafts");
      const session = sessions[next.email]!;
      const res = await fetch(`${h.url}/v1/reports/${next.id}/submit`, {
        method: "POST",
        headers: { cookie: session.cookie, "x-csrf-token": session.csrf },
      });
      const json = (await res.json()) as { status?: string };
      if (res.status !== 200 || json.status !== "submitted")
        throw new Error(`submit ${next.id}: ${res.status} ${JSON.stringify(json)}`);
    };
    const hubRun = async (count: number, loops = CONCURRENCY) => {
      await h.call("capture", { record: ["TransactWriteItems"] });
      const result = await closedLoop(count, loops, submit);
      const capture = await h.call<Capture>("capture");
      return { result, capture };
    };

    // The floor's transactions: a recorded submission retargeted at a prepared draft.
    let recorded: string[] = [];
    let replayed = 0;
    const retarget = (body: string, reportID: string) => {
      const original = /rpt_[0-9a-z]{26}/.exec(body)?.[0];
      if (!original) throw new Error("no report id in a recorded transaction");
      const ids = new Map<string, string>();
      const input = JSON.parse(
        body.replaceAll(original, reportID).replace(/(evt|ntf)_[0-9a-z]{26}/g, (id, prefix: string) => {
          if (!ids.has(id)) ids.set(id, freshID(prefix));
          return ids.get(id)!;
        }),
      ) as TransactWriteItemsCommandInput & { ClientRequestToken?: string };
      delete input.ClientRequestToken;
      return input;
    };
    const floorRun = (count: number, loops = CONCURRENCY) => {
      const inputs = Array.from({ length: count }, () => {
        const id = floorQueue.shift();
        if (!id) throw new Error("out of prepared drafts for the floor");
        return retarget(recorded[replayed++ % recorded.length]!, id);
      });
      return closedLoop(count, loops, async (i) => {
        await client.send(new TransactWriteItemsCommand(inputs[i]!));
      });
    };

    const warm = await hubRun(WARMUP);
    recorded = warm.capture.bodies.TransactWriteItems ?? [];
    if (recorded.length !== WARMUP)
      throw new Error(`recorded ${recorded.length} transactions for ${WARMUP} submissions`);
    await floorRun(WARMUP);
    const hubRuns: Run[] = [];
    const floorRuns: Run[] = [];
    const stats: Capture["stats"] = {};
    let sizes: number[] = [];
    let items = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const { result, capture } = await hubRun(PER_RUN);
      hubRuns.push(result);
      for (const [name, s] of Object.entries(capture.stats)) {
        const total = stats[name] ?? { calls: 0, ms: 0 };
        stats[name] = { calls: total.calls + s.calls, ms: total.ms + s.ms };
      }
      recorded = capture.bodies.TransactWriteItems ?? [];
      sizes = recorded.map((b) => Buffer.byteLength(b));
      items = (JSON.parse(recorded[0]!) as TransactWriteItemsCommandInput).TransactItems!.length;
      floorRuns.push(await floorRun(PER_RUN));
    }
    const alone = await hubRun(UNLOADED, 1);
    const hubAlone = alone.result;
    const aloneDynamoMs = Object.values(alone.capture.stats).reduce((n, s) => n + s.ms, 0) / UNLOADED;
    const floorAlone = await floorRun(UNLOADED, 1);

    const hubBest = best(hubRuns);
    const floorBest = best(floorRuns);
    const ratio = hubBest.perSecond / floorBest.perSecond;
    const submissions = ROUNDS * PER_RUN;
    const calls = Object.entries(stats).sort((a, b) => b[1].ms - a[1].ms);
    const dynamoMs = calls.reduce((n, [, s]) => n + s.ms, 0) / submissions;
    const breakdown = calls
      .map(([name, s]) => `${name} ${round(s.calls / submissions, 2)} × ${round(s.ms / s.calls)} ms`)
      .join(", ");
    const range = (runs: Run[]) =>
      `${round(Math.min(...runs.map((r) => r.perSecond)))}–${round(Math.max(...runs.map((r) => r.perSecond)))}`;
    const setup = `${PER_RUN} submissions from ${CONCURRENCY} loops, best of ${ROUNDS} runs`;
    const figure = (f: Omit<BenchFigure, "bench">): BenchFigure => ({ bench: BENCH, ...f });
    return [
      figure({
        metric: "report submission throughput (POST /v1/reports/{id}/submit)",
        unit: "submissions/s",
        value: round(hubBest.perSecond),
        floor: round(floorBest.perSecond),
        ratio: round(ratio, 2),
        better: "higher",
        note: `${setup} (runs ${range(hubRuns)}; floor runs ${range(floorRuns)}); floor = each recorded TransactWriteItems (${items} items, ${round(percentile(sizes, 50) / 1024)} KiB on the wire) replayed bare with the SDK on another draft, same loops; no target stated`,
      }),
      figure({
        metric: "report submission p50 latency",
        unit: "ms",
        value: round(hubBest.p50),
        floor: round(floorBest.p50),
        ratio: round(hubBest.p50 / floorBest.p50, 2),
        better: "lower",
        note: `p99 ${round(hubBest.p99)} ms (floor ${round(floorBest.p99)} ms), ${CONCURRENCY} loops`,
      }),
      figure({
        metric: "report submission unloaded (1 loop) p50 latency",
        unit: "ms",
        value: round(hubAlone.p50),
        floor: round(floorAlone.p50),
        ratio: round(hubAlone.p50 / floorAlone.p50, 2),
        better: "lower",
        note: `${UNLOADED} one after another; of the hub's time, ${round(aloneDynamoMs)} ms (mean) is spent waiting for DynamoDB Local (${Object.entries(
          alone.capture.stats,
        )
          .map(([name, s]) => `${name} ${round(s.ms / s.calls)} ms`)
          .join(
            ", ",
          )}), the rest is HTTP, session, validation, sealing and marshalling; p99 ${round(hubAlone.p99)} ms (floor ${round(floorAlone.p99)} ms)`,
      }),
      figure({
        metric: "DynamoDB calls per submission",
        unit: "calls",
        value: round(calls.reduce((n, [, s]) => n + s.calls, 0) / submissions, 2),
        note: `${round(dynamoMs)} ms of DynamoDB Local time per submission under load: ${breakdown}`,
      }),
    ];
  } finally {
    await hub?.stop();
    client.destroy();
    await dynamo.stop();
  }
}

export const bench: BenchModule = { name: BENCH, run };
