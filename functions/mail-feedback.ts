/**
 * SNS → core's `Mail.recordFeedback`: the bounce and complaint events of the SES configuration
 * set the sweep sends with (infra/webhooks.ts). A permanent bounce or a complaint suppresses the
 * address, so the outbox stops mailing it. A throw fails the invocation and SNS retries it.
 */
import { Mail } from "@atensi/core/mail";
import type { SNSEvent } from "aws-lambda";

export const handler = async (event: Pick<SNSEvent, "Records">) => {
  let suppressed = 0;
  for (const record of event.Records) {
    const result = await Mail.recordFeedback(JSON.parse(record.Sns.Message));
    suppressed += result.suppressed;
  }
  console.log(
    JSON.stringify({ level: "info", msg: "mail feedback", records: event.Records.length, suppressed }),
  );
  return { suppressed };
};
