/**
 * SQS deliveries queue → programme endpoints: for each message (the outbox event itself, still
 * sealed, as the relay forwarded it from the stream), core fans the outbox event out
 * to the subscribed endpoints and attempts each delivery once (signed, 15 s timeout, SSRF-guarded);
 * failed attempts are retried by the sweep. Only records that threw are reported back to SQS
 * (lib/dispatch.ts). Runs as the system actor "dispatch".
 */
import { Actor } from "@atensi/core/actor";
import { Outbox } from "@atensi/core/outbox";
import { Delivery } from "@atensi/core/webhook";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { dispatchBatch } from "./lib/dispatch";

export const handler = (event: SQSEvent): Promise<SQSBatchResponse> =>
  Actor.provide({ type: "system", properties: { name: "dispatch" } }, () =>
    dispatchBatch(event.Records, async (eventID, message) =>
      // The event from the stream record the relay forwarded; messages without it (sent before
      // the relay carried the whole item) are read from the table.
      Delivery.processEvent(
        typeof message.payload === "string" && message.type && message.subject && message.createdAt
          ? await Outbox.fromRecord(message as Parameters<typeof Outbox.fromRecord>[0])
          : eventID,
      ),
    ),
  );
