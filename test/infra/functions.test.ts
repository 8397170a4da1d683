/**
 * The Lambda entries: the outbox relay's logic against core's outbox entity, and a real esbuild
 * bundle of every function with the deployment options (infra/bundle.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OutboxEntity } from "@atensi/core/outbox";
import { afterAll, describe, expect, it } from "vitest";
import {
  DISPATCH_BATCH_SIZE,
  DISPATCH_WORST_MS,
  SWEEP,
  SWEEP_WORST_MS,
  WEBHOOK_TIMEOUT_MS,
} from "../../functions/lib/budget";
import { dispatchBatch, eventIDOf, type ProcessEvent } from "../../functions/lib/dispatch";
import {
  ENTITY_ATTRIBUTE,
  OUTBOX_ENTITY,
  outboxEvent,
  relayOutbox,
  type Sender,
} from "../../functions/lib/relay";
import {
  bundle,
  externalImports,
  FUNCTIONS,
  LOCAL_ONLY_PACKAGES,
  UNUSED_SCHEMA_ADAPTERS,
} from "../../infra/bundle";
import {
  DELIVERIES_VISIBILITY,
  DISPATCH_BATCHING_WINDOW,
  DISPATCH_TIMEOUT,
  SWEEP_EVERY,
  SWEEP_TIMEOUT,
} from "../../infra/webhooks";

type DynamoDBRecord = Parameters<typeof outboxEvent>[0];
type AttributeValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { M: Record<string, AttributeValue> };

/** DynamoDB's JSON, for the value shapes these tests use (what a stream record carries). */
const marshall = (item: Record<string, unknown>): Record<string, AttributeValue> => {
  const value = (v: unknown): AttributeValue => {
    if (typeof v === "string") return { S: v };
    if (typeof v === "number") return { N: String(v) };
    if (typeof v === "boolean") return { BOOL: v };
    return { M: marshall(v as Record<string, unknown>) };
  };
  return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, value(v)]));
};

const outboxItem = (eventID: string, status = "pending", payload: unknown = { referralID: "ref_1" }) => ({
  pk: `$atensi#outbox_1#eventid_${eventID}`,
  sk: "$outbox_1",
  gsi1pk: `$atensi#outbox_1#status_${status}`,
  gsi1sk: "$outbox_1#createdat_2026-01-01T00:00:00.000Z",
  [ENTITY_ATTRIBUTE]: OUTBOX_ENTITY,
  __edb_v__: "1",
  eventID,
  type: "referral.created",
  subject: "ref_1",
  payload,
  status,
  createdAt: "2026-01-01T00:00:00.000Z",
});

let sequence = 100;
const record = (
  item: Record<string, unknown>,
  eventName: "INSERT" | "MODIFY" | "REMOVE" = "INSERT",
): DynamoDBRecord => ({
  eventName,
  dynamodb: {
    SequenceNumber: String(sequence++),
    ...(eventName === "REMOVE"
      ? { OldImage: marshall(item) as never }
      : { NewImage: marshall(item) as never }),
  },
});

const recordingSender = (refuse: (id: string, index: number) => boolean = () => false) => {
  const calls: Parameters<Sender>[0][] = [];
  let seen = 0;
  const send: Sender = async (entries) => {
    calls.push(entries);
    return entries.filter(({ id }) => refuse(id, seen++)).map(({ id }) => id);
  };
  return { calls, send };
};

