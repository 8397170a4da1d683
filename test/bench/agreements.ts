/**
 * The staff review queue at 100, 10,000 and 100,000 agreements (issue 4).
 *
 * - Data: three tables in one DynamoDB Local, one per size, each served by its own hub process
 *   (hub-child.ts). A table of size N holds N agreements in status `submitted` (the queue),
 *   spread over 38 provinces, 7 clusters and 500 partners, waiting since times over two years, plus
 *   N/10 agreements in other statuses; items are shaped exactly as AgreementEntity writes them and
 *   written with BatchWriteItem.
 * - Hub: a reviewer signed in through the API asks GET /v1/agreements?status=submitted&limit=10
 *   (page 1) and the same with the cursor of page 9 (page 10; found once by following nextCursor).
 *   The limit is 10 so that the 100-agreement queue has a tenth page. Requests are sequential (one
 *   at a time: latency, not throughput), interleaved across sizes so that load from the rest of the
 *   machine falls on every size alike, in ROUNDS rounds; figures are p50 of all samples, with the
 *   range of the rounds' p50 in the note.
 * - Floor: the Query the hub sent for each page (its wire body, recorded in the hub process),
 *   replayed bare with the SDK against the same table: what DynamoDB Local itself costs at each size.
 * - Target: p50 at 100,000 / p50 at 100 ≤ 1.3 for page 1 and for page 10 (one Query per page).
 */
