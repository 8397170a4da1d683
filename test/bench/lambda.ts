/**
 * Lambda packaging and cold start.
 *
 * - Bundle size of each function, built exactly as deployed (infra/bundle.ts: esbuild, minified,
 *   ESM, platform node, target node22, `@aws-sdk/*` external), against an empty handler bundled
 *   the same way.
 * - Cold-start proxy: a fresh Node process imports the api bundle and serves one API Gateway v2
 *   event (GET /health); the figure is the time from the process's start to the response
 *   (performance.now(), whose origin is process start, so Node's own boot is included). The floor
 *   is the same for the empty handler, in the same run; both are medians, runs interleaved.
 *
 * Bundles are written to functions/dist/bench/ (git-ignored) so that the externals resolve from
 * functions/node_modules, as they resolve from the Lambda runtime in AWS.
 */
import { execFile } from "node:child_process";
import { rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { BUNDLE_FILE, bundle, bundleBytes, EMPTY_ENTRY, entryBytes, FUNCTIONS } from "../../infra/bundle";
import { fromRoot } from "../../infra/root";
import type { BenchFigure, BenchModule } from "./types";

const RUNS = Number(process.env.BENCH_COLD_STARTS ?? 9);
const API_BUNDLE_TARGET_BYTES = 300 * 1024;
const COLD_START_TARGET_RATIO = 3;

const run = promisify(execFile);
const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** An API Gateway HTTP API (payload 2.0) event for a GET. */
const getEvent = (path: string) => ({
  version: "2.0",
  routeKey: "$default",
  rawPath: path,
  rawQueryString: "",
  headers: {
    accept: "application/json",
    host: "bench.execute-api.ap-southeast-3.amazonaws.com",
    "user-agent": "bench",
  },
  requestContext: {
    accountId: "123456789012",
    apiId: "bench",
    domainName: "bench.execute-api.ap-southeast-3.amazonaws.com",
    domainPrefix: "bench",
    http: { method: "GET", path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
    requestId: "bench-request",
    routeKey: "$default",
    stage: "$default",
    time: "01/Jan/2026:00:00:00 +0000",
    timeEpoch: 1767225600000,
  },
  isBase64Encoded: false,
});

const CONTEXT = {
  functionName: "bench",
  functionVersion: "$LATEST",
  awsRequestId: "bench-request",
  memoryLimitInMB: "1024",
  getRemainingTimeInMillis: () => 25_000,
};

/** The child: import the bundle, serve one event, report times since process start. */
const CHILD = `
const started = performance.now();
const { handler } = await import(process.env.BENCH_BUNDLE);
const imported = performance.now();
const context = ${JSON.stringify(CONTEXT).replace('"getRemainingTimeInMillis":25000', "")};
context.getRemainingTimeInMillis = () => 25000;
const response = await handler(JSON.parse(process.env.BENCH_EVENT), context);
const served = performance.now();
process.stdout.write("\\n@@bench " + JSON.stringify({ started, imported, served, status: response?.statusCode }) + "\\n");
`;

type ColdStart = { started: number; imported: number; served: number; status: number };

const coldStart = async (bundlePath: string, path = "/health"): Promise<ColdStart> => {
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", CHILD], {
    env: {
      PATH: process.env.PATH,
      BENCH_BUNDLE: pathToFileURL(bundlePath).href,
      BENCH_EVENT: JSON.stringify(getEvent(path)),
      AWS_REGION: "ap-southeast-3",
      AWS_ACCESS_KEY_ID: "bench",
      AWS_SECRET_ACCESS_KEY: "bench",
      ATENSI_TABLE: "bench",
      ATENSI_ENV: "aws",
      ATENSI_STAGE: "bench",
    },
    cwd: fromRoot("functions"),
  });
  const line = stdout.split("\n").find((l) => l.startsWith("@@bench "));
  if (!line) throw new Error(`cold start child printed no result:\n${stdout}`);
  return JSON.parse(line.slice("@@bench ".length)) as ColdStart;
};

