/**
 * The AWS path on this machine: the real Lambda handlers of `functions/`, fed real event shapes,
 * against real AWS API servers: DynamoDB Local (with its Streams API) and moto (SQS, S3, KMS,
 * Secrets Manager, SES), both started by test/setup/global.ts. The SDK clients in core and
 * functions are pointed at them by endpoint settings only (`AWS_ENDPOINT_URL_<SERVICE>`, which
 * SDK v3 honours natively); nothing is mocked.
 *
 * What plays Lambda's part here, kept as thin as the service's documented behaviour:
 * - `startApiGateway`: an HTTP server that turns each request into an API Gateway HTTP API
 *   payload 2.0 event, invokes the api handler and writes its structured result back;
 * - `streamReader`: reads the table's stream with the DynamoDB Streams API (DescribeStream,
 *   GetShardIterator, GetRecords) and hands the records over in the Lambda event's shape;
 * - `sqsConsumer`: receives up to 10 messages, invokes a handler with the SQS event, deletes
 *   the records not reported as batch item failures and makes the failed ones visible again at
 *   once (the visibility timeout running out, without the wait).
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Role } from "@atensi/contracts";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  SQSBatchResponse,
  SQSRecord,
} from "aws-lambda";
import { DELIVERY_MAX_RECEIVES } from "../../functions/lib/budget";

const REGION = "ap-southeast-3";
const ACCOUNT = "123456789012";

export const motoEndpoint = () => {
  const endpoint = process.env.MOTO_ENDPOINT;
  if (!endpoint)
    throw new Error("MOTO_ENDPOINT is not set: run the tests through vitest (test/setup/global.ts)");
  return endpoint;
};

/**
 * Points every AWS SDK client this process creates at moto (DynamoDB stays on DynamoDB Local
 * through core's `DYNAMODB_ENDPOINT`). Must run before the handlers are imported: relay creates
 * its SQS client at import.
 */
export const pointSdkAtMoto = () => {
  const endpoint = motoEndpoint();
  for (const service of ["SQS", "S3", "KMS", "SECRETS_MANAGER", "SES", "SESV2"]) {
    process.env[`AWS_ENDPOINT_URL_${service}`] = endpoint;
  }
  process.env.AWS_ACCESS_KEY_ID = "testing";
  process.env.AWS_SECRET_ACCESS_KEY = "testing";
  process.env.AWS_REGION = REGION;
  // AWS_REGION and the endpoints above are all the SDK needs; no profile or IMDS lookups.
  process.env.AWS_EC2_METADATA_DISABLED = "true";
};

/**
 * What the stacks create, made in moto for this test file (names unique per file), with the
 * functions' environment set as infra/ sets it in AWS: the PII key in KMS instead of the local
 * key, the blind-index and session secrets in Secrets Manager, the documents bucket, and the
 * deliveries queue with its DLQ after infra's number of receives.
 */
export const provisionAws = async () => {
  pointSdkAtMoto();
  const suffix = randomUUID().slice(0, 8);
  const kms = new KMSClient({});
  const secrets = new SecretsManagerClient({});
  const s3 = new S3Client({});
  const sqs = new SQSClient({});

  const { KeyMetadata } = await kms.send(
    new CreateKeyCommand({ Description: `atensi test ${suffix}: envelope encryption of personal data` }),
  );
  const blindIndexSecret = randomUUID() + randomUUID();
  const blindIndex = await secrets.send(
    new CreateSecretCommand({ Name: `atensi-${suffix}-blind-index`, SecretString: blindIndexSecret }),
  );
  const bucket = `atensi-documents-${suffix}`;
  await s3.send(
    new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }),
  );
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `atensi-${suffix}-deliveries-dlq` }));
  const dlqArn = await queueArn(sqs, dlq.QueueUrl!);
  const deliveries = await sqs.send(
    new CreateQueueCommand({
      QueueName: `atensi-${suffix}-deliveries`,
      Attributes: {
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqArn,
          maxReceiveCount: DELIVERY_MAX_RECEIVES,
        }),
      },
    }),
  );

  // The functions' environment (infra/env.ts), AWS flavour: no local keys.
  delete process.env.ATENSI_PII_KEY;
  delete process.env.ATENSI_BLIND_INDEX_KEY;
  process.env.ATENSI_ENV = "aws";
  process.env.ATENSI_PII_KEY_ARN = KeyMetadata!.Arn!;
  process.env.ATENSI_BLIND_INDEX_SECRET_ARN = blindIndex.ARN!;
  process.env.ATENSI_DOCUMENTS_BUCKET = bucket;
  process.env.ATENSI_DELIVERIES_QUEUE_URL = deliveries.QueueUrl!;
  for (const client of [kms, secrets, s3]) client.destroy();
  return {
    sqs,
    keyID: KeyMetadata!.KeyId!,
    keyArn: KeyMetadata!.Arn!,
    blindIndexSecret,
    bucket,
    queueUrl: deliveries.QueueUrl!,
    queueArn: await queueArn(sqs, deliveries.QueueUrl!),
    dlqUrl: dlq.QueueUrl!,
  };
};

