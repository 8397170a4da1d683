/**
 * A Balai's regional review queue at 1,000 and 100,000 waiting reports across 38 provinces (issue 19).
 *
 * - Data: two tables in one DynamoDB Local, one per size, each served by its own hub process
 *   (hub-child.ts `seed-regional`). A table of size N holds N reports waiting for regional review
 *   (status submitted, queue `regional#<province>`), spread evenly over the 38 provinces, waiting
 *   since times over a year, shaped exactly as ReportEntity writes them (BatchWriteItem). The bench
 *   Balai covers DKI Jakarta, Jawa Barat and Banten: about 3/38 of the reports are its queue.
 * - Hub: the Balai's reviewer, signed in through the API, asks GET /v1/reports/queue?limit=25
 *   (page 1: one Query per province of its region, merged longest waiting first). Requests are
 *   sequential, interleaved across sizes, in ROUNDS rounds; figures are p50 of all samples.
 * - Floor: the Queries the hub sent for that page (their wire bodies, recorded in the hub process),
 *   replayed bare with the SDK against the same table, concurrently as the hub sends them.
 * - Target: p50 at 100,000 / p50 at 1,000 ≤ 1.3.
 */
import { startDynamoLocal } from "@atensi/local/dynamo";
import { DynamoDBClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { type Capture, type Hub, Rounds, round, signIn, startHub, timed } from "./fork-hub";
import type { BenchFigure, BenchModule } from "./types";

const BENCH = "regional";
const SIZES = (process.env.BENCH_REGIONAL_SIZES ?? "1000,100000").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PER_ROUND = Number(process.env.BENCH_REPS ?? 60);
const WARMUP = 30;
const LIMIT = 25;
const TARGET = 1.3;

type Size = {
  n: number;
  hub: Hub;
  cookie: string;
  url: string;
  queries: QueryCommandInput[];
  seedMs: number;
};

const get = async (url: string, cookie: string) => {
  const res = await fetch(url, { headers: { cookie } });
  const json = (await res.json()) as { items: { waitingSince: string }[]; nextCursor: string | null };
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};

async function run(): Promise<BenchFigure[]> {
  const dynamo = await startDynamoLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "ap-southeast-3",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const hubs: Hub[] = [];
  try {
    const sizes: Size[] = [];
    for (const n of SIZES) {
      const hub = await startHub({ endpoint: dynamo.endpoint, table: `bench_regional_${n}` });
      hubs.push(hub);
      const seeded = await hub.call<{ items: number; ms: number; reviewer: string }>("seed-regional", {
        count: n,
      });
      console.log(`  seeded ${seeded.items} waiting reports in ${round(seeded.ms / 1000)} s`);
      const { cookie } = await signIn(hub.url, seeded.reviewer, hub.password);
      const url = `${hub.url}/v1/reports/queue?limit=${LIMIT}`;
      await hub.call("capture", { record: ["Query"] });
      const page = await get(url, cookie);
      const { bodies } = await hub.call<Capture>("capture");
      if (page.items.length !== LIMIT) throw new Error(`page 1 of ${n}: ${page.items.length} items`);
      const order = page.items.map((i) => i.waitingSince);
      if (order.some((w, i) => i > 0 && w < order[i - 1]!))
        throw new Error("the regional queue is not longest-waiting first");
      const queries = (bodies.Query ?? [])
        .filter((b) => b.includes('"gsi5"'))
        .map((b) => JSON.parse(b) as QueryCommandInput);
      if (queries.length !== 3)
        throw new Error(`page 1 of ${n}: ${queries.length} queue Queries (expected 3)`);
      sizes.push({ n, hub, cookie, url, queries, seedMs: seeded.ms });
    }

    const samples = new Rounds();
    const once = async (r: number) => {
      for (const size of sizes) {
        const hub = await timed(() => get(size.url, size.cookie));
        const floor = await timed(() =>
          Promise.all(size.queries.map((q) => client.send(new QueryCommand(q)))),
        );
        if (r >= 0) {
          samples.add(`hub ${size.n}`, r, hub.ms);
          samples.add(`floor ${size.n}`, r, floor.ms);
        }
      }
    };
    for (let i = 0; i < WARMUP; i++) await once(-1);
    for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < PER_ROUND; i++) await once(r);

    const label = (n: number) => n.toLocaleString("en-US");
    const smallest = sizes[0]!;
    const largest = sizes.at(-1)!;
    const big = samples.p50(`hub ${largest.n}`);
    const small = samples.p50(`hub ${smallest.n}`);
    const setup = `limit=${LIMIT}, ${ROUNDS} rounds × ${PER_ROUND} sequential requests per size`;
    const figures: BenchFigure[] = [
      {
        bench: BENCH,
        metric: `Balai review queue page 1 p50: ${label(largest.n)} vs ${label(smallest.n)} reports over 38 provinces`,
        unit: "ms",
        value: big,
        floor: small,
        ratio: round(big / small, 2),
        better: "lower",
        target: `≤ ${TARGET}× the ${label(smallest.n)}-report queue`,
        pass: big / small <= TARGET,
        note: `GET /v1/reports/queue as the reviewer of a Balai for 3 provinces; ${setup}; bare Queries ${label(largest.n)}: ${samples.p50(`floor ${largest.n}`)} ms, ${label(smallest.n)}: ${samples.p50(`floor ${smallest.n}`)} ms`,
      },
    ];
    for (const size of sizes) {
      const hub = samples.p50(`hub ${size.n}`);
      const floor = samples.p50(`floor ${size.n}`);
      figures.push({
        bench: BENCH,
        metric: `Balai review queue page 1 p50 at ${label(size.n)}`,
        unit: "ms",
        value: hub,
        floor,
        ratio: round(hub / floor, 2),
        better: "lower",
        note: `rounds' p50 ${samples.range(`hub ${size.n}`)} ms; p90 ${samples.p90(`hub ${size.n}`)} ms; floor = the hub's 3 Queries replayed bare, concurrently (rounds' p50 ${samples.range(`floor ${size.n}`)} ms)`,
      });
    }
    figures.push({
      bench: BENCH,
      metric: `seeding ${label(largest.n)} waiting reports (BatchWriteItem)`,
      unit: "s",
      value: round(largest.seedMs / 1000),
      note: "not a target",
    });
    return figures;
  } finally {
    for (const hub of hubs) await hub.stop();
    client.destroy();
    await dynamo.stop();
  }
}

export const bench: BenchModule = { name: BENCH, run };
