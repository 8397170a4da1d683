/**
 * Referral created → receiver verified.
 *
 * - Hub: the hub as `pnpm start` runs it (web app over HTTP plus the in-process delivery worker,
 *   in a child process: webhooks-hub.ts) on DynamoDB Local. A programme has a webhook endpoint at
 *   a receiver in this process that verifies every request with the `standardwebhooks` package.
 *   An LKS user sends referrals through POST /v1/referrals from CONCURRENCY loops; each loop
 *   waits until the receiver has verified the referral's `referral.sent` webhook (matched by the
 *   referral id in the payload) before sending the next. Latency is from the start of the POST to
 *   verification; throughput is verified deliveries over the wall time of the run.
 * - Durable floor (what the targets divide by, issue 16): a loop in this process that commits one
 *   TransactWriteItems of a referral, its audit event and its outbox event (same sizes, same
 *   table, 5 GSIs, stream on), then signs and POSTs as below: the least an at-least-once design
 *   writes before it may send. Measured loaded (CONCURRENCY loops) and unloaded (1 loop).
 * - Bare floor (diagnostic): a loop that signs the very bodies the hub delivered (captured by
 *   the receiver) with node:crypto HMAC as Standard Webhooks prescribes and POSTs them with the
 *   same client the hub uses (node:http with a keep-alive agent) to the same
 *   receiver, from the same number of loops, measured the same way.
 *
 * All are warmed up first; then hub and floor runs alternate ROUNDS times and the best run of
 * each is kept (interference from the rest of the machine only ever slows a run down).
 *
 * DynamoDB calls per referral (target ≤ 3: the API's transaction, the worker's claim, its
 * result) are counted and timed in the child by the part of the hub that made them; the sweep's
 * periodic queries are reported apart. Diagnostic: the hub's latency split at the commit of the
 * referral's transaction (the child notes when Outbox.notify ran).
 */
import { type ChildProcess, fork } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { createServer, Agent as HttpAgent, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { startDynamoLocal } from "@atensi/local/dynamo";
import { DynamoDBClient, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { Webhook } from "standardwebhooks";
import { person, referralInput } from "../support/programs";
import type { BenchFigure, BenchModule } from "./types";
import type { DynamoStats } from "./webhooks-hub";

/** A POST over Node's http with a keep-alive agent: the client the hub's delivery worker uses. */
const post = (url: string, options: { headers: Record<string, string>; body: string; agent: HttpAgent }) =>
  new Promise<{ statusCode: number; text: string }>((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: "POST",
        headers: { ...options.headers, "content-length": String(Buffer.byteLength(options.body)) },
        agent: options.agent,
        timeout: 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ statusCode: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
    req.end(options.body);
  });

const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 200);
const WARMUP = 80;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Referrals sent from a single loop, for the unloaded latency. */
const UNLOADED = 60;
/** Issue 16: against the durable floor (one TransactWriteItems, then sign and POST). */
const THROUGHPUT_TARGET = 0.6;
const P50_TARGET = 2;
const CALLS_TARGET = 3;
const WAIT_MS = 30_000;
const BENCH = "webhooks";
const TABLE = "bench_webhooks";

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};
/** This process's performance.now() on the wall clock, comparable with the child's. */
const wallClock = (now: number) => performance.timeOrigin + now;

type Arrival = { at: number; webhookID: string };

/**
 * The receiving programme: verifies each request with `standardwebhooks` (as test/support's
 * receiver does), answers 204, and records when each webhook was verified under a key: the
 * referral id in the payload (hub runs) or the `webhook-id` (floor runs).
 */
