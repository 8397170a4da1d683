/**
 * Child process of the webhooks benchmark: the hub as `pnpm start` runs it (web app over HTTP and
 * the in-process delivery worker) on DynamoDB Local, seeded with the demo accounts. It also
 * counts and times every DynamoDB call (an SDK middleware on the shared client), by the part of
 * the hub that made it (the actor in context), and notes when each
 * outbox event was committed, so the parent can show where a referral's time goes.
 */
import { randomBytes } from "node:crypto";

process.env.ATENSI_TABLE ??= "bench_webhooks";
process.env.ATENSI_ENV = "test";
process.env.ATENSI_LOG_REQUESTS = "false";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.ATENSI_PII_KEY = randomBytes(32).toString("base64");
process.env.ATENSI_BLIND_INDEX_KEY = randomBytes(32).toString("base64");
// The receiver listens on this machine; only this name is let through the SSRF guard.
process.env.ATENSI_WEBHOOK_ALLOW_HOSTS = "localhost";

const { Actor, Database, Outbox } = await import("@atensi/core");
const { createWebApp, freePort, listen, startDeliveryWorker } = await import("@atensi/local");
const { seed } = await import("@atensi/local/seed");

/** Keyed `<part>:<command>`: part is "api" (a request), "delivery-worker" or "sweep" (the local worker's two roles). */
export type DynamoStats = Record<string, { calls: number; ms: number }>;

const partOf = () => {
  try {
    const actor = Actor.use();
    return actor.type === "system" ? actor.properties.name : "api";
  } catch {
    return "other";
  }
};

let stats: DynamoStats = {};
Database.raw().middlewareStack.add(
  (next, context) => async (args) => {
    const started = performance.now();
    try {
      return await next(args);
    } finally {
      const name = `${partOf()}:${String(context.commandName ?? "unknown").replace(/Command$/, "")}`;
      const s = stats[name] ?? { calls: 0, ms: 0 };
      s.calls++;
      s.ms += performance.now() - started;
      stats[name] = s;
    }
  },
  { step: "initialize", name: "benchDynamoTimer" },
);

// When each event's transaction committed (Outbox.notify runs right after the commit), on the
// wall clock with sub-millisecond precision, so the parent can split a referral's latency.
let committed: Record<string, number> = {};
Outbox.subscribe((events) => {
  const at = performance.timeOrigin + performance.now();
  for (const { eventID } of events) committed[eventID] = at;
});

const password = "bench-password-long-enough";
await Database.ensureTable();
await seed(password);
const hub = await listen(createWebApp("/nonexistent"), await freePort());
const worker = startDeliveryWorker();

process.on("message", async (m: { type: string }) => {
  if (m.type === "stats") {
    process.send?.({ type: "stats", stats, committed });
    stats = {};
    committed = {};
  }
  if (m.type === "stop") {
    await worker.stop();
    await hub.close();
    process.send?.({ type: "stopped" });
    process.disconnect();
  }
});
process.send?.({
  type: "ready",
  hubURL: hub.url,
  admin: "admin@kemensos.example",
  lks: "widyatama@lks.example",
  password,
});
