/**
 * Dashboard latency: 10 partners × 12 periods vs 1,000 partners × 36 periods (issue 5).
 *
 * - Data: two tables in one DynamoDB Local, each served by its own hub process (hub-child.ts),
 *   holding the aggregate rows Aggregates keeps (pk = year; sk = dimension#key): small = 10 partners
 *   over one year of monthly periods; large = 1,000 partners over three years (36 periods). Per
 *   year: a row per cluster, per province and per period with figures, and a row per partner.
 * - Hub: a reviewer signed in through the API asks GET /v1/dashboard?year=<the middle year>, one
 *   request at a time, interleaved between the two shapes, in ROUNDS rounds; p50 of all samples,
 *   the range of the rounds' p50 in the note. Also, without a target, the first page of
 *   GET /v1/dashboard/partners (50 rows).
 * - Floor: the Queries the hub sent for one answer (their wire bodies, recorded in the hub process),
 *   replayed bare with the SDK as the hub issues them (in parallel).
 * - Target: large / small ≤ 1.5.
 */
import { startDynamoLocal } from "@atensi/local/dynamo";
import { DynamoDBClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { type Capture, type Hub, Rounds, round, signIn, startHub, timed } from "./fork-hub";
import type { BenchFigure, BenchModule } from "./types";

const BENCH = "dashboard";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PER_ROUND = Number(process.env.BENCH_REPS ?? 60);
const WARMUP = 30;
const TARGET = 1.5;
const REVIEWER = "reviewer@kemensos.example";

type Shape = {
  name: "small" | "large";
  partners: number;
  years: string[];
  hub: Hub;
  cookie: string;
  paths: { summary: string; partners: string };
  queries: { summary: QueryCommandInput[]; partners: QueryCommandInput[] };
  rows: number;
  shape: string;
};

async function run(): Promise<BenchFigure[]> {
  const dynamo = await startDynamoLocal();
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "ap-southeast-3",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const hubs: Hub[] = [];
  const year = new Date().getUTCFullYear();
  const get = async (url: string, cookie: string) => {
    const res = await fetch(url, { headers: { cookie } });
    const json = (await res.json()) as Record<string, unknown[]>;
    if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  try {
    const shapes: Shape[] = [];
    for (const [name, partners, years] of [
      ["small", 10, [String(year)]],
      ["large", 1000, [String(year - 1), String(year), String(year + 1)]],
    ] as const) {
      const hub = await startHub({ endpoint: dynamo.endpoint, table: `bench_dashboard_${name}` });
      hubs.push(hub);
      const seeded = await hub.call<{ items: number }>("seed-aggregates", { partners, years });
      const { cookie } = await signIn(hub.url, REVIEWER, hub.password);
      const paths = {
        summary: `${hub.url}/v1/dashboard?year=${year}`,
        partners: `${hub.url}/v1/dashboard/partners?year=${year}`,
      };
      const queries = {} as Shape["queries"];
      let shape = "";
      for (const key of ["summary", "partners"] as const) {
        await hub.call("capture", { record: ["Query"] });
        const json = await get(paths[key], cookie);
        if (key === "summary") {
          if (json.periods!.length !== 12) throw new Error(`${name}: ${json.periods!.length} periods`);
          shape = `${json.clusters!.length} cluster, ${json.provinces!.length} province and ${json.periods!.length} period rows`;
        }
        const { bodies } = await hub.call<Capture>("capture");
        queries[key] = (bodies.Query ?? [])
          .filter((b) => b.includes("$atensi#year_"))
          .map((b) => JSON.parse(b) as QueryCommandInput);
      }
      if (queries.summary.length !== 3) throw new Error(`${name}: ${queries.summary.length} summary Queries`);
      shapes.push({
        name,
        partners,
        years: [...years],
        hub,
        cookie,
        paths,
        queries,
        rows: seeded.items,
        shape,
      });
    }

    const samples = new Rounds();
    const once = async (round: number) => {
      for (const shape of shapes) {
        for (const key of ["summary", "partners"] as const) {
          const hub = await timed(() => get(shape.paths[key], shape.cookie));
          const floor = await timed(() =>
            Promise.all(shape.queries[key].map((q) => client.send(new QueryCommand(q)))),
          );
          if (round >= 0) {
            samples.add(`hub ${key} ${shape.name}`, round, hub.ms);
            samples.add(`floor ${key} ${shape.name}`, round, floor.ms);
          }
        }
      }
    };
    for (let i = 0; i < WARMUP; i++) await once(-1);
    for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < PER_ROUND; i++) await once(r);

    const p50 = (key: string) => samples.p50(key);
    const range = (key: string) => samples.range(key);
    const describe = (s: Shape) =>
      `${s.partners.toLocaleString("en-US")} partners × ${s.years.length * 12} periods (${s.rows} aggregate rows; the answer has ${s.shape})`;
    const setup = `${ROUNDS} rounds × ${PER_ROUND} sequential requests per shape`;
    const figures: BenchFigure[] = [];
    for (const [key, metric, target] of [
      ["summary", "GET /v1/dashboard p50", true],
      ["partners", "GET /v1/dashboard/partners (first page, 50 rows) p50", false],
    ] as const) {
      const big = p50(`hub ${key} large`);
      const little = p50(`hub ${key} small`);
      const ratio = big / little;
      figures.push({
        bench: BENCH,
        metric: `${metric}: 1,000 partners × 36 periods vs 10 × 12`,
        unit: "ms",
        value: big,
        floor: little,
        ratio: round(ratio, 2),
        better: "lower",
        ...(target ? { target: `≤ ${TARGET}× the small shape`, pass: ratio <= TARGET } : {}),
        note: `${setup}; rounds' p50 large ${range(`hub ${key} large`)} ms, small ${range(`hub ${key} small`)} ms; bare Queries large ${p50(`floor ${key} large`)} ms, small ${p50(`floor ${key} small`)} ms`,
      });
    }
    for (const shape of shapes) {
      for (const [key, metric] of [
        ["summary", "GET /v1/dashboard p50"],
        ["partners", "GET /v1/dashboard/partners p50"],
      ] as const) {
        const hub = p50(`hub ${key} ${shape.name}`);
        const floor = p50(`floor ${key} ${shape.name}`);
        figures.push({
          bench: BENCH,
          metric: `${metric}, ${shape.name}`,
          unit: "ms",
          value: hub,
          floor,
          ratio: round(hub / floor, 2),
          better: "lower",
          note: `${describe(shape)}; p90 ${samples.p90(`hub ${key} ${shape.name}`)} ms; floor = the hub's ${shape.queries[key].length} Quer${shape.queries[key].length === 1 ? "y" : "ies"} replayed bare`,
        });
      }
    }
    return figures;
  } finally {
    for (const hub of hubs) await hub.stop();
    client.destroy();
    await dynamo.stop();
  }
}

export const bench: BenchModule = { name: BENCH, run };