const startReceiver = async () => {
  let webhook: Webhook | undefined;
  let keyBy: "referral" | "webhook-id" = "referral";
  const arrivals = new Map<string, Arrival>();
  const waiters = new Map<string, (arrival: Arrival) => void>();
  const bodies: string[] = [];
  const invalid: string[] = [];
  const arrived = (key: string, arrival: Arrival) => {
    const waiter = waiters.get(key);
    if (waiter) {
      waiters.delete(key);
      waiter(arrival);
    } else arrivals.set(key, arrival);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let event: { data: { referral?: { id: string } } };
      try {
        event = webhook!.verify(body, req.headers as Record<string, string>) as typeof event;
      } catch (error) {
        invalid.push((error as Error).message);
        res.writeHead(400).end("bad signature");
        return;
      }
      const arrival = { at: performance.now(), webhookID: String(req.headers["webhook-id"]) };
      res.writeHead(204).end();
      if (keyBy === "webhook-id") arrived(arrival.webhookID, arrival);
      else {
        bodies.push(body);
        arrived(event.data.referral!.id, arrival);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/hooks/atensi`,
    bodies,
    invalid,
    useSecret: (secret: string) => {
      webhook = new Webhook(secret);
    },
    keyBy: (by: typeof keyBy) => {
      keyBy = by;
      arrivals.clear();
    },
    /** When the webhook under `key` was verified (performance.now() of this process). */
    arrival: (key: string) => {
      const known = arrivals.get(key);
      if (known) {
        arrivals.delete(key);
        return Promise.resolve(known);
      }
      return new Promise<Arrival>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(key);
          reject(new Error(`No verified webhook for ${key} within ${WAIT_MS / 1000} s`));
        }, WAIT_MS);
        waiters.set(key, (arrival) => {
          clearTimeout(timer);
          resolve(arrival);
        });
      });
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
};

type Sample = { started: number; verified: number; answered?: number; webhookID: string };
type Run = { samples: Sample[]; perSecond: number; p50: number; p99: number };

const summarise = (samples: Sample[]): Run => {
  const latencies = samples.map((s) => s.verified - s.started);
  const wall = Math.max(...samples.map((s) => s.verified)) - Math.min(...samples.map((s) => s.started));
  return {
    samples,
    perSecond: (samples.length * 1000) / wall,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
};

/** `count` jobs from `loops` loops, each job started when the loop's previous one ended. */
const closedLoop = async (count: number, loops: number, job: (i: number) => Promise<Sample>) => {
  const samples: Sample[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (next < count) samples.push(await job(next++));
    }),
  );
  return summarise(samples);
};

const best = (runs: Run[]) => runs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));

const readJSON = async (res: Response) => {
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};

/** Signs in through the API; returns the session cookie and its CSRF token. */
const signIn = async (hubURL: string, email: string, password: string) => {
  const res = await fetch(`${hubURL}/v1/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const json = await readJSON(res);
  return { cookie: res.headers.getSetCookie()[0]!.split(";")[0]!, csrf: String(json.csrfToken) };
};

const waitFor = <T>(child: ChildProcess, type: string) =>
  new Promise<T>((resolve, reject) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`webhooks-hub exited (code ${code})`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });

/** Standard Webhooks `v1` signature, computed as the hub computes it. */
const signature = (secret: string, id: string, timestamp: number, body: string) =>
  `v1,${createHmac("sha256", Buffer.from(secret.replace(/^whsec_/, ""), "base64"))
    .update(`${id}.${timestamp}.${body}`)
    .digest("base64")}`;

async function run(): Promise<BenchFigure[]> {
  const dynamo = await startDynamoLocal();
  const receiver = await startReceiver();
  const child = fork(join(import.meta.dirname, "webhooks-hub.ts"), {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, DYNAMODB_ENDPOINT: dynamo.endpoint, ATENSI_TABLE: TABLE },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  // Fresh pools for each run: a connection left idle through the other runs outlives the
  // server's keep-alive timeout, and reusing it as the server closes it resets the request.
  let hubAgent = new HttpAgent({ keepAlive: true, maxSockets: CONCURRENCY });
  // The delivery worker's pool (packages/core/src/webhook/guard.ts) without the SSRF lookup,
  // which runs once per connection, and connections are kept alive.
  let floorAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  const dynamoClient = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "ap-southeast-3",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  try {
    const ready = await waitFor<{ hubURL: string; admin: string; lks: string; password: string }>(
      child,
      "ready",
    );
    const { hubURL } = ready;

    // A programme with an endpoint at the receiver, set up through the API by the admin.
    const admin = await signIn(hubURL, ready.admin, ready.password);
    const asAdmin = async (path: string, body: unknown) =>
      readJSON(
        await fetch(hubURL + path, {
          method: "POST",
          headers: { "content-type": "application/json", cookie: admin.cookie, "x-csrf-token": admin.csrf },
          body: JSON.stringify(body),
        }),
      );
    const program = await asAdmin("/v1/programs", {
      code: "BENCH",
      name: "Program Bench",
      owningUnit: "Direktorat Jaminan Sosial Keluarga",
      kind: "perlindungan_sosial",
      allowedFields: ["nik", "name", "birthDate", "sex", "region", "criteria", "needs"],
    });
    const endpoint = await asAdmin(`/v1/programs/${program.id}/endpoints`, {
      url: receiver.url,
      eventTypes: [],
    });
    const secret = String(endpoint.secret);
    receiver.useSecret(secret);

    // The hub path: an LKS user refers, the worker delivers, the receiver verifies.
    const lks = await signIn(hubURL, ready.lks, ready.password);
    const referralHeaders = {
      "content-type": "application/json",
      cookie: lks.cookie,
      "x-csrf-token": lks.csrf,
    };
    let serial = 0;
    const referralBody = () => {
      serial++;
      const base = referralInput(String(program.id));
      // A different person each time (the NIK serial), the same size every time.
      return JSON.stringify({
        ...base,
        beneficiary: { ...base.beneficiary, ...person(serial) },
      });
    };
    const hubRun = (count: number, loops = CONCURRENCY) => {
      receiver.keyBy("referral");
      hubAgent.destroy();
      hubAgent = new HttpAgent({ keepAlive: true, maxSockets: CONCURRENCY });
      return closedLoop(count, loops, async () => {
        const body = referralBody();
        const started = performance.now();
        const res = await post(`${hubURL}/v1/referrals`, { headers: referralHeaders, body, agent: hubAgent });
        const json = JSON.parse(res.text) as { id: string };
        const answered = performance.now();
        if (res.statusCode !== 201)
          throw new Error(`POST /v1/referrals: ${res.statusCode} ${JSON.stringify(json)}`);
        const { at, webhookID } = await receiver.arrival(json.id);
        return { started, answered, verified: at, webhookID };
      });
    };

    // The floors: sign and POST the captured bodies as the worker does, and nothing else, or
    // after one transaction like the API's (referral, audit event, outbox event).
    const sealedSize = (body: string) => Buffer.from(body).toString("base64url");
    const durableWrite = (id: string, body: string) => {
      const now = new Date().toISOString();
      const referralID = `bench_${id}`;
      return dynamoClient.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              pk: `referral#${referralID}`,
              gsi1pk: "sender#bench",
              gsi2pk: "program#bench",
              gsi3pk: "program#bench#sent",
              gsi4pk: `nik#${id}`,
              gsi5pk: "referrals",
              personal: sealedSize(referralBody()),
            },
            { pk: `audit#${referralID}`, gsi1pk: "audit#bench", data: sealedSize(body.slice(0, 400)) },
            { pk: `outbox#${id}`, gsi1pk: "outbox#pending", payload: sealedSize(body) },
          ].map(({ pk, ...attributes }) => ({
            Put: {
              TableName: TABLE,
              ConditionExpression: "attribute_not_exists(pk)",
              Item: {
                pk: { S: pk },
                sk: { S: "-" },
                ...Object.fromEntries(
                  Object.entries(attributes).flatMap(([name, value]) =>
                    name.endsWith("pk")
                      ? [
                          [name, { S: value }],
                          [name.replace(/pk$/, "sk"), { S: now }],
                        ]
                      : [[name, { S: value }]],
                  ),
                ),
              },
            },
          })),
        }),
      );
    };
    const floorRun = (count: number, options: { durable?: boolean; loops?: number } = {}) => {
      receiver.keyBy("webhook-id");
      floorAgent.destroy();
      floorAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 });
      const bodies = receiver.bodies;
      return closedLoop(count, options.loops ?? CONCURRENCY, async (i) => {
        const body = bodies[i % bodies.length]!;
        const started = performance.now();
        const id = `evt_${randomBytes(13).toString("hex")}`;
        if (options.durable) await durableWrite(id, body);
        const timestamp = Math.floor(Date.now() / 1000);
        const res = await post(receiver.url, {
          headers: {
            "content-type": "application/json",
            "user-agent": "ATENSI-Integration-Hub-Webhooks/1.0",
            "webhook-id": id,
            "webhook-timestamp": String(timestamp),
            "webhook-signature": signature(secret, id, timestamp, body),
          },
          body,
          agent: floorAgent,
        });
        if (res.statusCode !== 204) throw new Error(`floor POST: ${res.statusCode}`);
        const { at } = await receiver.arrival(id);
        return { started, verified: at, webhookID: id };
      });
    };

    const profile = async () => {
      child.send({ type: "stats" });
      return waitFor<{ stats: DynamoStats; committed: Record<string, number> }>(child, "stats");
    };

    // Every floor runs as often, and as many deliveries, as the figure it divides.
    const floorCount = REFERRALS;
    await hubRun(WARMUP);
    await floorRun(WARMUP);
    await floorRun(WARMUP, { durable: true });
    await profile(); // the warm-up's calls are not counted
    const hubRuns: Run[] = [];
    const floorRuns: Run[] = [];
    const durableRuns: Run[] = [];
    // Interleaved, so a change in the machine's load hits the hub and its floors alike.
    for (let i = 0; i < ROUNDS; i++) {
      hubRuns.push(await hubRun(REFERRALS));
      durableRuns.push(await floorRun(floorCount, { durable: true }));
      floorRuns.push(await floorRun(floorCount));
    }
    const { stats, committed } = await profile();
    const durable = best(durableRuns);
    // Unloaded: one loop, so no request waits behind another; the path's own length.
    const hubAlone = await hubRun(UNLOADED, 1);
    const floorAlone = await floorRun(UNLOADED, { loops: 1 });
    const durableAlone = await floorRun(UNLOADED, { durable: true, loops: 1 });
    if (receiver.invalid.length)
      throw new Error(`receiver refused: ${receiver.invalid.slice(0, 3).join("; ")}`);

    const hub = best(hubRuns);
    const floor = best(floorRuns);
    const throughputRatio = hub.perSecond / durable.perSecond;
    const p50Ratio = hub.p50 / durable.p50;
    const aloneRatio = hubAlone.p50 / durableAlone.p50;

    // Where the hub's time goes: before the commit (API) and after it (delivery worker).
    const split = hub.samples.flatMap((s) => {
      const at = committed[s.webhookID];
      return at === undefined ? [] : [{ api: at - wallClock(s.started), worker: wallClock(s.verified) - at }];
    });
    const referrals = REFERRALS * ROUNDS;
    // The referral's path (the API request and the delivery worker); the sweep's periodic
    // queries (due retries, missed events, clocks, mail) run whatever the traffic, so apart.
    const all = Object.entries(stats).sort((a, b) => b[1].ms - a[1].ms);
    const calls = all.filter(([name]) => !name.startsWith("sweep:"));
    const sweepCalls = all.filter(([name]) => name.startsWith("sweep:")).reduce((n, [, s]) => n + s.calls, 0);
    const callsPerReferral = calls.reduce((n, [, s]) => n + s.calls, 0) / referrals;
    const msPerReferral = calls.reduce((n, [, s]) => n + s.ms, 0) / referrals;
    const breakdown = calls
      .map(([name, s]) => `${name} ${round(s.calls / referrals, 2)} × ${round(s.ms / s.calls)} ms`)
      .join(", ");
    const setup = `${REFERRALS} referrals from ${CONCURRENCY} loops that each wait for their webhook, best of ${ROUNDS} runs`;
    const figure = (f: Omit<BenchFigure, "bench">): BenchFigure => ({ bench: BENCH, ...f });
    return [
      figure({
        metric: "referral created → webhook verified: throughput",
        unit: "deliveries/s",
        value: round(hub.perSecond),
        floor: round(durable.perSecond),
        ratio: round(throughputRatio, 2),
        better: "higher",
        target: `≥ ${THROUGHPUT_TARGET} of durable floor`,
        pass: throughputRatio >= THROUGHPUT_TARGET,
        note: `${setup}; floor = the durable floor (one TransactWriteItems of a referral, its audit event and its outbox event, then sign and POST the same bodies to the same receiver, ${floorCount} per run, best of ${ROUNDS}); bare loop without the write: ${round(floor.perSecond)}/s (hub/bare ${round(hub.perSecond / floor.perSecond, 3)})`,
      }),
      figure({
        metric: "referral created → webhook verified: p50 latency",
        unit: "ms",
        value: round(hub.p50),
        floor: round(durable.p50),
        ratio: round(p50Ratio, 2),
        better: "lower",
        target: `≤ ${P50_TARGET}× durable floor`,
        pass: p50Ratio <= P50_TARGET,
        note: `${CONCURRENCY} loops; start of POST /v1/referrals (floor: of its transaction) → the receiver's successful verify; bare loop p50 ${round(floor.p50)} ms`,
      }),
      figure({
        metric: "referral created → webhook verified: p99 latency",
        unit: "ms",
        value: round(hub.p99),
        floor: round(durable.p99),
        ratio: round(hub.p99 / durable.p99, 2),
        better: "lower",
        note: "against the durable floor",
      }),
      figure({
        metric: "unloaded (1 loop): p50 latency",
        unit: "ms",
        value: round(hubAlone.p50),
        floor: round(durableAlone.p50),
        ratio: round(aloneRatio, 2),
        better: "lower",
        target: `≤ ${P50_TARGET}× durable floor`,
        pass: aloneRatio <= P50_TARGET,
        note: `${UNLOADED} referrals one after another (floor: the durable floor, as many); p99 ${round(hubAlone.p99)} ms (durable floor ${round(durableAlone.p99)}); POST answered (201) at p50 ${round(
          percentile(
            hubAlone.samples.map((s) => s.answered! - s.started),
            50,
          ),
        )} ms; bare loop p50 ${round(floorAlone.p50)} ms`,
      }),
      figure({
        metric: "split: POST start → referral transaction committed, p50",
        unit: "ms",
        value: round(
          percentile(
            split.map((s) => s.api),
            50,
          ),
        ),
        note: `API part; POST answered (201) at p50 ${round(
          percentile(
            hub.samples.map((s) => s.answered! - s.started),
            50,
          ),
        )} ms`,
      }),
      figure({
        metric: "split: committed → webhook verified (delivery worker), p50",
        unit: "ms",
        value: round(
          percentile(
            split.map((s) => s.worker),
            50,
          ),
        ),
        note: `p99 ${round(
          percentile(
            split.map((s) => s.worker),
            99,
          ),
        )} ms`,
      }),
      figure({
        metric: "DynamoDB calls per referral (API + delivery)",
        unit: "calls",
        value: round(callsPerReferral, 2),
        target: `≤ ${CALLS_TARGET}`,
        pass: callsPerReferral <= CALLS_TARGET,
        note: `${round(msPerReferral)} ms of DynamoDB Local time per referral: ${breakdown}; besides, the sweep's periodic queries: ${sweepCalls} calls in the measured runs (${round(sweepCalls / referrals, 2)} per referral)`,
      }),
      figure({
        metric: "durable floor: 1 TransactWriteItems, then sign and POST: throughput",
        unit: "deliveries/s",
        value: round(durable.perSecond),
        note: `p50 ${round(durable.p50)} ms, p99 ${round(durable.p99)} ms; hub/durable floor ${round(hub.perSecond / durable.perSecond, 2)}; the referral, audit and outbox items in one transaction on the same table (5 GSIs, stream on): what DynamoDB Local allows any design that commits before sending`,
      }),
    ];
  } finally {
    await Promise.race([
      (async () => {
        if (!child.connected) return;
        child.send({ type: "stop" });
        await waitFor(child, "stopped").catch(() => {});
      })(),
      new Promise((r) => setTimeout(r, 5000)),
    ]);
    child.kill();
    dynamoClient.destroy();
    hubAgent.destroy();
    floorAgent.destroy();
    await receiver.close();
    await dynamo.stop();
  }
}

export const bench: BenchModule = { name: BENCH, run };
