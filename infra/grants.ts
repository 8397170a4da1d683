/**
 * Least-privilege grants with explicit actions. CDK's grant helpers add wildcard actions
 * (`kms:GenerateDataKey*`, `kms:ReEncrypt*`) and, for tables, Scan; these list exactly what our
 * code calls. No statement here has a `*` action or a `*` resource.
 */

import { GSIS } from "@atensi/core/db";
import { Arn, type Stack } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { type IGrantable, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { IQueue } from "aws-cdk-lib/aws-sqs";

const add = (grantee: IGrantable, statement: PolicyStatement) =>
  grantee.grantPrincipal.addToPrincipalPolicy(statement);

/** The table and each of its GSIs by name (no `index/*`). */
export const tableResources = (table: ITable) => ({
  table: table.tableArn,
  indexes: GSIS.map((name) => `${table.tableArn}/index/${name}`),
});

/**
 * Item reads and writes, and queries on the table and its GSIs. Transactions need no actions of
 * their own: TransactWriteItems is authorised per item as Put/Update/Delete/ConditionCheck.
 * No Scan: no request path scans (DESIGN.md §4).
 */
export const grantTableData = (grantee: IGrantable, table: ITable, key: IKey) => {
  const { table: tableArn, indexes } = tableResources(table);
  add(
    grantee,
    new PolicyStatement({
      sid: "TableItems",
      actions: [
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:Query",
      ],
      resources: [tableArn],
    }),
  );
  add(grantee, new PolicyStatement({ sid: "TableIndexes", actions: ["dynamodb:Query"], resources: indexes }));
  grantKeyUse(grantee, key);
};

/** Use of a customer-managed key for data it protects (table, queues, bucket). */
export const grantKeyUse = (grantee: IGrantable, key: IKey) =>
  add(
    grantee,
    new PolicyStatement({
      actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
      resources: [key.keyArn],
    }),
  );

export const grantSend = (grantee: IGrantable, queue: IQueue) => {
  add(grantee, new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [queue.queueArn] }));
  if (queue.encryptionMasterKey) grantKeyUse(grantee, queue.encryptionMasterKey);
};

export const grantSecretRead = (grantee: IGrantable, ...secrets: ISecret[]) => {
  add(
    grantee,
    new PolicyStatement({
      actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
      resources: secrets.map((secret) => secret.secretArn),
    }),
  );
  for (const secret of secrets) if (secret.encryptionKey) secret.encryptionKey.grantDecrypt(grantee);
};

/**
 * Envelope encryption (packages/core/src/vault): sealing asks KMS for a data key
 * (GenerateDataKey), opening decrypts the data key stored beside the ciphertext (Decrypt).
 */
export const grantEnvelope = (grantee: IGrantable, key: IKey) =>
  add(
    grantee,
    new PolicyStatement({
      sid: "PiiKeySealOpen",
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resources: [key.keyArn],
    }),
  );

/** Opening sealed values only (workers that read outbox payloads and endpoint secrets). */
export const grantEnvelopeOpen = (grantee: IGrantable, key: IKey) =>
  add(grantee, new PolicyStatement({ sid: "PiiKeyOpen", actions: ["kms:Decrypt"], resources: [key.keyArn] }));

/** The ARN of an S3 bucket or object path known by name (the documents bucket's name is fixed). */
export const s3Arn = (scope: Stack, bucketName: string, path?: string) =>
  Arn.format(
    { service: "s3", region: "", account: "", resource: bucketName, ...(path ? { resourceName: path } : {}) },
    scope,
  );
