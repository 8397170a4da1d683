/**
 * SQS deliveries queue → programme endpoints.
 *
 * EXTENSION POINT (referrals issue): the signed-webhook delivery worker (Standard Webhooks
 * signatures, attempt log, backoff, endpoint disabling) lives in @atensi/core once that issue
 * lands; this entry then becomes `export const handler = Deliveries.sqsHandler` or similar. Until
 * then no programme subscribes to anything, so the handler acknowledges every message (no batch
 * item failures) and logs which event it received, so the queue does not fill up and the DLQ
 * alarm stays meaningful.
 */
import type { SQSBatchResponse, SQSHandler } from "aws-lambda";

export const handler: SQSHandler = async (event): Promise<SQSBatchResponse> => {
  for (const record of event.Records) {
    console.log(
      JSON.stringify({
        level: "info",
        msg: "delivery received; no delivery worker installed yet",
        messageId: record.messageId,
        eventType: record.messageAttributes?.eventType?.stringValue ?? "unknown",
        eventID: record.messageAttributes?.eventID?.stringValue,
      }),
    );
  }
  return { batchItemFailures: [] };
};