const queueArn = async (sqs: SQSClient, QueueUrl: string) => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  return Attributes!.QueueArn!;
};

export const lambdaContext = (functionName: string): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: "$LATEST",
  invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${functionName}`,
  memoryLimitInMB: "1024",
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: "test",
  getRemainingTimeInMillis: () => 25_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

// ---- API Gateway HTTP API (payload format 2.0) ---------------------------------------------

type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

const TEXTUAL = /^(application\/(json|problem\+json|x-www-form-urlencoded)|text\/)/;

/**
 * An HTTP server in front of the api handler, doing what API Gateway does with payload 2.0:
 * cookies split out of the headers into `cookies`, multi-value headers joined with commas, the
 * body base64-encoded unless it is text, and the structured result (statusCode, headers,
 * cookies, body, isBase64Encoded) written back. `handler` is read per request, so a test can
 * swap in a fresh container.
 */
export const startApiGateway = async (handler: () => ApiHandler) => {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      try {
        const url = new URL(req.url ?? "/", "http://gateway");
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (name === "cookie" || value === undefined) continue;
          headers[name] = Array.isArray(value) ? value.join(",") : value;
        }
        const cookies = req.headers.cookie?.split(/;\s*/).filter(Boolean);
        const query: Record<string, string> = {};
        for (const [name, value] of url.searchParams)
          query[name] = query[name] ? `${query[name]},${value}` : value;
        const raw = Buffer.concat(chunks);
        const textual = TEXTUAL.test(headers["content-type"] ?? "");
        const now = new Date();
        const event: APIGatewayProxyEventV2 = {
          version: "2.0",
          routeKey: "$default",
          rawPath: url.pathname,
          rawQueryString: url.search.slice(1),
          ...(cookies?.length ? { cookies } : {}),
          headers,
          ...(url.search ? { queryStringParameters: query } : {}),
          requestContext: {
            accountId: ACCOUNT,
            apiId: "atensi",
            domainName: headers.host ?? "gateway",
            domainPrefix: "atensi",
            http: {
              method: req.method ?? "GET",
              path: url.pathname,
              protocol: "HTTP/1.1",
              sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
              userAgent: headers["user-agent"] ?? "",
            },
            requestId: randomUUID(),
            routeKey: "$default",
            stage: "$default",
            time: now.toUTCString(),
            timeEpoch: now.getTime(),
          },
          ...(raw.length ? { body: textual ? raw.toString("utf8") : raw.toString("base64") } : {}),
          isBase64Encoded: raw.length > 0 && !textual,
        };
        const result = (await handler()(event, lambdaContext("api"))) as APIGatewayProxyStructuredResultV2;
        for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, String(value));
        if (result.cookies?.length) res.setHeader("set-cookie", result.cookies);
        res.writeHead(result.statusCode ?? 200);
        res.end(
          result.body ? Buffer.from(result.body, result.isBase64Encoded ? "base64" : "utf8") : undefined,
        );
      } catch (error) {
        // API Gateway's answer to a function that threw.
        res.writeHead(500, { "content-type": "application/json" }).end('{"message":"Internal Server Error"}');
        console.error(error);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
};

// ---- DynamoDB Streams ----------------------------------------------------------------------

/** A record from the Streams API in the shape Lambda's event source mapping delivers it. */
const toLambdaRecord = (record: StreamRecord, streamArn: string): DynamoDBRecord => {
  const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord["eventName"],
    eventVersion: record.eventVersion,
    eventSource: "aws:dynamodb",
    awsRegion: REGION,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(dynamodb as DynamoDBRecord["dynamodb"]),
      ...(ApproximateCreationDateTime
        ? { ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000) }
        : {}),
    },
  };
};

/**
 * Reads this test file's table stream from where it stood when created: `read()` returns the
 * records written since the last read, in order, across the stream's shards (new shards are
 * read from their start).
 */
export const streamReader = async (tableName = process.env.ATENSI_TABLE!) => {
  const options = {
    endpoint: process.env.DYNAMODB_ENDPOINT,
    region: REGION,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
  const dynamodb = new DynamoDBClient(options);
  const streams = new DynamoDBStreamsClient(options);
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  dynamodb.destroy();
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${tableName} has no stream`);
  const iterators = new Map<string, string | undefined>();
  const lastSequence = new Map<string, string>();
  const iteratorFor = async (
    shardId: string,
    type: "LATEST" | "TRIM_HORIZON" | "AFTER_SEQUENCE_NUMBER",
    sequence?: string,
  ) =>
    (
      await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: type,
          ...(sequence ? { SequenceNumber: sequence } : {}),
        }),
      )
    ).ShardIterator;
  const discover = async (type: "LATEST" | "TRIM_HORIZON") => {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (iterators.has(shard.ShardId!)) continue;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: type,
        }),
      );
      iterators.set(shard.ShardId!, ShardIterator);
    }
  };
  const getRecords = (ShardIterator: string) => streams.send(new GetRecordsCommand({ ShardIterator }));
  await discover("LATEST");
  return {
    streamArn,
    read: async (): Promise<DynamoDBRecord[]> => {
      await discover("TRIM_HORIZON");
      const records: DynamoDBRecord[] = [];
      for (const [shard, iterator] of iterators) {
        let next = iterator;
        while (next) {
          let page: Awaited<ReturnType<typeof getRecords>>;
          try {
            page = await getRecords(next);
          } catch (error) {
            // DynamoDB Local, with other test files' tables changing beside this one, sometimes
            // answers that an iterator points before the shard's oldest record; Lambda's event
            // source then takes a new iterator after the last record it handled, as here.
            const name = (error as { name?: string }).name;
            if (name !== "TrimmedDataAccessException" && name !== "ExpiredIteratorException") throw error;
            const seen = lastSequence.get(shard);
            page = await getRecords(
              (await iteratorFor(shard, seen ? "AFTER_SEQUENCE_NUMBER" : "TRIM_HORIZON", seen))!,
            );
          }
          for (const record of page.Records ?? []) {
            records.push(toLambdaRecord(record, streamArn));
            if (record.dynamodb?.SequenceNumber) lastSequence.set(shard, record.dynamodb.SequenceNumber);
          }
          next = page.NextShardIterator;
          if (!page.Records?.length) break;
        }
        iterators.set(shard, next);
      }
      return records;
    },
    close: () => streams.destroy(),
  };
};