import { startDynamoLocal } from "@atensi/local/dynamo";
import { DynamoDBClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { type Capture, type Hub, Rounds, round, signIn, startHub, timed } from "./fork-hub";
import type { BenchFigure, BenchModule } from "./types";

const BENCH = "agreements";
const SIZES = (process.env.BENCH_AGREEMENT_SIZES ?? "100,10000,100000").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PER_ROUND = Number(process.env.BENCH_REPS ?? 60);
const WARMUP = 30;
const LIMIT = 10;
const TARGET = 1.3;
const REVIEWER = "reviewer@kemensos.example";

type Path = { page1: string; page10: string; province: string };
type Size = {
  n: number;
  hub: Hub;
  cookie: string;
  paths: Path;
  /** The Query bodies the hub sent for each path, replayed bare as the floor. */
  queries: Record<keyof Path, QueryCommandInput>;
  seedMs: number;
  items: number;
};

const get = async (url: string, cookie: string) => {
  const res = await fetch(url, { headers: { cookie } });
  const json = (await res.json()) as { items: { waitingSince?: string }[]; nextCursor: string | null };
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
      const hub = await startHub({ endpoint: dynamo.endpoint, table: `bench_agreements_${n}` });
      hubs.push(hub);
      const seeded = await hub.call<{ items: number; ms: number }>("seed-agreements", { from: 0, count: n });
      console.log(`  seeded ${seeded.items} agreements in ${round(seeded.ms / 1000)} s`);
      const { cookie } = await signIn(hub.url, REVIEWER, hub.password);
      const base = `${hub.url}/v1/agreements?status=submitted&limit=${LIMIT}`;
      // Page 10: follow nextCursor from page 1 (and check the order on the way).
      let cursor: string | null = null;
      let last = "";
      for (let page = 1; page < 10; page++) {
        const json = await get(cursor ? `${base}&cursor=${encodeURIComponent(cursor)}` : base, cookie);
        for (const item of json.items) {
          if (item.waitingSince! < last) throw new Error("the review queue is not longest-waiting first");
          last = item.waitingSince!;
        }
        cursor = json.nextCursor;
        if (!cursor) throw new Error(`the queue of ${n} has no page ${page + 1}`);
      }
      const paths: Path = {
        page1: base,
        page10: `${base}&cursor=${encodeURIComponent(cursor!)}`,
        province: `${hub.url}/v1/agreements?status=submitted&province=32&limit=${LIMIT}`,
      };
      const queries = {} as Size["queries"];
      for (const key of Object.keys(paths) as (keyof Path)[]) {
        await hub.call("capture", { record: ["Query"] });
        const json = await get(paths[key], cookie);
        if (key !== "province" && json.items.length !== LIMIT)
          throw new Error(`${key} of ${n}: ${json.items.length} items`);
        const { bodies } = await hub.call<Capture>("capture");
        const list = (bodies.Query ?? []).filter((b) => b.includes('"gsi2"') || b.includes('"gsi3"'));
        if (list.length !== 1) throw new Error(`${key} of ${n}: ${list.length} list Queries (expected 1)`);
        queries[key] = JSON.parse(list[0]!) as QueryCommandInput;
      }
      sizes.push({ n, hub, cookie, paths, queries, seedMs: seeded.ms, items: seeded.items });
    }

    const samples = new Rounds();
    const once = async (round: number) => {
      for (const size of sizes) {
        for (const key of Object.keys(size.paths) as (keyof Path)[]) {
          const hub = await timed(() => get(size.paths[key], size.cookie));
          const floor = await timed(() => client.send(new QueryCommand(size.queries[key])));
          if (round >= 0) {
            samples.add(`hub ${key} ${size.n}`, round, hub.ms);
            samples.add(`floor ${key} ${size.n}`, round, floor.ms);
          }
        }
      }
    };
    for (let i = 0; i < WARMUP; i++) await once(-1);
    for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < PER_ROUND; i++) await once(r);

    const p50 = (key: string) => samples.p50(key);
    const range = (key: string) => samples.range(key);
    const smallest = sizes[0]!;
    const largest = sizes.at(-1)!;
    const label = (n: number) => n.toLocaleString("en-US");
    const figures: BenchFigure[] = [];
    const setup = `limit=${LIMIT}, ${ROUNDS} rounds × ${PER_ROUND} sequential requests per size and page`;
    for (const [key, name] of [
      ["page1", "page 1"],
      ["page10", "page 10"],
    ] as const) {
      const big = p50(`hub ${key} ${largest.n}`);
      const small = p50(`hub ${key} ${smallest.n}`);
      const ratio = big / small;
      figures.push({
        bench: BENCH,
        metric: `review queue ${name} p50: ${label(largest.n)} vs ${label(smallest.n)} agreements`,
        unit: "ms",
        value: big,
        floor: small,
        ratio: round(ratio, 2),
        better: "lower",
        target: `≤ ${TARGET}× the ${label(smallest.n)}-agreement queue`,
        pass: ratio <= TARGET,
        note: `GET /v1/agreements?status=submitted as a reviewer; ${setup}; p50 by size ${sizes.map((s) => `${label(s.n)}: ${p50(`hub ${key} ${s.n}`)} ms`).join(", ")}; bare Query ${sizes.map((s) => `${label(s.n)}: ${p50(`floor ${key} ${s.n}`)} ms`).join(", ")} (ratio ${round(p50(`floor ${key} ${largest.n}`) / p50(`floor ${key} ${smallest.n}`), 2)})`,
      });
    }
    for (const size of sizes) {
      for (const [key, name] of [
        ["page1", "page 1"],
        ["page10", "page 10"],
        ["province", "one province (gsi3), page 1"],
      ] as const) {
        const hub = p50(`hub ${key} ${size.n}`);
        const floor = p50(`floor ${key} ${size.n}`);
        figures.push({
          bench: BENCH,
          metric: `review queue ${name} p50 at ${label(size.n)}`,
          unit: "ms",
          value: hub,
          floor,
          ratio: round(hub / floor, 2),
          better: "lower",
          note: `rounds' p50 ${range(`hub ${key} ${size.n}`)} ms; p90 ${samples.p90(`hub ${key} ${size.n}`)} ms; floor = the hub's Query replayed bare (rounds' p50 ${range(`floor ${key} ${size.n}`)} ms)`,
        });
      }
    }
    const province = (n: Size) => p50(`hub province ${n.n}`);
    figures.push({
      bench: BENCH,
      metric: `review queue in one province (gsi3) p50: ${label(largest.n)} vs ${label(smallest.n)}`,
      unit: "ms",
      value: province(largest),
      floor: province(smallest),
      ratio: round(province(largest) / province(smallest), 2),
      better: "lower",
      note: "status=submitted&province=32 (West Java, about 1/38 of the queue)",
    });
    figures.push({
      bench: BENCH,
      metric: `seeding ${label(largest.items)} agreement items (BatchWriteItem)`,
      unit: "s",
      value: round(largest.seedMs / 1000),
      note: `${round(largest.items / (largest.seedMs / 1000))} items/s, 8 requests of 25 in flight, DynamoDB Local in memory; not a target`,
    });
    return figures;
  } finally {
    for (const hub of hubs) await hub.stop();
    client.destroy();
    await dynamo.stop();
  }
}

export const bench: BenchModule = { name: BENCH, run };
