/**
 * SQS deliveries queue → programme endpoints: for each message, core fans the outbox event out
 * to the subscribed endpoints and attempts each delivery once (signed, 15 s timeout, SSRF-guarded);
 * failed attempts are retried by the sweep. Only records that threw are reported back to SQS
 * (lib/dispatch.ts). Runs as the system actor "dispatch".
 */
import { Actor } from "@atensi/core/actor";
import { Delivery } from "@atensi/core/webhook";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { dispatchBatch } from "./lib/dispatch";

export const handler = (event: SQSEvent): Promise<SQSBatchResponse> =>
  Actor.provide({ type: "system", properties: { name: "dispatch" } }, () =>
    dispatchBatch(event.Records, Delivery.processEvent),
  );