// ---- SQS event source ----------------------------------------------------------------------

const toSqsRecord = (message: Message, eventSourceARN: string): SQSRecord => ({
  messageId: message.MessageId!,
  receiptHandle: message.ReceiptHandle!,
  body: message.Body ?? "",
  attributes: {
    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? "1",
    SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
    SenderId: message.Attributes?.SenderId ?? ACCOUNT,
    ApproximateFirstReceiveTimestamp:
      message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  },
  messageAttributes: Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      {
        dataType: value.DataType!,
        ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
        stringListValues: [],
        binaryListValues: [],
      },
    ]),
  ),
  md5OfBody: message.MD5OfBody ?? "",
  eventSource: "aws:sqs",
  eventSourceARN,
  awsRegion: REGION,
});

export type SqsHandler = (
  event: { Records: SQSRecord[] },
  context: Context,
) => Promise<SQSBatchResponse | void>;

/**
 * Lambda's SQS event source with `reportBatchItemFailures`: one `poll` receives a batch (at most
 * 10), invokes the handler, deletes what succeeded and returns the rest to the queue.
 */
export const sqsConsumer = (sqs: SQSClient, queueUrl: string, arn: string) => {
  const poll = async (handler: SqsHandler) => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
        WaitTimeSeconds: 0,
      }),
    );
    if (Messages.length === 0) return { records: [] as SQSRecord[], failed: [] as string[] };
    const records = Messages.map((m) => toSqsRecord(m, arn));
    const response = await handler({ Records: records }, lambdaContext("dispatch"));
    const failed = (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
    const done = records.filter((r) => !failed.includes(r.messageId));
    const back = records.filter((r) => failed.includes(r.messageId));
    if (done.length) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((r, i) => ({ Id: `d${i}`, ReceiptHandle: r.receiptHandle })),
        }),
      );
    }
    if (back.length) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: back.map((r, i) => ({
            Id: `v${i}`,
            ReceiptHandle: r.receiptHandle,
            VisibilityTimeout: 0,
          })),
        }),
      );
    }
    return { records, failed };
  };
  return { poll };
};

/** Every message on a queue, received and left there (visible again at once); for assertions. */
export const peekQueue = async (sqs: SQSClient, queueUrl: string) => {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 0,
      VisibilityTimeout: 0,
    }),
  );
  return Messages;
};

export type StreamHandler = (
  event: { Records: DynamoDBRecord[] },
  context: Context,
) => Promise<DynamoDBBatchResponse | void>;

/**
 * Kemensos staff accounts made directly in the table (no invitation round-trip), for the
 * AWS-mode files: core is imported after the handlers' modules were reset, so this uses theirs.
 */
export const createStaff = async (
  accounts: { who: { email: string; name: string; password: string }; roles: Role[] }[],
) => {
  const { Actor, Database, User } = await import("@atensi/core");
  await Actor.provide({ type: "system", properties: { name: "test" } }, async () => {
    for (const { who, roles } of accounts) {
      const user = await User.prepare({ ...who, roles, status: "active" });
      await Database.commit(user.steps);
    }
  });
};
