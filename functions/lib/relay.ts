/**
 * The outbox relay: turns DynamoDB stream records of pending outbox items into SQS messages.
 *
 * The outbox item is written by core (`Outbox.enqueue`, entity "outbox") in the same
 * transaction as the change it announces; core's entity layer marks each item with its entity
 * name in `__edb_e__` (the marker ElectroDB used, kept so existing tables read unchanged). The stream is also filtered at the event source mapping (infra/webhooks.ts) so
 * the function is only invoked for such records; the check here keeps the handler correct
 * without that filter.
 *
 * This is the one place that sends to SQS; dispatch (lib/dispatch.ts) consumes the queue
 * through its event source mapping. The message carries the whole event, payload still sealed
 * (core's vault): dispatch opens it there instead of reading the item back (docs/deploy.md).
 */

import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBRecord } from "aws-lambda";

/** The entity marker attribute (packages/core/src/db/entity.ts) and the outbox entity's name in core. */
export const ENTITY_ATTRIBUTE = "__edb_e__";
export const OUTBOX_ENTITY = "outbox";

/** The SQS message body: the event as subscribers see it, without table keys. */
export type OutboxMessage = {
  eventID: string;
  type: string;
  subject: string;
  /** The programme the event is addressed to, when it is (dispatch finds its endpoints by it). */
  programID?: string;
  payload: unknown;
  createdAt: string;
};

/** Sends up to 10 messages; resolves with the ids of the entries SQS did not accept. */
export type Sender = (entries: { id: string; message: OutboxMessage }[]) => Promise<string[]>;

const SQS_BATCH_ENTRIES = 10;
/** SQS's limit is 256 KiB per batch request; stay under it with room for attributes. */
const SQS_BATCH_BYTES = 240 * 1024;

/**
 * The outbox event a stream record announces, or undefined when it is anything else. Throws
 * when the record is a pending outbox item but not a well-formed one (an attribute missing or
 * of the wrong type): forwarding `"undefined"` as an event id would lose the event silently.
 */
export const outboxEvent = (record: DynamoDBRecord): OutboxMessage | undefined => {
  if (record.eventName === "REMOVE") return undefined;
  const image = record.dynamodb?.NewImage;
  if (!image) return undefined;
  if (image[ENTITY_ATTRIBUTE]?.S !== OUTBOX_ENTITY || image.status?.S !== "pending") return undefined;
  const item = unmarshall(image as Record<string, AttributeValue>);
  const text = (name: string) => {
    const value = item[name];
    if (typeof value !== "string" || value === "") throw new Error(`The outbox item has no ${name}`);
    return value;
  };
  return {
    eventID: text("eventID"),
    type: text("type"),
    subject: text("subject"),
    ...(typeof item.programID === "string" && item.programID ? { programID: item.programID } : {}),
    payload: item.payload,
    createdAt: text("createdAt"),
  };
};

/**
 * Relays the batch in stream order, in SendMessageBatch requests of at most 10 entries. Records
 * SQS refused are returned as batch item failures (their stream sequence numbers), so Lambda
 * retries from the first of them; records after it may be sent twice, which at-least-once
 * delivery allows (subscribers deduplicate on the `webhook-id`, i.e. the event id).
 */
export const relayOutbox = async (
  records: DynamoDBRecord[],
  send: Sender,
): Promise<DynamoDBBatchResponse> => {
  const pending: { id: string; sequence: string; message: OutboxMessage; bytes: number }[] = [];
  // Malformed records are reported, not thrown: a throw would fail the whole batch, and Lambda
  // would retry records that were fine. After its retries the mapping sends a reported record
  // to RelayFailures, and the sweep fans out whatever event it stood for (if it was one).
  const malformed: string[] = [];
  records.forEach((record, index) => {
    let message: OutboxMessage | undefined;
    try {
      message = outboxEvent(record);
    } catch (error) {
      const sequence = record.dynamodb?.SequenceNumber ?? "";
      malformed.push(sequence);
      // The sequence number and the reason only: the image may hold a sealed payload.
      console.error(
        JSON.stringify({
          level: "error",
          msg: "outbox relay: malformed stream record",
          sequence,
          error: (error as Error).message,
        }),
      );
      return;
    }
    if (!message) return;
    pending.push({
      id: `r${index}`,
      sequence: record.dynamodb?.SequenceNumber ?? "",
      message,
      bytes: Buffer.byteLength(JSON.stringify(message)),
    });
  });

  const chunks: (typeof pending)[] = [];
  let chunk: typeof pending = [];
  let bytes = 0;
  for (const entry of pending) {
    if (chunk.length === SQS_BATCH_ENTRIES || (chunk.length > 0 && bytes + entry.bytes > SQS_BATCH_BYTES)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(entry);
    bytes += entry.bytes;
  }
  if (chunk.length > 0) chunks.push(chunk);

  const failed = new Set<string>();
  for (const entries of chunks) {
    for (const id of await send(entries.map(({ id, message }) => ({ id, message })))) failed.add(id);
  }
  return {
    batchItemFailures: [
      ...malformed,
      ...pending.filter((entry) => failed.has(entry.id)).map((entry) => entry.sequence),
    ].map((itemIdentifier) => ({ itemIdentifier })),
  };
};

/** The Sender over a real SQS queue; message attributes let consumers route without parsing. */
export const sqsSender =
  (client: SQSClient, queueUrl: string): Sender =>
  async (entries) => {
    if (!queueUrl) throw new Error("ATENSI_DELIVERIES_QUEUE_URL is not set");
    const result = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: entries.map(({ id, message }) => ({
          Id: id,
          MessageBody: JSON.stringify(message),
          MessageAttributes: {
            eventType: { DataType: "String", StringValue: message.type },
            eventID: { DataType: "String", StringValue: message.eventID },
          },
        })),
      }),
    );
    for (const failure of result.Failed ?? []) {
      console.error(
        JSON.stringify({
          level: "error",
          msg: "outbox relay: SQS refused message",
          id: failure.Id,
          code: failure.Code,
        }),
      );
    }
    return (result.Failed ?? []).map((failure) => failure.Id ?? "");
  };