describe("outbox relay", () => {
  it("uses the entity marker and name core's outbox entity writes", () => {
    expect(OutboxEntity.schema.model.entity).toBe(OUTBOX_ENTITY);
    const params = OutboxEntity.create({
      eventID: "evt_1",
      type: "t",
      subject: "s",
      payload: "v1.sealed",
      status: "pending",
      createdAt: "x",
    }).params();
    expect((params as { Item: Record<string, unknown> }).Item[ENTITY_ATTRIBUTE]).toBe(OUTBOX_ENTITY);
  });

  it("forwards only pending outbox items, without table keys", () => {
    expect(outboxEvent(record(outboxItem("evt_1")))).toEqual({
      eventID: "evt_1",
      type: "referral.created",
      subject: "ref_1",
      payload: { referralID: "ref_1" },
      createdAt: "2026-01-01T00:00:00.000Z",
    });
    expect(outboxEvent(record(outboxItem("evt_2", "dispatched"), "MODIFY"))).toBeUndefined();
    expect(outboxEvent(record(outboxItem("evt_3"), "REMOVE"))).toBeUndefined();
    expect(outboxEvent(record({ ...outboxItem("evt_4"), [ENTITY_ATTRIBUTE]: "partner" }))).toBeUndefined();
  });

  it("sends in stream order, at most 10 per SendMessageBatch", async () => {
    const records = Array.from({ length: 23 }, (_, i) => record(outboxItem(`evt_${i}`)));
    records.splice(5, 0, record({ ...outboxItem("x"), [ENTITY_ATTRIBUTE]: "user" }));
    const { calls, send } = recordingSender();
    const result = await relayOutbox(records, send);
    expect(result.batchItemFailures).toEqual([]);
    expect(calls.map((c) => c.length)).toEqual([10, 10, 3]);
    expect(calls.flat().map((e) => e.message.eventID)).toEqual(
      Array.from({ length: 23 }, (_, i) => `evt_${i}`),
    );
  });

  it("splits batches that would exceed SQS's request size", async () => {
    const big = "x".repeat(100 * 1024);
    const records = Array.from({ length: 4 }, (_, i) => record(outboxItem(`evt_${i}`, "pending", { big })));
    const { calls, send } = recordingSender();
    await relayOutbox(records, send);
    expect(calls.map((c) => c.length)).toEqual([2, 2]);
  });

  it("reports the records SQS refused as batch item failures (by sequence number)", async () => {
    const records = Array.from({ length: 12 }, (_, i) => record(outboxItem(`evt_${i}`)));
    const { send } = recordingSender((_id, index) => index === 3 || index === 11);
    const result = await relayOutbox(records, send);
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: records[3]!.dynamodb!.SequenceNumber },
      { itemIdentifier: records[11]!.dynamodb!.SequenceNumber },
    ]);
  });

  it("lets a failing send fail the whole invocation (Lambda retries the batch)", async () => {
    const send: Sender = async () => {
      throw new Error("network");
    };
    await expect(relayOutbox([record(outboxItem("evt_1"))], send)).rejects.toThrow("network");
  });
});

describe("dispatch batch", () => {
  const message = (messageId: string, eventID?: string) => ({
    messageId,
    body: JSON.stringify({
      eventID,
      type: "referral.sent",
      subject: "ref_1",
      payload: "v1.x",
      createdAt: "x",
    }),
  });

  it("reports only the records whose processing threw, by message id", async () => {
    const seen: string[] = [];
    const process: ProcessEvent = async (eventID) => {
      seen.push(eventID);
      if (eventID === "evt_throws") throw new Error("DynamoDB is unavailable");
      // A failed HTTP attempt is an outcome (retry scheduled in the table), not a throw.
      return eventID === "evt_retrying" ? ["retrying", "delivered"] : ["delivered"];
    };
    const result = await dispatchBatch(
      [
        message("m1", "evt_ok"),
        message("m2", "evt_throws"),
        message("m3", "evt_retrying"),
        { messageId: "m4", body: "not json" },
        message("m5"),
      ],
      process,
    );
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: "m2" },
      { itemIdentifier: "m4" },
      { itemIdentifier: "m5" },
    ]);
    expect(seen.sort()).toEqual(["evt_ok", "evt_retrying", "evt_throws"]);
  });

  it("processes the records of a batch concurrently (the batch's time is its slowest record's)", async () => {
    let inFlight = 0;
    let most = 0;
    const process: ProcessEvent = async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      return [];
    };
    const records = Array.from({ length: DISPATCH_BATCH_SIZE }, (_, i) => message(`m${i}`, `evt_${i}`));
    expect(await dispatchBatch(records, process)).toEqual({ batchItemFailures: [] });
    expect(most).toBe(DISPATCH_BATCH_SIZE);
  });

  it("reads the event id from the relay's message", () => {
    const relayed = outboxEvent(record(outboxItem("evt_9")));
    expect(eventIDOf({ body: JSON.stringify(relayed) })).toBe("evt_9");
    expect(() => eventIDOf({ body: "null" })).toThrow(/no outbox event/);
    expect(() => eventIDOf({ body: JSON.stringify({ eventID: 7 }) })).toThrow(/no outbox event/);
  });
});

