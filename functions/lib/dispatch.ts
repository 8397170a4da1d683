/**
 * The dispatch worker's batch logic, without core (tests pass their own `process`): each SQS
 * message the relay sent (lib/relay.ts, an OutboxMessage) names an outbox event; core's
 * `Delivery.processEvent` fans it out to the subscribed endpoints and attempts each once.
 *
 * What counts as a failure: only a record whose processing threw (DynamoDB, KMS, a malformed
 * message). Those are reported as batch item failures, so SQS redelivers them after the
 * visibility timeout and, after 5 receives, moves them to the dead-letter queue (alarmed). A
 * webhook attempt that failed (timeout, 5xx, refused address) is not a throw: core records it
 * and schedules the retry in the table, where the sweep picks it up when it is due.
 */
import type { SQSBatchItemFailure, SQSBatchResponse, SQSRecord } from "aws-lambda";
import type { OutboxMessage } from "./relay";

/**
 * Core's `Delivery.processEvent`: resolves with each delivery's outcome. It gets the relay's
 * whole message too, so it can take the event from it instead of reading the table.
 */
export type ProcessEvent = (eventID: string, message: Partial<OutboxMessage>) => Promise<readonly string[]>;

const messageOf = (record: Pick<SQSRecord, "body">) => {
  const message = JSON.parse(record.body) as Partial<OutboxMessage> | null;
  const eventID = message?.eventID;
  if (typeof eventID !== "string" || eventID === "") throw new Error("The message names no outbox event");
  return { ...message, eventID };
};

/** The outbox event id a message carries; throws when the body is not the relay's message. */
export const eventIDOf = (record: Pick<SQSRecord, "body">): string => messageOf(record).eventID;

const log = (level: "info" | "error", msg: string, fields: Record<string, unknown>) =>
  (level === "error" ? console.error : console.log)(JSON.stringify({ level, msg, ...fields }));

/**
 * Processes the batch's records concurrently (the batch size bounds it) and reports the ones
 * that threw. Outcomes are counted in one log line per batch.
 */
export const dispatchBatch = async (
  records: Pick<SQSRecord, "messageId" | "body">[],
  process: ProcessEvent,
): Promise<SQSBatchResponse> => {
  // Concurrently: the standard queue keeps no order anyway; receivers order one referral's
  // events by their sequence number (the local worker, which sees commit order, keeps it).
  const results = await Promise.allSettled(
    records.map(async (record) => {
      const message = messageOf(record);
      return process(message.eventID, message);
    }),
  );
  const batchItemFailures: SQSBatchItemFailure[] = [];
  const outcomes: Record<string, number> = {};
  results.forEach((result, index) => {
    const record = records[index]!;
    if (result.status === "fulfilled") {
      for (const outcome of result.value) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      return;
    }
    batchItemFailures.push({ itemIdentifier: record.messageId });
    log("error", "dispatch: processing an event failed; SQS will redeliver it", {
      messageId: record.messageId,
      error: (result.reason as Error)?.message ?? String(result.reason),
    });
  });
  log("info", "dispatch: batch done", {
    records: records.length,
    failed: batchItemFailures.length,
    deliveries: outcomes,
  });
  return { batchItemFailures };
};
