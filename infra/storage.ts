/**
 * Storage: the customer-managed data key, the single DynamoDB table, and the documents bucket.
 *
 * The table's keys and GSIs come from packages/core's `tableDefinition` (the definition DynamoDB
 * Local is created from), so the deployed table and the code cannot drift; test/infra asserts it.
 *
 * Two stacks: `Storage` (key + table) comes first; `Documents` (bucket) comes after `Portal`
 * because its CORS rule names the portal's origin, which is the CloudFront domain unless a
 * custom domain is configured. The API function, deployed before it, knows the bucket by its
 * fixed name (`documentsBucketName`) rather than by a CloudFormation reference.
 */

import { TTL_ATTRIBUTE, tableDefinition } from "@atensi/core/db";
import { Duration } from "aws-cdk-lib";
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
  StorageClass,
} from "aws-cdk-lib/aws-s3";
import { type StackContext, use } from "sst/constructs";
import { suppress, suppressSstStackHandler } from "./nag";
import { Portal } from "./portal";
import { stageSettings } from "./stage";

/** Where presigned uploads land until the API confirms them, and where confirmed documents live. */
export const UPLOAD_PREFIX = "incoming/";
export const DOCUMENTS_PREFIX = "documents/";

/** Fixed, globally unique (account and region in it), at most 63 characters for any valid stage. */
export const documentsBucketName = (app: { name: string; stage: string; account: string; region: string }) =>
  `${app.name}-${app.stage}-docs-${app.account}-${app.region}`;

const attributeType = (type: string | undefined) => {
  if (type === "S") return AttributeType.STRING;
  if (type === "N") return AttributeType.NUMBER;
  if (type === "B") return AttributeType.BINARY;
  throw new Error(`Unknown attribute type ${type}`);
};

export function Storage({ stack, app }: StackContext) {
  const settings = stageSettings(app.stage);
  suppressSstStackHandler(stack);

  const key = new Key(stack, "DataKey", {
    alias: `alias/${app.name}-${app.stage}-data`,
    description: `ATENSI hub ${app.stage}: data at rest (table, documents, queues, secrets, logs, alarms)`,
    enableKeyRotation: true,
    pendingWindow: settings.production ? Duration.days(30) : Duration.days(7),
    removalPolicy: settings.removalPolicy,
  });
  // Encrypted log groups: CloudWatch Logs uses the key for log groups of this account and region.
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: "CloudWatchLogs",
      principals: [new ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      resources: ["*"],
      conditions: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
        },
      },
    }),
  );
  // Alarms publish to the encrypted alarm topic (observability.ts).
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: "CloudWatchAlarms",
      principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
      actions: ["kms:Decrypt", "kms:GenerateDataKey"],
      resources: ["*"],
      conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
    }),
  );

  const definition = tableDefinition("atensi");
  const keyOf = (
    schema: { AttributeName?: string; KeyType?: string }[] | undefined,
    type: "HASH" | "RANGE",
  ) => {
    const name = schema?.find((k) => k.KeyType === type)?.AttributeName;
    if (!name) return undefined;
    const attribute = definition.AttributeDefinitions?.find((a) => a.AttributeName === name);
    return { name, type: attributeType(attribute?.AttributeType) };
  };
  const partitionKey = keyOf(definition.KeySchema, "HASH");
  if (!partitionKey) throw new Error("core's tableDefinition has no partition key");

  const table = new Table(stack, "Table", {
    partitionKey,
    sortKey: keyOf(definition.KeySchema, "RANGE"),
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: settings.production,
    removalPolicy: settings.removalPolicy,
    encryption: TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
    timeToLiveAttribute: TTL_ATTRIBUTE,
    stream: StreamViewType.NEW_AND_OLD_IMAGES,
  });
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    const indexPartitionKey = keyOf(index.KeySchema, "HASH");
    if (!index.IndexName || !indexPartitionKey)
      throw new Error("core's tableDefinition has an incomplete GSI");
    table.addGlobalSecondaryIndex({
      indexName: index.IndexName,
      partitionKey: indexPartitionKey,
      sortKey: keyOf(index.KeySchema, "RANGE"),
      projectionType:
        ProjectionType[index.Projection?.ProjectionType as keyof typeof ProjectionType] ?? ProjectionType.ALL,
    });
  }
  if (definition.StreamSpecification?.StreamViewType !== "NEW_AND_OLD_IMAGES") {
    throw new Error("core's tableDefinition and infra disagree on the stream view type");
  }

  stack.addOutputs({ TableName: table.tableName, DataKeyArn: key.keyArn });
  return { key, table };
}

export function Documents({ stack, app }: StackContext) {
  const settings = stageSettings(app.stage);
  suppressSstStackHandler(stack);
  const { key } = use(Storage);
  const { origin } = use(Portal);

  const accessLogs = new Bucket(stack, "DocumentsAccessLogs", {
    encryption: BucketEncryption.S3_MANAGED, // S3 server access logging cannot write to SSE-KMS buckets
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    lifecycleRules: [{ id: "expire-access-logs", expiration: Duration.days(settings.production ? 400 : 30) }],
    removalPolicy: settings.removalPolicy,
  });
  suppress(accessLogs, [
    {
      id: "AwsSolutions-S1",
      reason: "This is the access-log bucket of the documents bucket; logging it into itself would loop.",
    },
  ]);

  const bucket = new Bucket(stack, "Documents", {
    bucketName: documentsBucketName({
      name: app.name,
      stage: app.stage,
      account: stack.account,
      region: stack.region,
    }),
    encryption: BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: "documents/",
    // Browsers PUT straight to S3 with a presigned URL the API hands out; only the portal may.
    cors: [
      {
        id: "portal-presigned-upload",
        allowedOrigins: [origin, ...settings.extraOrigins],
        allowedMethods: [HttpMethods.PUT],
        allowedHeaders: ["content-type", "content-md5", "x-amz-checksum-*", "x-amz-sdk-checksum-algorithm"],
        exposedHeaders: ["etag"],
        maxAge: 3600,
      },
    ],
    lifecycleRules: [
      { id: "abort-incomplete-multipart-uploads", abortIncompleteMultipartUploadAfter: Duration.days(1) },
      { id: "expire-unconfirmed-uploads", prefix: UPLOAD_PREFIX, expiration: Duration.days(2) },
      {
        id: "tier-documents",
        prefix: DOCUMENTS_PREFIX,
        transitions: [{ storageClass: StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(30) }],
      },
      {
        id: "expire-old-versions",
        noncurrentVersionExpiration: Duration.days(settings.production ? 365 : 30),
      },
    ],
    removalPolicy: settings.removalPolicy,
  });

  stack.addOutputs({ DocumentsBucket: bucket.bucketName });
  return { bucket };
}
