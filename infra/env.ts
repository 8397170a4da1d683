/**
 * Environment variables the Lambda functions read, set by the stacks. AWS_REGION is set by
 * Lambda itself. Documented in docs/deploy.md.
 */
export const ENV = {
  /** DynamoDB table name (packages/core Database.tableName). */
  table: "ATENSI_TABLE",
  /** Stage name, e.g. prod. */
  stage: "ATENSI_STAGE",
  /** `aws`: production-like behaviour in the API (Secure cookies, HSTS); `local` is the local runtime. */
  runtime: "ATENSI_ENV",
  /** S3 bucket for documents (presigned uploads under incoming/, kept under documents/). */
  documentsBucket: "ATENSI_DOCUMENTS_BUCKET",
  /** Secrets Manager secret ARNs (generated at deploy, read at cold start). */
  blindIndexSecretArn: "ATENSI_BLIND_INDEX_SECRET_ARN",
  /**
   * KMS key for envelope encryption of personal data: beneficiary identity (NIK, No. KK), outbox
   * payloads and endpoint signing secrets. The api seals and opens; dispatch and sweep only open.
   */
  piiKeyArn: "ATENSI_PII_KEY_ARN",
  /** The portal origin, e.g. https://d111.cloudfront.net or https://hub.example.go.id (when known at synth). */
  portalOrigin: "ATENSI_PORTAL_ORIGIN",
  /**
   * The request header that carries the viewer's address. Behind CloudFront, API Gateway's
   * source IP is the edge's, so sign-in throttling per address reads this header instead.
   */
  clientAddressHeader: "ATENSI_CLIENT_ADDRESS_HEADER",
  /** SQS queue of webhook deliveries (the relay sends; dispatch consumes it as its event source). */
  deliveriesQueueUrl: "ATENSI_DELIVERIES_QUEUE_URL",
  /** Timeout of one webhook POST in ms (dispatch, sweep); the functions' timeouts derive from it. */
  webhookTimeoutMs: "ATENSI_WEBHOOK_TIMEOUT_MS",
} as const;
