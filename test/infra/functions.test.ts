/**
 * The Lambda entries: the outbox relay's logic against core's outbox entity, and a real esbuild
 * bundle of every function with the deployment options (infra/bundle.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OutboxEntity } from "@atensi/core/outbox";
import { afterAll, describe, expect, it } from "vitest";
import { handler as dispatch } from "../../functions/dispatch";
import {
  ENTITY_ATTRIBUTE,
  OUTBOX_ENTITY,
  outboxEvent,
  relayOutbox,
  type Sender,
} from "../../functions/lib/relay";
import { bundle, externalImports, FUNCTIONS, UNUSED_SCHEMA_ADAPTERS } from "../../infra/bundle";

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

describe("dispatch (extension point)", () => {
  it("acknowledges every message until the referrals issue installs the delivery worker", async () => {
    const result = await dispatch(
      {
        Records: [
          {
            messageId: "m1",
            body: "{}",
            messageAttributes: { eventType: { stringValue: "referral.created", dataType: "String" } },
          } as never,
        ],
      },
      {} as never,
      () => {},
    );
    expect(result).toEqual({ batchItemFailures: [] });
  });
});

describe("bundling", () => {
  const outdir = mkdtempSync(join(tmpdir(), "atensi-bundle-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("bundles every function with esbuild, leaving only the AWS SDK and the native argon2 addon external", async () => {
    const unused = new RegExp(`^(${UNUSED_SCHEMA_ADAPTERS.map((p) => p.replace("/*", "/.+")).join("|")})$`);
    for (const [name, entry] of Object.entries(FUNCTIONS)) {
      const result = await bundle(entry, join(outdir, name));
      const loaded = externalImports(result.metafile, "static").filter(
        (path) => !path.startsWith("@aws-sdk/"),
      );
      expect(loaded, name).toEqual(name === "api" ? ["@node-rs/argon2"] : []);
      for (const path of externalImports(result.metafile, "dynamic")) expect(path, name).toMatch(unused);
      const code = readFileSync(join(outdir, name, "index.mjs"), "utf8");
      expect(code, name).toMatch(/export\s*\{[^}]*\bhandler\b/);
    }
  });
});
