import { randomBytes } from "node:crypto";
import { Database } from "@atensi/core";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { TEST_PASSWORD } from "../support/hub";
import { setUpFuzzFixtures } from "./support/fuzz-fixtures";
import {
  describe as describeResult,
  type FuzzCaller,
  type FuzzResult,
  send,
  violations,
} from "./support/fuzz-http";
import { isBookkeeping, startFuzzHub } from "./support/fuzz-hub";
import { callersFor, type OpenApiDocument, operationsOf, requestArbitrary } from "./support/fuzz-requests";
import { responseChecker } from "./support/fuzz-responses";
import { collectExamples, schemaFuzzer, toJson } from "./support/fuzz-schema";

/**
 * Property-based fuzzing of every operation in the served OpenAPI document: requests are
 * generated from each operation's parameter and body schemas (conforming edge cases, one-place
 * breakages, garbage, broken JSON, wrong media types) and sent as the caller the operation is
 * meant for, in concurrent batches. Every answer must be below 500 and a status the document
 * lists for the operation; every 2xx the documented media type and response schema; every 4xx a problem document (type, title, status, code) that wrote
 * nothing and echoes no NIK or secret that was sent.
 *
 * FUZZ_RUNS (default 500) inputs per operation; FUZZ_SEED replays a run; FUZZ_TRACE=1 shows
 * samples. Each property run is a batch of FUZZ_BATCH requests (default 100), FUZZ_CONCURRENCY of
 * them in flight (default 24). A run of 500 per operation takes about two minutes on two cores.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const BATCH = Number(process.env.FUZZ_BATCH ?? 100);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 24);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** FUZZ_TRACE=1 prints one request and answer of each status and kind of input, per operation. */
const TRACE = Boolean(process.env.FUZZ_TRACE);

/**
 * Who calls what, by path prefix or "METHOD prefix"; the longest match wins. Public and
 * programme-key operations are known from the document's `security`. An operation under a
 * prefix missing here fails: give a new resource its caller.
 */
const CALLERS: Record<string, readonly string[]> = {
  "/auth": ["admin", "lks"],
  "POST /auth/sign-out": ["signOut"],
  "POST /auth/password": ["password"],
  // The e-mail delivery log: admins (auditors read it too).
  "/mail": ["admin"],
  "/partners": ["admin", "approver", "reviewer"],
  "GET /partners/me": ["lks"],
  "PATCH /partners": ["lks"],
  "GET /partners/{id}/audit": ["lks", "admin"],
  "/users": ["admin", "lks"],
  "POST /users/staff": ["admin"],
  "POST /users/operators": ["lks"],
  "/regions": ["public"],
  "/units": ["admin"],
  "/social-workers": ["admin", "lks"],
  "/programs": ["admin"],
  "GET /programs": ["admin", "lks"],
  "/endpoints": ["admin"],
  "/deliveries": ["admin"],
  "/referrals": ["lks", "admin"],
  "/notifications": ["lks", "admin"],
  "/agreements": ["lks"],
  "GET /agreements": ["lks", "approver", "reviewer"],
  "POST /agreements/{id}/comments": ["lks", "reviewer"],
  "POST /agreements/{id}/request-changes": ["reviewer", "approver"],
  "POST /agreements/{id}/recommend": ["reviewer", "approver"],
  "POST /agreements/{id}/approve": ["approver", "secondApprover"],
  "POST /agreements/{id}/reject": ["reviewer", "approver"],
  "POST /agreements/{id}/terminate": ["approver", "secondApprover"],
  "/reports": ["lks"],
  "GET /reports": ["lks", "approver", "reviewer"],
  "POST /reports/{id}/comments": ["lks", "reviewer"],
  "POST /reports/{id}/request-revision": ["reviewer", "approver"],
  "POST /reports/{id}/accept": ["reviewer", "approver"],
  "POST /reports/{id}/unlock": ["approver", "secondApprover"],
  "GET /reports/queue": ["reviewer", "approver"],
  "POST /reports/{id}/forward": ["reviewer", "approver"],
  "POST /reports/{id}/claim": ["reviewer", "approver"],
  "POST /reports/{id}/assign": ["reviewer", "approver"],
  "POST /reports/{id}/sign-off": ["lks", "reviewer"],
  "/dashboard": ["reviewer", "admin"],
  "/exports": ["reviewer", "admin", "lks"],
  "/documents": ["lks", "admin"],
  "/verify": ["public"],
  "/open-data": ["public"],
  "/analytics": ["reviewer", "admin"],
};