describe("worker time budgets", () => {
  it("fit a batch and a sweep run well within the functions' timeouts, and the sweep within its minute", () => {
    expect(WEBHOOK_TIMEOUT_MS).toBe(15_000); // core's default (packages/core/src/webhook)
    expect(DISPATCH_TIMEOUT.toSeconds() * 1000).toBeGreaterThanOrEqual(2 * DISPATCH_WORST_MS);
    expect(DISPATCH_WORST_MS).toBeGreaterThan(WEBHOOK_TIMEOUT_MS);
    expect(DELIVERIES_VISIBILITY.toSeconds()).toBeGreaterThanOrEqual(6 * DISPATCH_TIMEOUT.toSeconds() + 1);
    expect(SWEEP_TIMEOUT.toSeconds() * 1000).toBeGreaterThanOrEqual(2 * SWEEP_WORST_MS);
    expect(SWEEP_WORST_MS).toBeLessThan(SWEEP_EVERY.toMilliseconds());
    expect(SWEEP.outboxGraceMs).toBeGreaterThan(DISPATCH_BATCHING_WINDOW.toMilliseconds() + 1000);
  });
});

describe("bundling", () => {
  const outdir = mkdtempSync(join(tmpdir(), "atensi-bundle-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("bundles every function with esbuild, leaving only the AWS SDK and the native argon2 addon external", async () => {
    const unused = new RegExp(`^(${UNUSED_SCHEMA_ADAPTERS.map((p) => p.replace("/*", "/.+")).join("|")})$`);
    // Core's vault loads these with import() when it seals or opens (KMS) or needs the blind-index key.
    const lazySdk = ["@aws-sdk/client-kms", "@aws-sdk/client-secrets-manager"];
    for (const [name, entry] of Object.entries(FUNCTIONS)) {
      const result = await bundle(entry, join(outdir, name));
      const loaded = externalImports(result.metafile, "static").filter(
        (path) => !path.startsWith("@aws-sdk/"),
      );
      // Nothing is loaded at start: argon2 with the first password operation, the DynamoDB
      // client with the first table call (core/src/db, a plain require esbuild leaves alone).
      expect(loaded, name).toEqual([]);
      const dynamic = externalImports(result.metafile, "dynamic");
      // Password hashing belongs to the api; the sweep and the schedules reach core's user module
      // through the referral and report jobs (referral → partner → user), so they carry the lazy
      // import without ever calling it. The delivery path (relay, dispatch) and mail feedback do not.
      expect(dynamic.includes("@node-rs/argon2"), name).toBe(["api", "sweep", "schedules"].includes(name));
      // Lazily imported: AWS SDK clients (the runtime's), argon2, the local-only SMTP library
      // (in AWS mail goes through SES), or schema adapters never loaded.
      const localOnly = new Set<string>(LOCAL_ONLY_PACKAGES);
      for (const path of dynamic) {
        if (!path.startsWith("@aws-sdk/") && path !== "@node-rs/argon2" && !localOnly.has(path))
          expect(path, name).toMatch(unused);
      }
      const bundled = Object.keys(result.metafile.inputs);
      for (const pkg of LOCAL_ONLY_PACKAGES)
        expect(
          bundled.filter((input) => input.includes(`node_modules/${pkg}/`)),
          `${name} carries ${pkg}`,
        ).toEqual([]);
      const code = readFileSync(join(outdir, name, "index.mjs"), "utf8");
      expect(code, name).toMatch(/export\s*\{[^}]*\bhandler\b/);
      if (name === "relay") continue;
      // Core's workers: the SDK clients stay external and load lazily; webhooks use node:http(s).
      expect(dynamic, name).toEqual(expect.arrayContaining(lazySdk));
    }
  });
});
