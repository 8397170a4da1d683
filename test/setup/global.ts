import { startDynamoLocal } from "@atensi/local/dynamo";
import { startMoto } from "../support/moto";

/**
 * Starts DynamoDB Local and moto (the AWS API emulator for SQS, S3, KMS, Secrets Manager and
 * SES) once for the whole test run, side by side; workers inherit their endpoints:
 * `DYNAMODB_ENDPOINT` and `MOTO_ENDPOINT` (test/support/aws.ts points the SDK clients at it).
 */
export default async function setup() {
  const started = await Promise.allSettled([startDynamoLocal(), startMoto()]);
  const [dynamo, moto] = started;
  if (dynamo.status === "rejected" || moto.status === "rejected") {
    // Stop whichever did start, so a failed setup leaves no emulator behind.
    await Promise.all(started.map((s) => (s.status === "fulfilled" ? s.value.stop() : undefined)));
    throw dynamo.status === "rejected" ? dynamo.reason : (moto as PromiseRejectedResult).reason;
  }
  process.env.DYNAMODB_ENDPOINT = dynamo.value.endpoint;
  process.env.MOTO_ENDPOINT = moto.value.endpoint;
  return async () => {
    await Promise.all([dynamo.value.stop(), moto.value.stop()]);
  };
}