const hub = await startFuzzHub();
afterAll(() => hub.stop());
const document = (await (await fetch(`${hub.url}/v1/openapi.json`)).json()) as OpenApiDocument;
const operations = operationsOf(document);
const documentedAnswer = responseChecker(document);

let fixtures: Awaited<ReturnType<typeof setUpFuzzFixtures>>;
let fuzzer: ReturnType<typeof schemaFuzzer>;
/** Known ids by prefix: the fixtures', then the latest records fuzzed requests created. */
const idPool = new Map<string, string[]>();
const harvested = new Map<string, string[]>();
beforeAll(async () => {
  fixtures = await setUpFuzzFixtures(hub);
  for (const [prefix, ids] of fixtures.ids) idPool.set(prefix, ids);
  fuzzer = schemaFuzzer(document, {
    examples: collectExamples(fixtures.examples),
    ids: () => idPool,
    // Credentials as data: the real API key travels only in headers, so any body showing it is a
    // leak; a key with its id and a wrong secret stands in for it here.
    secrets: [
      `${fixtures.apiKey.slice(0, -10)}${"A".repeat(10)}`,
      TEST_PASSWORD,
      `whsec_${randomBytes(24).toString("base64")}`,
      `ahk_${"0".repeat(26)}.${randomBytes(32).toString("base64url")}`,
    ],
  });
});