/** Time to load the DynamoDB client and document client in a fresh process. */
const sdkLoad = async () => {
  const { stdout } = await run(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { createRequire } from "node:module"; const require = createRequire(process.cwd() + "/"); const t = performance.now(); require("@aws-sdk/client-dynamodb"); require("@aws-sdk/lib-dynamodb"); process.stdout.write(String(performance.now() - t));`,
    ],
    {
      env: { PATH: process.env.PATH, AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: "1" },
      cwd: fromRoot("functions"),
    },
  );
  return Number(stdout);
};

async function runBench(): Promise<BenchFigure[]> {
  const outdir = fromRoot("functions", "dist", "bench");
  rmSync(outdir, { recursive: true, force: true });
  const figures: BenchFigure[] = [];

  const emptyResult = await bundle(EMPTY_ENTRY, join(outdir, "empty"));
  const emptyPath = join(outdir, "empty", BUNDLE_FILE);
  const emptyBytes = statSync(emptyPath).size;
  void emptyResult;

  for (const [name, entry] of Object.entries(FUNCTIONS)) {
    const { metafile } = await bundle(entry, join(outdir, name));
    // The whole deployment package: the entry and every chunk it may load.
    const bytes = bundleBytes(metafile);
    const atStart = entryBytes(metafile);
    const isApi = name === "api";
    figures.push({
      bench: "lambda",
      metric: `bundle size: ${name}`,
      unit: "KiB",
      value: kib(bytes),
      floor: kib(emptyBytes),
      ratio: round(bytes / emptyBytes),
      better: "lower",
      ...(isApi
        ? { target: `≤ ${API_BUNDLE_TARGET_BYTES / 1024} KiB`, pass: bytes <= API_BUNDLE_TARGET_BYTES }
        : {}),
      note: `${bytes.toLocaleString("en")} bytes (floor ${emptyBytes.toLocaleString("en")} bytes); esbuild minified ESM, node22, @aws-sdk/* external, entry and all chunks; ${kib(atStart)} KiB (${atStart.toLocaleString("en")} bytes) of it is compiled at start (entry and its static imports); floor = empty handler bundled the same way`,
    });
  }

  const apiPath = join(outdir, "api", BUNDLE_FILE);
  // One warm-up each (file-system cache), then interleaved measured runs.
  await coldStart(apiPath);
  await coldStart(emptyPath);
  const api: ColdStart[] = [];
  const empty: ColdStart[] = [];
  for (let i = 0; i < RUNS; i++) {
    api.push(await coldStart(apiPath));
    empty.push(await coldStart(emptyPath));
  }
  const bad = api.find((r) => r.status !== 200);
  if (bad) throw new Error(`GET /health answered ${bad.status} in the cold-start run`);
  const apiServed = median(api.map((r) => r.served));
  const emptyServed = median(empty.map((r) => r.served));
  const ratio = apiServed / emptyServed;
  figures.push({
    bench: "lambda",
    metric: "cold start: api GET /health (process start → response)",
    unit: "ms",
    value: round(apiServed),
    floor: round(emptyServed),
    ratio: round(ratio, 2),
    better: "lower",
    target: `≤ ${COLD_START_TARGET_RATIO}× empty handler`,
    pass: ratio <= COLD_START_TARGET_RATIO,
    note: `median of ${RUNS} fresh Node processes each; import of the api bundle alone: ${round(median(api.map((r) => r.imported - r.started)))} ms`,
  });

  // Features load on their first request (packages/api/src/app.ts), so the first API request
  // after a cold start costs more than /health: shown here, against the same floor. Neither
  // touches the table; a request that does also loads the AWS SDK (measured in the note).
  for (const [path, what] of [
    ["/v1/regions/provinces", "accounts group: auth, users, partners, regions"],
    ["/v1/agreements", "reporting group: agreements, reports, dashboard (answers 401 unsigned)"],
  ] as const) {
    const first: ColdStart[] = [];
    for (let i = 0; i < RUNS; i++) first.push(await coldStart(apiPath, path));
    const served = median(first.map((r) => r.served));
    figures.push({
      bench: "lambda",
      metric: `cold start: api GET ${path} (first API request)`,
      unit: "ms",
      value: round(served),
      floor: round(emptyServed),
      ratio: round(served / emptyServed, 2),
      better: "lower",
      target: `≤ ${COLD_START_TARGET_RATIO}× empty handler`,
      pass: served / emptyServed <= COLD_START_TARGET_RATIO,
      note: `median of ${RUNS} (floor: the same ${RUNS} empty-handler starts); loads the ${what}; status ${first[0]?.status}`,
    });
  }
  const sdk: number[] = [];
  for (let i = 0; i < RUNS; i++) sdk.push(await sdkLoad());
  figures.push({
    bench: "lambda",
    metric: "AWS SDK load on the first table call (@aws-sdk/client-dynamodb + lib-dynamodb)",
    unit: "ms",
    value: round(median(sdk)),
    better: "lower",
    note: `median of ${RUNS} fresh processes; require() from functions/node_modules, as the Lambda runtime provides them; paid by the first request that reads or writes the table, in every design`,
  });
  return figures;
}

export const bench: BenchModule = { name: "lambda", run: runBench };
