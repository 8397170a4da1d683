/**
 * DynamoDB stream → SQS deliveries queue. Forwards pending outbox events (see lib/relay.ts);
 * failed records are reported so Lambda retries from the first one (reportBatchItemFailures).
 */
import { SQSClient } from "@aws-sdk/client-sqs";
import type { DynamoDBStreamHandler } from "aws-lambda";
import { relayOutbox, sqsSender } from "./lib/relay";

const send = sqsSender(new SQSClient({}), process.env.ATENSI_DELIVERIES_QUEUE_URL ?? "");

export const handler: DynamoDBStreamHandler = (event) => relayOutbox(event.Records, send);