/** Items other than sign-in throttling counters: a cross-check of the write recorder. */
const durableItems = async () => {
  const { ScanCommand } = await import("@aws-sdk/client-dynamodb");
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await Database.raw().send(
      new ScanCommand({
        TableName: Database.tableName(),
        Select: "COUNT",
        FilterExpression: "sk <> :throttle",
        ExpressionAttributeValues: { ":throttle": { S: "$throttle_1" } },
        ExclusiveStartKey: start,
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return count;
};

type Stats = {
  operation: string;
  inputs: number;
  retries: number;
  statuses: Map<number, number>;
  ms: number;
  undocumented: Set<number>;
};
const summary: Stats[] = [];
const resent: string[] = [];
const started = performance.now();
const cpuAtStart = process.cpuUsage();

afterAll(() => {
  if (!summary.length) return;
  const total = summary.reduce((n, s) => n + s.inputs, 0);
  const lines = summary.map((s) => {
    const statuses = [...s.statuses].sort(([a], [b]) => a - b).map(([k, v]) => `${k}×${v}`);
    const undocumented = s.undocumented.size ? `  (undocumented: ${[...s.undocumented].join(",")})` : "";
    const retries = s.retries ? `  (${s.retries} resent after a transport error)` : "";
    return `  ${s.operation.padEnd(52)} ${String(s.inputs).padStart(5)} in ${(s.ms / 1000).toFixed(1).padStart(5)} s  ${statuses.join(" ")}${undocumented}${retries}`;
  });
  if (resent.length) console.log(`fuzz: resent after a transport error:\n  ${resent.join("\n  ")}`);
  const cpu = process.cpuUsage(cpuAtStart);
  console.log(
    `fuzz: ${summary.length} operations, ${total} inputs (${RUNS} per operation, batches of ${BATCH}, ${CONCURRENCY} in flight, seed ${SEED}) in ${((performance.now() - started) / 1000).toFixed(1)} s (this process: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU)\n${lines.join("\n")}`,
  );
});

it("gives every operation in the document a caller", () => {
  const missing = operations
    .filter((o) => !callersFor(o, CALLERS)?.length)
    .map((o) => `${o.method} ${o.path}`);
  expect(missing, "add these paths to CALLERS in test/harness/fuzz.test.ts").toEqual([]);
  expect(operations.length).toBeGreaterThan(50);
});

/** What fuzzing found once, pinned so that another seed cannot let it come back unnoticed. */
it("keeps what fuzzing found fixed: no echo of a sent NIK or password, no 500 on unstorable drafts", async () => {
  const call = (caller: FuzzCaller, method: string, url: string, body?: unknown) =>
    send(
      hub.url,
      caller,
      {
        caller: caller.name,
        method,
        url,
        headers: {},
        ...(body === undefined ? {} : { body: { text: toJson(body), contentType: "application/json" } }),
        label: "regression",
        identityNumbers: [],
        secretValues: [],
      },
      hub.reached,
    );
  const { public: anonymous, lks } = fixtures.callers;
  // Valibot's messages ended with the value received: a NIK or password in the wrong field came back.
  const signIn = await call(anonymous, "POST", "/v1/auth/sign-in", { email: 3273010101900001, password: 7 });
  expect(signIn.status).toBe(400);
  expect(signIn.text).not.toContain("3273010101900001");
  const typed = await call(anonymous, "POST", "/v1/auth/sign-in", { email: TEST_PASSWORD, password: "x" });
  expect(typed.status).toBe(400);
  expect(typed.text).not.toContain(TEST_PASSWORD);
  // The 404 for an unknown route echoed its path.
  const lost = await call(anonymous, "GET", "/v1/agreements/a/b/documents/3273010101900001");
  expect(lost.status).toBe(404);
  expect(lost.text).not.toContain("3273010101900001");
  // Report drafts took any JSON, and DynamoDB refused some of it: a 500 instead of a 400.
  const report = fixtures.ids.get("rpt_")![0]!;
  let deep: unknown = 1;
  for (let i = 0; i < 40; i++) deep = { a: deep };
  for (const content of [{ a: 1e300 }, { a: 1e-200 }, { "": 1 }, { a: { "": "x" } }, deep]) {
    const saved = await call(lks, "PUT", `/v1/reports/${report}`, { content });
    expect(saved.status, JSON.stringify(content).slice(0, 60)).toBe(400);
  }
});

operations.forEach((operation, index) => {
  const name = `${operation.method} ${operation.path}`;
  it(`fuzzes ${name}`, { timeout: 300_000 }, async () => {
    const callers = callersFor(operation, CALLERS);
    expect(callers?.length, `no caller for ${name}`).toBeTruthy();
    const documented = new Set(Object.keys(operation.spec.responses ?? {}).map(Number));
    const stats: Stats = {
      operation: name,
      inputs: 0,
      retries: 0,
      statuses: new Map(),
      ms: 0,
      undocumented: new Set(),
    };
    const t0 = performance.now();
    const before = await durableItems();
    const examples = new Map<string, string>();
    let writesSeen = 0;
    let itemWrites = 0;
    const arbitrary = requestArbitrary(operation, fuzzer, callers!, { bigBodies: true });

    const property = fc.asyncProperty(
      fc.array(arbitrary, { minLength: BATCH, maxLength: BATCH }),
      async (batch) => {
        const results = await pool(batch, CONCURRENCY, (request) => {
          let url = request.url;
          for (const r of fixtures.reserved)
            if (!r.for.includes(request.caller)) url = url.replaceAll(r.id, r.otherwise);
          const caller = fixtures.callers[request.caller as keyof typeof fixtures.callers] as FuzzCaller;
          return send(hub.url, caller, { ...request, url }, hub.reached).then((result) => ({
            result,
            caller,
          }));
        });
        const failures: string[] = [];
        for (const { result, caller } of results) {
          // An attempt whose answer was lost may have written (a 2xx nobody saw): that counts for
          // the item tally, not against the answer the last attempt got.
          const own = hub.takeWrites(result.requestID);
          const all = [...own, ...(result.lostIDs ?? []).flatMap((id) => hub.takeWrites(id))];
          const writes = own.filter((w) => !isBookkeeping(w));
          writesSeen += all.filter((w) => !isBookkeeping(w)).length;
          itemWrites += all.filter((w) => /^(Put|Update) /.test(w) && !/ \$throttle_1/.test(w)).length;
          stats.inputs++;
          if (result.lost?.length) {
            stats.retries++;
            resent.push(
              `${result.request.method} ${result.request.url.slice(0, 120)}: ${result.lost.join("; ")}`,
            );
          }
          stats.statuses.set(result.status, (stats.statuses.get(result.status) ?? 0) + 1);
          if (result.status && !documented.has(result.status)) stats.undocumented.add(result.status);
          if (result.status >= 200 && result.status < 300) harvest(result);
          const kind = `${result.status} ${result.request.label.replace(/^.*?((valid|mutated|garbage|raw|no) body|over 1 MB).*$/, "$1")}`;
          if (TRACE && !examples.has(kind)) examples.set(kind, describeResult(result));
          const wrong = violations(result, { caller, writes, alwaysSecret: [TEST_PASSWORD] });
          // Integrators code against the document: an answer it does not list is a defect.
          if (result.status && !documented.has(result.status)) {
            wrong.push(
              `${result.status} is not among the documented answers (${[...documented].join(", ")})`,
            );
          }
          if (result.status >= 200 && result.status < 300) wrong.push(...documentedAnswer(operation, result));
          if (wrong.length) failures.push(`${wrong.join("; ")}\n    ${describeResult(result)}`);
        }
        if (failures.length)
          throw new Error(
            `${failures.length} of ${batch.length} answers break the invariants:\n${failures.slice(0, 6).join("\n")}`,
          );
      },
    );
    // fc.check rather than fc.assert: a counterexample is a whole batch, too long to print; the
    // error names the failing requests, and the seed and path replay the run.
    const run = await fc.check(property, {
      numRuns: Math.ceil(RUNS / BATCH),
      seed: SEED + index,
      endOnFailure: true,
    });
    if (run.failed) {
      const cause =
        run.errorInstance instanceof Error ? run.errorInstance.message : String(run.errorInstance);
      throw new Error(
        `${name}: ${cause}\n(replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} FUZZ_BATCH=${BATCH}; fast-check seed ${run.seed}, path ${run.counterexamplePath})`,
      );
    }

    if (TRACE) console.log(`${name}: one answer of each kind\n  ${[...examples.values()].join("\n  ")}`);
    // A check of the write recorder itself, by counting the table's items (sign-in throttling
    // counters aside): no more new items than recorded puts and updates, none if none were recorded.
    const added = (await durableItems()) - before;
    expect(added, "items appeared that the write recorder did not see").toBeLessThanOrEqual(itemWrites);
    if (!writesSeen) expect(added, "items appeared although no request wrote").toBe(0);
    stats.ms = performance.now() - t0;
    summary.push(stats);
  });
});

/**
 * A request the hub never answered was sent again (as a client library would), but that is a
 * defect of the hub's connection handling, not noise: none may happen (the local server closes
 * a connection whose request body it did not read; packages/local/src/server.ts).
 */
it("loses no connection: no request needed sending again", () => {
  expect(summary.length, "the fuzzing tests ran first").toBe(operations.length);
  expect(resent).toEqual([]);
});

/** Runs `work` on every item, `limit` at a time; results in input order. */
const pool = async <T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

/** New records made by fuzzed requests join the id pool, so later operations also act on fresh ones. */
const harvest = (result: FuzzResult) => {
  if (result.status !== 201) return;
  const id = (result.json as { id?: unknown } | undefined)?.id;
  const prefix = typeof id === "string" ? /^([a-z]+_)[0-9a-z]{26}$/.exec(id)?.[1] : undefined;
  if (!prefix || typeof id !== "string") return;
  const fresh = [...(harvested.get(prefix) ?? []), id].slice(-10);
  harvested.set(prefix, fresh);
  idPool.set(prefix, [...(fixtures.ids.get(prefix) ?? []), ...fresh]);
};
