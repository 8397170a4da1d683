import { startDynamoLocal } from "@atensi/local/dynamo";

/** Starts DynamoDB Local once for the whole test run; workers inherit its endpoint. */
export default async function setup() {
  const dynamo = await startDynamoLocal();
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  return async () => {
    await dynamo.stop();
  };
}
