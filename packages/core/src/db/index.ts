import { createRequire } from "node:module";
import type * as DynamoDBModule from "@aws-sdk/client-dynamodb";
import type { CreateTableCommandInput, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type * as DocumentModule from "@aws-sdk/lib-dynamodb";
import type {
  DeleteCommandInput,
  DynamoDBDocumentClient,
  GetCommandInput,
  PutCommandInput,
  QueryCommandInput,
  ScanCommandInput,
  UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { HubError } from "../error";

/**
 * The AWS SDK is loaded on the first database call, not at import: a Lambda's cold start then
 * pays for it only when a request needs the table (GET /health does not). `require` rather than
 * `import()` keeps the accessors synchronous and skips Node's ESM scan of the SDK's CommonJS.
 */
const load = createRequire(import.meta.url);
let dynamodb: typeof DynamoDBModule | undefined;
let documentModule: typeof DocumentModule | undefined;
export const sdk = () => {
  dynamodb ??= load("@aws-sdk/client-dynamodb") as typeof DynamoDBModule;
  documentModule ??= load("@aws-sdk/lib-dynamodb") as typeof DocumentModule;
  return { dynamodb, documents: documentModule };
};

/**
 * The single table. Every entity lives here; its key layout is documented at the top of each
 * entity file. GSIs are generic (gsiNpk/gsiNsk) so new access patterns need no table change.
 */
export const GSIS = ["gsi1", "gsi2", "gsi3", "gsi4", "gsi5"] as const;
export const TTL_ATTRIBUTE = "expiresAtEpoch";

export const tableDefinition = (TableName: string): CreateTableCommandInput => ({
  TableName,
  BillingMode: "PAY_PER_REQUEST",
  AttributeDefinitions: [
    { AttributeName: "pk", AttributeType: "S" },
    { AttributeName: "sk", AttributeType: "S" },
    ...GSIS.flatMap((g) => [
      { AttributeName: `${g}pk`, AttributeType: "S" as const },
      { AttributeName: `${g}sk`, AttributeType: "S" as const },
    ]),
  ],
  KeySchema: [
    { AttributeName: "pk", KeyType: "HASH" },
    { AttributeName: "sk", KeyType: "RANGE" },
  ],
  GlobalSecondaryIndexes: GSIS.map((g) => ({
    IndexName: g,
    KeySchema: [
      { AttributeName: `${g}pk`, KeyType: "HASH" },
      { AttributeName: `${g}sk`, KeyType: "RANGE" },
    ],
    Projection: { ProjectionType: "ALL" },
  })),
  StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
});

type CommitListener = (items: Record<string, unknown>[]) => void;
const commitListeners = new Set<CommitListener>();

export namespace Database {
  let client: DynamoDBClient | undefined;
  let doc: DynamoDBDocumentClient | undefined;

  export const tableName = () => process.env.ATENSI_TABLE ?? "atensi";

  /** Locally and in tests DYNAMODB_ENDPOINT points at DynamoDB Local; in AWS it is unset. */
  export const raw = () => {
    if (!client) {
      const endpoint = process.env.DYNAMODB_ENDPOINT;
      client = new (sdk().dynamodb.DynamoDBClient)({
        region: process.env.AWS_REGION ?? "ap-southeast-3",
        ...(endpoint
          ? {
              endpoint,
              credentials: { accessKeyId: "local", secretAccessKey: "local" },
              // DynamoDB Local answers a 500 when a transaction waits too long for its item locks
              // on a busy machine ("will succeed in actual DynamoDB"); give it more retries.
              maxAttempts: 6,
            }
          : {}),
      });
    }
    return client;
  };

  export const documents = () => {
    if (!doc) {
      doc = sdk().documents.DynamoDBDocumentClient.from(raw(), {
        marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
      });
    }
    return doc;
  };

  /**
   * Creates the table if missing (with TTL on), or adds the GSIs a newer version of the code
   * defines (DynamoDB creates one GSI per UpdateTable). Safe to run on every start.
   */
  export const ensureTable = async (name = tableName()) => {
    const {
      CreateTableCommand,
      DescribeTableCommand,
      ResourceNotFoundException,
      UpdateTableCommand,
      UpdateTimeToLiveCommand,
    } = sdk().dynamodb;
    try {
      const { Table } = await raw().send(new DescribeTableCommand({ TableName: name }));
      const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
      const wanted = tableDefinition(name);
      const missing = (wanted.GlobalSecondaryIndexes ?? []).filter((g) => !existing.has(g.IndexName));
      for (const index of missing) {
        await raw().send(
          new UpdateTableCommand({
            TableName: name,
            AttributeDefinitions: wanted.AttributeDefinitions,
            GlobalSecondaryIndexUpdates: [{ Create: index }],
          }),
        );
      }
      return missing.length ? ("migrated" as const) : ("exists" as const);
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    await raw().send(new CreateTableCommand(tableDefinition(name)));
    await raw().send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
    return "created" as const;
  };

  /** A write chain's `.commit()` result, optionally with the error to raise if its condition fails. */
  export type Guarded = { step: Record<string, unknown>; onConditionFailed: () => HubError };
  export type Step = Record<string, unknown> | Guarded;
  const isGuarded = (s: Step): s is Guarded => "step" in s && "onConditionFailed" in s;

  /**
   * Commits all steps in one TransactWriteItems: either every item is written or none is.
   * A failed condition is reported as the HubError its step names (a uniqueness guard says
   * "conflict", a version check says "precondition"); without one, as a precondition failure.
   */
  export const commit = async (steps: Step[]) => {
    const items = steps.map((s) => (isGuarded(s) ? s.step : s));
    try {
      await documents().send(new (sdk().documents.TransactWriteCommand)({ TransactItems: items as never }));
    } catch (error) {
      if (error instanceof sdk().dynamodb.TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.findIndex((r) => r.Code === "ConditionalCheckFailed");
        if (failed >= 0) {
          const step = steps[failed];
          throw step && isGuarded(step) ? step.onConditionFailed() : HubError.precondition();
        }
        if (reasons.some((r) => r.Code === "TransactionConflict")) {
          throw HubError.conflict(
            "Another change to the same record is in progress; try again",
            "transaction_conflict",
          );
        }
      }
      throw error;
    }
    for (const listener of commitListeners) listener(items);
  };

  /**
   * Hears every committed transaction's items: the local runtime's stand-in for the DynamoDB
   * stream, so a worker in this process acts on a new mail or notification at once. In AWS the
   * scheduled sweep is the path; a listener must never throw or block.
   */
  export const afterCommit = (listener: CommitListener) => {
    commitListeners.add(listener);
    return () => commitListeners.delete(listener);
  };

  /** The items of a committed transaction that an entity put, by its `__edb_e__` name. */
  export const putItems = (items: Record<string, unknown>[], entity: string) =>
    items.flatMap((i) => {
      const item = (i.Put as { Item?: Record<string, unknown> } | undefined)?.Item;
      return item && item.__edb_e__ === entity ? [item] : [];
    });

  /**
   * Puts several items in one BatchWriteItem: one round trip, but not atomic, so only for
   * writes each of which is safe alone (a delivery's result and its attempt log). Items
   * DynamoDB leaves unprocessed (throttling) are sent again until all are written.
   */
  export const putAll = async (puts: { TableName: string; Item: Record<string, unknown> }[]) => {
    let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> = {};
    for (const { TableName, Item } of puts) (request[TableName] ??= []).push({ PutRequest: { Item } });
    for (let round = 0; Object.keys(request).length > 0; round++) {
      if (round > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** round)));
      const { UnprocessedItems } = await documents().send(
        new (sdk().documents.BatchWriteCommand)({ RequestItems: request as never }),
      );
      request = (UnprocessedItems ?? {}) as typeof request;
      if (round >= 8 && Object.keys(request).length > 0) throw new Error("BatchWriteItem left items unprocessed");
    }
  };

  // Single-item calls of the entity layer (db/entity.ts).
  export const get = (input: GetCommandInput) => documents().send(new (sdk().documents.GetCommand)(input));
  export const put = (input: PutCommandInput) => documents().send(new (sdk().documents.PutCommand)(input));
  export const update = (input: UpdateCommandInput) =>
    documents().send(new (sdk().documents.UpdateCommand)(input));
  export const remove = (input: DeleteCommandInput) =>
    documents().send(new (sdk().documents.DeleteCommand)(input));
  export const query = (input: QueryCommandInput) =>
    documents().send(new (sdk().documents.QueryCommand)(input));
  export const scan = (input: ScanCommandInput) => documents().send(new (sdk().documents.ScanCommand)(input));
}
