/**
 * Moves the deliveries dead-letter queue back onto the deliveries queue, for after the cause of
 * the failures (an outage, a bad deploy) is fixed. In the console, SQS's "Start DLQ redrive"
 * (StartMessageMoveTask) does the same; this is the scripted, tested way (test/aws/webhooks.test.ts):
 *
 *   pnpm --filter @atensi/functions redrive <dlq-url> <queue-url>
 *
 * Each message is sent to the queue before it is deleted from the DLQ, so a crash in between
 * sends it twice, never loses it; dispatch is idempotent per event (a delivered event is not sent
 * again). Message attributes are kept.
 */
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";

export const redrive = async (sqs: SQSClient, from: string, to: string, options: { max?: number } = {}) => {
  const max = options.max ?? Number.POSITIVE_INFINITY;
  let moved = 0;
  while (moved < max) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: from,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ["All"],
        WaitTimeSeconds: 0,
        VisibilityTimeout: 60,
      }),
    );
    if (Messages.length === 0) break;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: to,
        Entries: Messages.map((m, i) => ({
          Id: `m${i}`,
          MessageBody: m.Body!,
          ...(m.MessageAttributes ? { MessageAttributes: m.MessageAttributes } : {}),
        })),
      }),
    );
    // Only what the queue took leaves the DLQ; the rest is received again on the next pass.
    const taken = new Set((sent.Successful ?? []).map((s) => s.Id));
    const done = Messages.filter((_, i) => taken.has(`m${i}`));
    if (done.length) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: from,
          Entries: done.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
    if (sent.Failed?.length)
      throw new Error(`The queue refused ${sent.Failed.length} messages: ${sent.Failed[0]?.Message}`);
    moved += done.length;
  }
  return { moved };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const [from, to] = process.argv.slice(2);
  if (!from || !to) {
    console.error("usage: redrive <dead-letter-queue-url> <deliveries-queue-url>");
    process.exit(2);
  }
  const sqs = new SQSClient({});
  const { moved } = await redrive(sqs, from, to);
  console.log(`moved ${moved} message(s) from ${from} to ${to}`);
}
