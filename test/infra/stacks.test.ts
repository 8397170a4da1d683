/**
 * The AWS infrastructure, proved offline: every stack of sst.config.ts is synthesized for a
 * disposable stage (`dev`) and a production stage (`prod`, with a custom portal domain) without
 * AWS credentials or network, and its CloudFormation is asserted with aws-cdk-lib/assertions.
 */
import { readFileSync } from "node:fs";
import { GSIS, TTL_ATTRIBUTE, tableDefinition } from "@atensi/core/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  WAF_AUTH_RATE_LIMIT,
  WAF_COUNT_ONLY_RULES,
  WAF_MANAGED_RULE_GROUPS,
  WAF_RATE_LIMIT,
} from "../../infra/edge";
import { fromRoot } from "../../infra/root";
import { stageSettings } from "../../infra/stage";
import type { Stack } from "../../infra/testing";
import {
  Annotations,
  cleanup,
  Match,
  STACK_IDS,
  type Synthesized,
  synthesize,
  TEST_ACCOUNT,
} from "../../infra/testing";
import { DELIVERIES_VISIBILITY, DISPATCH_TIMEOUT, SWEEP_TIMEOUT } from "../../infra/webhooks";
import {
  actionsOf,
  allActions,
  nagSuppressions,
  only,
  resources,
  resourcesOf,
  roleStatements,
  type Statement,
  stringify,
  template,
} from "./helpers";

const DOCUMENTS_BUCKET = /^Documents[0-9A-F]{8}$/;
const PROD_DOMAIN = "hub.example.go.id";
const PROD_ENV = {
  ATENSI_PORTAL_DOMAIN: PROD_DOMAIN,
  ATENSI_MAIL_FROM: "Portal Mitra ATENSI <no-reply@atensi.kemensos.go.id>",
  ATENSI_PORTAL_CERTIFICATE_ARN:
    "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
  ATENSI_ALARM_EMAIL: "ops@example.go.id",
};
// No credentials anywhere: synthesis must not need them.
const NO_AWS = {
  AWS_PROFILE: undefined,
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
};

let dev: Synthesized;
let prod: Synthesized;

beforeAll(async () => {
  dev = await synthesize("dev", {
    ...NO_AWS,
    ATENSI_PORTAL_DOMAIN: undefined,
    ATENSI_PORTAL_CERTIFICATE_ARN: undefined,
    ATENSI_MAIL_FROM: undefined,
  });
  prod = await synthesize("prod", { ...NO_AWS, ...PROD_ENV });
});
afterAll(() => {
  if (dev) cleanup(dev);
  if (prod) cleanup(prod);
});

const both = () =>
  [
    ["dev", dev],
    ["prod", prod],
  ] as const;

const FUNCTION_ROLES = [
  "ApiFunctionRole",
  "RelayFunctionRole",
  "DispatchFunctionRole",
  "SweepFunctionRole",
  "MailFeedbackFunctionRole",
];
/** cdk-nag rules whose findings name the policy, action or resource (suppress those, not the rule). */
const WILDCARD_RULES = ["AwsSolutions-IAM4", "AwsSolutions-IAM5"];
/** Every stack of a synthesis, the us-east-1 Edge stack of production stages included. */
const allStacks = (s: Synthesized): [string, Stack][] => [
  ...STACK_IDS.map((id) => [id, s.stacks[id]] as [string, Stack]),
  ...(s.edge ? [["Edge", s.edge] as [string, Stack]] : []),
];

describe("the app", () => {
  it("is atensi-hub in Jakarta, one stack per concern, stage-prefixed, no lookups", () => {
    for (const [stage, s] of both()) {
      expect(s.app.name).toBe("atensi-hub");
      expect(s.app.region).toBe("ap-southeast-3");
      for (const id of STACK_IDS) {
        const stack = s.stacks[id];
        expect(stack.stackName).toBe(`${stage}-atensi-hub-${id}`);
        expect(stack.account).toBe(TEST_ACCOUNT);
        expect(stack.region).toBe("ap-southeast-3");
      }
      const assembly = s.app.synth();
      expect(assembly.manifest.missing ?? []).toEqual([]);
    }
  });
});

describe("storage", () => {
  it("matches core's table definition: keys, GSIs (projection ALL), TTL attribute, stream", () => {
    const core = tableDefinition("x");
    for (const [, s] of both()) {
      const table = only(s.stacks.Storage, "AWS::DynamoDB::Table").Properties!;
      expect(table.KeySchema).toEqual(core.KeySchema);
      expect(new Set(table.AttributeDefinitions.map(stringify))).toEqual(
        new Set(core.AttributeDefinitions!.map(stringify)),
      );
      expect(table.GlobalSecondaryIndexes.map((g: { IndexName: string }) => g.IndexName)).toEqual([...GSIS]);
      for (const gsi of core.GlobalSecondaryIndexes!) {
        const deployed = table.GlobalSecondaryIndexes.find(
          (g: { IndexName: string }) => g.IndexName === gsi.IndexName,
        );
        expect(deployed.KeySchema).toEqual(gsi.KeySchema);
        expect(deployed.Projection).toEqual({ ProjectionType: "ALL" });
      }
      expect(table.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
      expect(table.StreamSpecification).toEqual({ StreamViewType: "NEW_AND_OLD_IMAGES" });
    }
  });

  it("is on demand, point-in-time recoverable and encrypted with the customer-managed data key", () => {
    for (const [, s] of both()) {
      const t = template(s.stacks.Storage);
      t.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
      t.hasResourceProperties("AWS::DynamoDB::Table", {
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: {
          SSEEnabled: true,
          SSEType: "KMS",
          KMSMasterKeyId: { "Fn::GetAtt": [Match.stringLikeRegexp("^DataKey"), "Arn"] },
        },
      });
    }
  });

  it("protects production data: deletion protection and RETAIN; disposable stages can be removed", () => {
    const prodTable = only(prod.stacks.Storage, "AWS::DynamoDB::Table");
    expect(prodTable.Properties!.DeletionProtectionEnabled).toBe(true);
    expect(prodTable.DeletionPolicy).toBe("Retain");
    expect(prodTable.UpdateReplacePolicy).toBe("Retain");
    expect(only(prod.stacks.Storage, "AWS::KMS::Key").DeletionPolicy).toBe("Retain");
    expect(only(prod.stacks.Documents, "AWS::S3::Bucket", DOCUMENTS_BUCKET).DeletionPolicy).toBe("Retain");

    const devTable = only(dev.stacks.Storage, "AWS::DynamoDB::Table");
    expect(devTable.Properties!.DeletionProtectionEnabled).toBe(false);
    expect(devTable.DeletionPolicy).toBe("Delete");
  });

  it("keeps documents in a private, KMS-encrypted, versioned, logged bucket with lifecycle rules", () => {
    for (const [stage, s] of both()) {
      const t = template(s.stacks.Documents);
      t.hasResourceProperties("AWS::S3::Bucket", {
        BucketName: `atensi-hub-${stage}-docs-${TEST_ACCOUNT}-ap-southeast-3`,
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: Match.anyValue() },
            },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: "Enabled" },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: "documents/" },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              Id: "abort-incomplete-multipart-uploads",
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            }),
            Match.objectLike({ Id: "expire-unconfirmed-uploads", Prefix: "incoming/", ExpirationInDays: 2 }),
            Match.objectLike({ Id: "tier-documents", Prefix: "documents/" }),
            Match.objectLike({ Id: "expire-old-versions", NoncurrentVersionExpiration: Match.anyValue() }),
          ]),
        },
      });
      // TLS only.
      t.hasResourceProperties("AWS::S3::BucketPolicy", {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          ]),
        },
      });
    }
  });

  it("allows presigned PUT uploads from the portal origin only (plus the dev server on disposable stages)", () => {
    const prodCors = only(prod.stacks.Documents, "AWS::S3::Bucket", DOCUMENTS_BUCKET).Properties!
      .CorsConfiguration;
    expect(prodCors.CorsRules).toEqual([
      expect.objectContaining({ AllowedMethods: ["PUT"], AllowedOrigins: [`https://${PROD_DOMAIN}`] }),
    ]);
    const devCors = only(dev.stacks.Documents, "AWS::S3::Bucket", DOCUMENTS_BUCKET).Properties!
      .CorsConfiguration;
    expect(devCors.CorsRules).toHaveLength(1);
    const [rule] = devCors.CorsRules;
    expect(rule.AllowedMethods).toEqual(["PUT"]);
    expect(rule.AllowedOrigins).toHaveLength(2);
    // The CloudFront domain, imported from the Portal stack, and the Vite dev server.
    expect(stringify(rule.AllowedOrigins[0])).toContain("Fn::ImportValue");
    expect(stringify(rule.AllowedOrigins[0])).toContain("PortalDistribution");
    expect(rule.AllowedOrigins[1]).toBe("http://localhost:5173");
  });
});

describe("secrets", () => {
  it("generates the blind-index key in Secrets Manager, encrypted with the data key; no secret value in any template", () => {
    for (const [, s] of both()) {
      const secrets = resources(s.stacks.Secrets, "AWS::SecretsManager::Secret");
      expect(secrets).toHaveLength(1);
      for (const [, secret] of secrets) {
        expect(secret.Properties!.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
        expect(secret.Properties!.KmsKeyId).toBeDefined();
        expect(secret.Properties!.SecretString).toBeUndefined();
      }
      for (const id of STACK_IDS)
        expect(stringify(template(s.stacks[id]).toJSON())).not.toContain('"SecretString"');
      template(s.stacks.Secrets).hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
    }
  });

  it("hands the API function secret ARNs, never values", () => {
    for (const [, s] of both()) {
      const variables = only(s.stacks.Api, "AWS::Lambda::Function", "ApiFunction").Properties!.Environment
        .Variables;
      // Sessions are random tokens kept hashed: no session signing secret exists.
      expect(variables.ATENSI_SESSION_SECRET_ARN).toBeUndefined();
      expect(stringify(variables.ATENSI_BLIND_INDEX_SECRET_ARN)).toContain("BlindIndexSecret");
      expect(stringify(variables.ATENSI_PII_KEY_ARN)).toContain("PiiKey");
    }
  });
});

describe("api", () => {
  it("runs the api function on arm64 nodejs22.x from a bundled asset, with the table and bucket in its environment", () => {
    for (const [stage, s] of both()) {
      template(s.stacks.Api).hasResourceProperties("AWS::Lambda::Function", {
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        MemorySize: 1024,
        Code: { S3Bucket: Match.anyValue(), S3Key: Match.stringLikeRegexp("\\.zip$") },
        LoggingConfig: { LogGroup: Match.anyValue() },
        Environment: {
          Variables: Match.objectLike({
            ATENSI_TABLE: Match.anyValue(),
            ATENSI_STAGE: stage,
            ATENSI_ENV: "aws",
            ATENSI_DOCUMENTS_BUCKET: `atensi-hub-${stage}-docs-${TEST_ACCOUNT}-ap-southeast-3`,
          }),
        },
      });
    }
  });

  it("is an HTTP API with the app on the $default route (payload 2.0)", () => {
    for (const [, s] of both()) {
      const t = template(s.stacks.Api);
      t.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "HTTP" });
      t.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "$default" });
      t.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
        IntegrationType: "AWS_PROXY",
        PayloadFormatVersion: "2.0",
      });
    }
  });

  it("throttles and writes JSON access logs to a log group with retention", () => {
    for (const [stage, s] of both()) {
      const t = template(s.stacks.Api);
      const limits =
        stage === "prod"
          ? { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }
          : { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 };
      t.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
        StageName: "$default",
        AutoDeploy: true,
        DefaultRouteSettings: limits,
        AccessLogSettings: {
          DestinationArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^ApiAccessLogs"), "Arn"] },
          Format: Match.stringLikeRegexp("\\$context\\.requestId"),
        },
      });
      t.hasResourceProperties("AWS::Logs::LogGroup", { RetentionInDays: stage === "prod" ? 365 : 14 });
    }
  });

  it("limits CORS to the portal origin (and the dev server on disposable stages), with credentials", () => {
    const prodCors = only(prod.stacks.Api, "AWS::ApiGatewayV2::Api").Properties!.CorsConfiguration;
    expect(prodCors).toMatchObject({ AllowOrigins: [`https://${PROD_DOMAIN}`], AllowCredentials: true });
    expect(prodCors.AllowMethods).not.toContain("*");
    expect(prodCors.AllowHeaders).toEqual(
      expect.arrayContaining(["content-type", "if-match", "idempotency-key", "x-csrf-token"]),
    );
    const devCors = only(dev.stacks.Api, "AWS::ApiGatewayV2::Api").Properties!.CorsConfiguration;
    expect(devCors.AllowOrigins).toEqual(["http://localhost:5173"]);
    for (const [, s] of both())
      expect(stringify(only(s.stacks.Api, "AWS::ApiGatewayV2::Api").Properties)).not.toContain('"*"');
  });
});

describe("webhooks", () => {
  it("relays the table stream to the deliveries queue: outbox-filtered, partial batch failures, failure destination", () => {
    for (const [, s] of both()) {
      const t = template(s.stacks.Webhooks);
      t.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
        EventSourceArn: Match.anyValue(),
        StartingPosition: "TRIM_HORIZON",
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: 10,
        DestinationConfig: {
          OnFailure: { Destination: { "Fn::GetAtt": [Match.stringLikeRegexp("^RelayFailures"), "Arn"] } },
        },
        FilterCriteria: {
          Filters: [{ Pattern: Match.stringLikeRegexp('"__edb_e__":\\{"S":\\["outbox"\\]\\}') }],
        },
      });
      const relayEnv = only(s.stacks.Webhooks, "AWS::Lambda::Function", "RelayFunction").Properties!
        .Environment.Variables;
      expect(stringify(relayEnv.ATENSI_DELIVERIES_QUEUE_URL)).toContain("Deliveries");
    }
  });

  it("feeds dispatch from an encrypted queue with a DLQ, reporting batch item failures", () => {
    for (const [, s] of both()) {
      const t = template(s.stacks.Webhooks);
      t.hasResourceProperties("AWS::SQS::Queue", {
        KmsMasterKeyId: Match.anyValue(),
        VisibilityTimeout: DELIVERIES_VISIBILITY.toSeconds(),
        RedrivePolicy: {
          deadLetterTargetArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^DeliveriesDlq"), "Arn"] },
          maxReceiveCount: 5,
        },
      });
      t.hasResourceProperties("AWS::SQS::Queue", {
        KmsMasterKeyId: Match.anyValue(),
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      t.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
        EventSourceArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^Deliveries[0-9A-F]"), "Arn"] },
        FunctionName: { Ref: Match.stringLikeRegexp("^DispatchFunction") },
        BatchSize: 10,
        FunctionResponseTypes: ["ReportBatchItemFailures"],
        ScalingConfig: { MaximumConcurrency: 5 },
      });
    }
  });

  it("runs the sweep every minute (the first retry is due after one), without Lambda's async retries", () => {
    for (const [, s] of both()) {
      const t = template(s.stacks.Webhooks);
      t.hasResourceProperties("AWS::Events::Rule", {
        ScheduleExpression: "rate(1 minute)",
        State: "ENABLED",
        Targets: [
          Match.objectLike({
            Arn: { "Fn::GetAtt": [Match.stringLikeRegexp("^SweepFunction"), "Arn"] },
            RetryPolicy: { MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 2 },
          }),
        ],
      });
      t.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
        FunctionName: { Ref: Match.stringLikeRegexp("^SweepFunction") },
        MaximumRetryAttempts: 0,
      });
    }
  });

  it("gives dispatch and sweep the table, the PII key ARN and the webhook timeout, and timeouts that fit their work", () => {
    for (const [stage, s] of both()) {
      const timeouts = { DispatchFunction: DISPATCH_TIMEOUT, SweepFunction: SWEEP_TIMEOUT };
      for (const [id, timeout] of Object.entries(timeouts)) {
        const fn = only(s.stacks.Webhooks, "AWS::Lambda::Function", new RegExp(`^${id}[0-9A-F]{8}$`))
          .Properties!;
        expect(fn.Timeout, id).toBe(timeout.toSeconds());
        // The sweep sends e-mail where the stage has a sender (infra/mail.ts).
        const mail =
          id === "SweepFunction" && stage === "prod"
            ? [
                "ATENSI_MAIL_FROM",
                "ATENSI_MAIL_TRANSPORT",
                "ATENSI_PORTAL_URL",
                "ATENSI_SES_CONFIGURATION_SET",
              ]
            : [];
        expect(Object.keys(fn.Environment.Variables).sort(), id).toEqual(
          [
            "ATENSI_ENV",
            "ATENSI_PII_KEY_ARN",
            "ATENSI_STAGE",
            "ATENSI_TABLE",
            "ATENSI_WEBHOOK_TIMEOUT_MS",
            ...mail,
          ].sort(),
        );
        expect(fn.Environment.Variables).toMatchObject({
          ATENSI_STAGE: stage,
          ATENSI_ENV: "aws",
          ATENSI_WEBHOOK_TIMEOUT_MS: "15000",
        });
        expect(stringify(fn.Environment.Variables.ATENSI_PII_KEY_ARN), id).toContain("PiiKey");
        expect(stringify(fn.Environment.Variables.ATENSI_TABLE), id).toContain("Table");
      }
      expect(DISPATCH_TIMEOUT.toSeconds()).toBeLessThan(DELIVERIES_VISIBILITY.toSeconds() / 6);
    }
  });

  it("alarms on dead-letter depth and on the age of the oldest delivery", () => {
    for (const [, s] of both()) {
      const t = template(s.stacks.Observability);
      t.hasResourceProperties("AWS::CloudWatch::Alarm", {
        MetricName: "ApproximateNumberOfMessagesVisible",
        Namespace: "AWS/SQS",
        Threshold: 1,
        Dimensions: [
          { Name: "QueueName", Value: { "Fn::ImportValue": Match.stringLikeRegexp("DeliveriesDlq") } },
        ],
        AlarmActions: [{ Ref: Match.stringLikeRegexp("^Alarms") }],
      });
      t.hasResourceProperties("AWS::CloudWatch::Alarm", {
        MetricName: "ApproximateNumberOfMessagesVisible",
        Dimensions: [
          { Name: "QueueName", Value: { "Fn::ImportValue": Match.stringLikeRegexp("RelayFailures") } },
        ],
      });
      t.hasResourceProperties("AWS::CloudWatch::Alarm", {
        MetricName: "ApproximateAgeOfOldestMessage",
        Namespace: "AWS/SQS",
        Threshold: 900,
        AlarmActions: [{ Ref: Match.stringLikeRegexp("^Alarms") }],
      });
    }
  });
});

describe("portal", () => {
  it("serves a private bucket through CloudFront with Origin Access Control", () => {
    for (const [, s] of both()) {
      const t = template(s.stacks.Portal);
      t.hasResourceProperties("AWS::CloudFront::OriginAccessControl", {
        OriginAccessControlConfig: {
          OriginAccessControlOriginType: "s3",
          SigningBehavior: "always",
          SigningProtocol: "sigv4",
        },
      });
      t.hasResourceProperties("AWS::S3::Bucket", {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: "s3/" }),
      });
      t.hasResourceProperties("AWS::S3::BucketPolicy", {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: "Allow",
              Action: "s3:GetObject",
              Principal: { Service: "cloudfront.amazonaws.com" },
              Condition: { StringEquals: { "AWS:SourceArn": Match.anyValue() } },
            }),
          ]),
        },
      });
      const distribution = only(s.stacks.Portal, "AWS::CloudFront::Distribution").Properties!
        .DistributionConfig;
      const s3Origin = distribution.Origins.find((o: { S3OriginConfig?: unknown }) => o.S3OriginConfig);
      expect(s3Origin.OriginAccessControlId).toBeDefined();
      expect(s3Origin.S3OriginConfig).toEqual({ OriginAccessIdentity: "" });
      expect(distribution.DefaultCacheBehavior.ViewerProtocolPolicy).toBe("redirect-to-https");
      expect(distribution.DefaultRootObject).toBe("index.html");
      expect(distribution.Logging).toMatchObject({ Prefix: "cloudfront/" });
      // SPA routing by a CloudFront Function, not by error pages that would mask API errors.
      expect(distribution.CustomErrorResponses).toBeUndefined();
      expect(distribution.DefaultCacheBehavior.FunctionAssociations).toEqual([
        expect.objectContaining({ EventType: "viewer-request" }),
      ]);
    }
  });

  it("routes /v1/*, /docs and /health to the HTTP API on the same origin, uncached", () => {
    for (const [, s] of both()) {
      const distribution = only(s.stacks.Portal, "AWS::CloudFront::Distribution").Properties!
        .DistributionConfig;
      const paths = distribution.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern);
      expect(paths).toEqual(["/v1/*", "/docs", "/health"]);
      const apiOrigin = distribution.Origins.find(
        (o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig,
      );
      expect(apiOrigin.CustomOriginConfig).toMatchObject({
        OriginProtocolPolicy: "https-only",
        OriginSSLProtocols: ["TLSv1.2"],
      });
      expect(stringify(apiOrigin.DomainName)).toContain("execute-api");
      for (const behavior of distribution.CacheBehaviors) {
        expect(behavior.TargetOriginId).toBe(apiOrigin.Id);
        expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(["POST", "PUT", "PATCH", "DELETE"]));
        expect(behavior.CachePolicyId).toBe("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"); // CachingDisabled
      }
    }
  });

  it("sends security headers: HSTS, CSP with frame-ancestors 'none', nosniff, X-Frame-Options DENY, referrer policy", () => {
    for (const [, s] of both()) {
      template(s.stacks.Portal).hasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", {
        ResponseHeadersPolicyConfig: Match.objectLike({
          SecurityHeadersConfig: {
            StrictTransportSecurity: {
              AccessControlMaxAgeSec: 63072000,
              IncludeSubdomains: true,
              Preload: true,
              Override: true,
            },
            ContentSecurityPolicy: {
              ContentSecurityPolicy: Match.stringLikeRegexp("frame-ancestors 'none'"),
              Override: true,
            },
            ContentTypeOptions: { Override: true },
            FrameOptions: { FrameOption: "DENY", Override: true },
            ReferrerPolicy: { ReferrerPolicy: "strict-origin-when-cross-origin", Override: true },
          },
        }),
      });
      const csp = stringify(template(s.stacks.Portal).toJSON());
      expect(csp).toContain(
        `connect-src 'self' https://atensi-hub-${s.stage}-docs-${TEST_ACCOUNT}-ap-southeast-3.s3.ap-southeast-3.amazonaws.com`,
      );
      expect(csp).toContain("script-src 'self';");
    }
  });

  it("uses the custom domain with TLS 1.2+ when configured", () => {
    const distribution = only(prod.stacks.Portal, "AWS::CloudFront::Distribution").Properties!
      .DistributionConfig;
    expect(distribution.Aliases).toEqual([PROD_DOMAIN]);
    expect(distribution.ViewerCertificate).toMatchObject({
      MinimumProtocolVersion: "TLSv1.2_2021",
      SslSupportMethod: "sni-only",
    });
  });

  it("uploads the portal build and invalidates the cache", () => {
    for (const [, s] of both()) {
      template(s.stacks.Portal).hasResourceProperties("Custom::CDKBucketDeployment", {
        DestinationBucketName: { Ref: Match.stringLikeRegexp("^PortalBucket") },
        DistributionPaths: ["/*"],
        Prune: true,
      });
    }
  });
});

describe("observability", () => {
  it("alarms on API 5xx, function errors and throttles, and table throttles, to an encrypted topic", () => {
    for (const [stage, s] of both()) {
      const t = template(s.stacks.Observability);
      t.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
      if (stage === "prod")
        t.hasResourceProperties("AWS::SNS::Subscription", {
          Protocol: "email",
          Endpoint: PROD_ENV.ATENSI_ALARM_EMAIL,
        });
      t.hasResourceProperties("AWS::CloudWatch::Alarm", {
        MetricName: "5xx",
        Namespace: "AWS/ApiGateway",
        Threshold: 5,
      });
      for (const name of ["Api", "Relay", "Dispatch", "Sweep"]) {
        for (const metric of ["Errors", "Throttles"]) {
          const alarm = resources(s.stacks.Observability, "AWS::CloudWatch::Alarm").find(([id]) =>
            id.startsWith(`${name}${metric}`),
          );
          expect(alarm, `${name}${metric}`).toBeDefined();
          expect(alarm![1].Properties).toMatchObject({
            MetricName: metric,
            Namespace: "AWS/Lambda",
            AlarmActions: [expect.anything()],
          });
        }
      }
      const throttles = resources(s.stacks.Observability, "AWS::CloudWatch::Alarm").find(([id]) =>
        id.startsWith("TableThrottles"),
      );
      expect(stringify(throttles)).toContain("ReadThrottleEvents");
      expect(stringify(throttles)).toContain("WriteThrottleEvents");
      for (const [, alarm] of resources(s.stacks.Observability, "AWS::CloudWatch::Alarm")) {
        expect(alarm.Properties!.AlarmActions).toHaveLength(1);
        expect(alarm.Properties!.TreatMissingData).toBe("notBreaching");
      }
    }
  });

  it("sets a retention on every log group (1 year in production, 2 weeks elsewhere)", () => {
    for (const [stage, s] of both()) {
      let count = 0;
      for (const stackId of STACK_IDS) {
        for (const [id, group] of resources(s.stacks[stackId], "AWS::Logs::LogGroup")) {
          expect(group.Properties?.RetentionInDays, id).toBe(stage === "prod" ? 365 : 14);
          count++;
        }
      }
      // 5 functions (6 with the mail-feedback function where the stage sends mail), API access
      // logs, portal deployment.
      expect(count).toBe(stage === "prod" ? 8 : 7);
    }
  });
});

describe("least privilege", () => {
  const ROLE_STACKS = ["Api", "Webhooks"] as const;

  it("gives our functions no wildcard action, and a * resource only where AWS has no resource-level permission", () => {
    for (const [, s] of both()) {
      for (const stackName of ROLE_STACKS) {
        for (const prefix of FUNCTION_ROLES) {
          for (const statement of roleStatements(s.stacks[stackName], prefix)) {
            for (const action of actionsOf(statement))
              expect(action, `${prefix}: ${action}`).not.toContain("*");
            if (resourcesOf(statement).includes("*"))
              expect(actionsOf(statement)).toEqual(["dynamodb:ListStreams"]);
          }
        }
      }
    }
  });

  it("gives each function its data actions on named resources only: no *, wildcards only below a named table or prefix", () => {
    const DATA = /^(dynamodb|s3|kms|secretsmanager|sqs):/;
    // The table's own GSIs and stream, and the two documents prefixes: each below a named parent.
    const NARROW_WILDCARD = /(\/index\/\*|\/stream\/\*|\/incoming\/\*|\/documents\/\*)"?\]*\]*\}*$/;
    for (const [stage, s] of both()) {
      for (const stackName of ["Api", "Webhooks"] as const) {
        for (const prefix of FUNCTION_ROLES) {
          const statements = roleStatements(s.stacks[stackName], prefix);
          for (const statement of statements) {
            const data = actionsOf(statement).filter((a) => DATA.test(a) && a !== "dynamodb:ListStreams");
            if (data.length === 0) continue;
            for (const resource of resourcesOf(statement)) {
              const text = stringify(resource);
              const where = `${stage} ${prefix} ${data.join(",")} on ${text}`;
              expect(resource, where).not.toBe("*");
              if (text.includes("*")) expect(text, where).toMatch(NARROW_WILDCARD);
              expect(text, where).not.toMatch(/:\*:|:\*"|\/\*\/|table\/\*/);
            }
          }
        }
      }
    }
  });

  it("has no Allow statement with a * or service:* action anywhere in the app", () => {
    for (const [, s] of both()) {
      for (const stackId of STACK_IDS) {
        for (const [id, policy] of resources(s.stacks[stackId], "AWS::IAM::Policy")) {
          for (const statement of policy.Properties!.PolicyDocument.Statement as Statement[]) {
            if (statement.Effect !== "Allow") continue;
            for (const action of actionsOf(statement))
              expect(action, `${stackId}/${id}`).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
          }
        }
      }
    }
  });

  it("lets the api function use exactly its table, GSIs, documents prefixes, secrets and keys (no Scan)", () => {
    for (const [stage, s] of both()) {
      const statements = roleStatements(s.stacks.Api, "ApiFunctionRole");
      const dynamo = allActions(statements).filter((a) => a.startsWith("dynamodb:"));
      expect(dynamo).toEqual([
        "dynamodb:BatchGetItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:ConditionCheckItem",
        "dynamodb:DeleteItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
      ]);
      const indexes = statements.find((st) => st.Sid === "TableIndexes")!;
      expect(
        resourcesOf(indexes)
          .map(stringify)
          .map((r) => r.match(/\/index\/(gsi\d)/)?.[1]),
      ).toEqual([...GSIS]);
      const documents = statements.find((st) => st.Sid === "DocumentsReadWrite")!;
      expect(stringify(documents.Resource)).toContain(
        `atensi-hub-${stage}-docs-${TEST_ACCOUNT}-ap-southeast-3/incoming/*`,
      );
      expect(stringify(documents.Resource)).toContain(
        `atensi-hub-${stage}-docs-${TEST_ACCOUNT}-ap-southeast-3/documents/*`,
      );
      expect(allActions(statements)).toEqual(
        expect.arrayContaining([
          "secretsmanager:GetSecretValue",
          "kms:GenerateDataKey",
          "kms:Decrypt",
          "logs:PutLogEvents",
        ]),
      );
      expect(allActions(statements).filter((a) => a.startsWith("sqs:"))).toEqual([]);
      // The PII key: seal (GenerateDataKey) and open (Decrypt), nothing else.
      const pii = statements.find((st) => st.Sid === "PiiKeySealOpen")!;
      expect(actionsOf(pii)).toEqual(["kms:GenerateDataKey", "kms:Decrypt"]);
      expect(stringify(pii.Resource)).toContain("PiiKey");
      expect(statements.filter((st) => stringify(st.Resource).includes("PiiKey"))).toEqual([pii]);
      const secrets = statements.find((st) => actionsOf(st).includes("secretsmanager:GetSecretValue"))!;
      expect(resourcesOf(secrets).map(stringify)).toEqual([expect.stringContaining("BlindIndexSecret")]);
    }
  });

  it("lets the relay read the stream and send to the queue, but not write the table", () => {
    for (const [, s] of both()) {
      const actions = allActions(roleStatements(s.stacks.Webhooks, "RelayFunctionRole"));
      expect(actions).toEqual(
        expect.arrayContaining([
          "dynamodb:GetRecords",
          "dynamodb:GetShardIterator",
          "dynamodb:DescribeStream",
          "sqs:SendMessage",
        ]),
      );
      expect(actions).not.toContain("dynamodb:PutItem");
      expect(actions).not.toContain("dynamodb:Query");
      expect(actions.filter((a) => a.startsWith("s3:") || a.startsWith("secretsmanager:"))).toEqual([]);
    }
  });

  it("lets dispatch consume the deliveries queue (not send to it); the sweep touches no queue", () => {
    for (const [, s] of both()) {
      const dispatch = allActions(roleStatements(s.stacks.Webhooks, "DispatchFunctionRole"));
      expect(dispatch).toEqual(
        expect.arrayContaining(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]),
      );
      expect(dispatch).not.toContain("sqs:SendMessage");
      const sweep = allActions(roleStatements(s.stacks.Webhooks, "SweepFunctionRole"));
      expect(sweep.filter((a) => a.startsWith("sqs:"))).toEqual([]);
    }
  });

  it("lets dispatch and sweep read and write the table and every GSI, and open (not seal) with the PII key; no secrets, no S3", () => {
    for (const [, s] of both()) {
      for (const role of ["DispatchFunctionRole", "SweepFunctionRole"]) {
        const statements = roleStatements(s.stacks.Webhooks, role);
        const items = statements.find((st) => st.Sid === "TableItems")!;
        expect(actionsOf(items).sort(), role).toEqual([
          "dynamodb:BatchGetItem",
          "dynamodb:BatchWriteItem",
          "dynamodb:ConditionCheckItem",
          "dynamodb:DeleteItem",
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:Query",
          "dynamodb:UpdateItem",
        ]);
        expect(stringify(items.Resource), role).toContain("Table");
        const indexes = statements.find((st) => st.Sid === "TableIndexes")!;
        expect(actionsOf(indexes), role).toEqual(["dynamodb:Query"]);
        expect(
          resourcesOf(indexes)
            .map(stringify)
            .map((r) => r.match(/\/index\/(gsi\d)/)?.[1]),
          role,
        ).toEqual([...GSIS]);
        const pii = statements.filter((st) => stringify(st.Resource).includes("PiiKey"));
        expect(
          pii.map((st) => [st.Sid, actionsOf(st)]),
          role,
        ).toEqual([["PiiKeyOpen", ["kms:Decrypt"]]]);
        const actions = allActions(statements);
        expect(actions, role).not.toContain("kms:GenerateDataKey*");
        expect(actions, role).not.toContain("dynamodb:Scan");
        expect(
          actions.filter((a) => a.startsWith("secretsmanager:") || a.startsWith("s3:")),
          role,
        ).toEqual([]);
        // kms:GenerateDataKey only on the data key (table and log encryption), never on the PII key.
        for (const st of statements)
          if (actionsOf(st).includes("kms:GenerateDataKey"))
            expect(stringify(st.Resource), role).toMatch(/DataKey/);
      }
    }
  });
});

describe("TLS and WAF", () => {
  it("refuses a production stage without its own domain: CloudFront's default certificate allows TLS 1.0", async () => {
    await expect(
      synthesize("prod", {
        ...NO_AWS,
        ATENSI_PORTAL_DOMAIN: undefined,
        ATENSI_PORTAL_CERTIFICATE_ARN: undefined,
      }),
    ).rejects.toThrow(/production stage.*TLS 1\.2/);
  });

  it("requires TLS 1.2 from viewers in every stage with a certificate, and to the API origin in every stage", async () => {
    const devWithDomain = await synthesize("dev", { ...NO_AWS, ...PROD_ENV });
    try {
      for (const [stage, s] of [...both(), ["dev with a domain", devWithDomain] as const]) {
        const config = only(s.stacks.Portal, "AWS::CloudFront::Distribution").Properties!.DistributionConfig;
        const origins = (config.Origins as { CustomOriginConfig?: { OriginSSLProtocols: string[] } }[])
          .map((o) => o.CustomOriginConfig)
          .filter(Boolean);
        expect(origins.length, stage).toBe(1);
        expect(origins[0]!.OriginSSLProtocols, stage).toEqual(["TLSv1.2"]);
        const suppressed = nagSuppressions(s.stacks.Portal).some((n) => n.id === "AwsSolutions-CFR4");
        if (stage === "dev") {
          // The one exception: a disposable stage on *.cloudfront.net, and it says so.
          expect(config.ViewerCertificate, stage).toBeUndefined();
          expect(suppressed, stage).toBe(true);
          continue;
        }
        expect(config.ViewerCertificate, stage).toMatchObject({
          MinimumProtocolVersion: "TLSv1.2_2021",
          SslSupportMethod: "sni-only",
        });
        expect(suppressed, stage).toBe(false);
      }
    } finally {
      cleanup(devWithDomain);
    }
  });

  it("puts an AWS WAF web ACL with managed rules and rate limits on CloudFront in production stages", () => {
    const edge = prod.edge!;
    expect(edge, "the us-east-1 Edge stack").toBeDefined();
    expect(edge.region).toBe("us-east-1");
    const acl = only(edge, "AWS::WAFv2::WebACL").Properties!;
    expect(acl.Scope).toBe("CLOUDFRONT");
    expect(acl.DefaultAction).toEqual({ Allow: {} });
    type Rule = {
      Name: string;
      Priority: number;
      Action?: unknown;
      OverrideAction?: unknown;
      // biome-ignore lint/suspicious/noExplicitAny: template JSON, read by path
      Statement: any;
    };
    const rules = acl.Rules as Rule[];
    const rate = rules.filter((r) => r.Statement.RateBasedStatement);
    expect(
      rate.map((r) => [
        r.Statement.RateBasedStatement.Limit,
        r.Statement.RateBasedStatement.AggregateKeyType,
        r.Action,
      ]),
    ).toEqual([
      [WAF_RATE_LIMIT, "IP", { Block: {} }],
      [WAF_AUTH_RATE_LIMIT, "IP", { Block: {} }],
    ]);
    expect(stringify(rate[1]!.Statement.RateBasedStatement.ScopeDownStatement)).toContain("/v1/auth/");
    const managed = rules.filter((r) => r.Statement.ManagedRuleGroupStatement);
    expect(managed.map((r) => r.Statement.ManagedRuleGroupStatement.Name)).toEqual(WAF_MANAGED_RULE_GROUPS);
    expect(managed.map((r) => r.Statement.ManagedRuleGroupStatement.VendorName)).toEqual(["AWS", "AWS"]);
    for (const r of managed) expect(r.OverrideAction, r.Name).toEqual({ None: {} }); // the groups' own block actions stand
    const common = managed[0]!.Statement.ManagedRuleGroupStatement;
    expect(common.RuleActionOverrides).toEqual(
      WAF_COUNT_ONLY_RULES.map((name) => ({ Name: name, ActionToUse: { Count: {} } })),
    );
    for (const r of rules) expect(new Set(rules.map((x) => x.Priority)).size, r.Name).toBe(rules.length);

    // The distribution (portal and /v1 alike) uses exactly that ACL, handed over from us-east-1.
    const aclID = resources(edge, "AWS::WAFv2::WebACL")[0]![0];
    const config = only(prod.stacks.Portal, "AWS::CloudFront::Distribution").Properties!.DistributionConfig;
    const reference = stringify(config.WebACLId);
    expect(reference).toMatch(/ExportsReader/);
    const exportName = /"\/cdk\/exports\/[^"]+"/.exec(reference)?.[0];
    const writer = only(edge, "Custom::CrossRegionExportWriter").Properties!;
    expect(stringify(writer.WriterProps.exports[JSON.parse(exportName!)])).toBe(
      stringify({ "Fn::GetAtt": [aclID, "Arn"] }),
    );
    // Disposable stages run without it (and say so to cdk-nag).
    expect(dev.edge).toBeUndefined();
    expect(config.WebACLId).toBeDefined();
    expect(
      only(dev.stacks.Portal, "AWS::CloudFront::Distribution").Properties!.DistributionConfig.WebACLId,
    ).toBeUndefined();
  });
});

describe("cdk-nag AwsSolutions", () => {
  it("reports no unsuppressed error in any stack of either stage", () => {
    for (const [stage, s] of both()) {
      for (const [, stack] of allStacks(s)) {
        const errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        expect(errors.map((e) => `${stage} ${e.id}: ${String(e.entry.data).split(":")[0]}`)).toEqual([]);
      }
    }
  });

  it("suppresses only named constructs, wildcard findings only for the exact policy, action or resource", () => {
    for (const [stage, s] of both()) {
      const all = allStacks(s).flatMap(([, stack]) => nagSuppressions(stack));
      expect(all.length).toBeGreaterThan(0);
      for (const suppression of all) {
        const where = `${stage} ${suppression.stack}/${suppression.resource} ${suppression.id}`;
        expect(suppression.resource, `${where}: no stack-wide suppression`).not.toBe("(stack)");
        expect(suppression.id, where).toMatch(/^AwsSolutions-[A-Z0-9]+$/);
        expect(suppression.reason.trim().length, where).toBeGreaterThan(0);
        if (WILDCARD_RULES.includes(suppression.id)) {
          expect(suppression.appliesTo?.length ?? 0, `${where}: needs appliesTo`).toBeGreaterThan(0);
          for (const finding of suppression.appliesTo!)
            expect(String(finding), where).toMatch(/^(Policy|Action|Resource)::/);
        }
      }
    }
  });

  it("lists every suppression, with its reason word for word, in docs/deploy.md (and nothing stale)", () => {
    const doc = readFileSync(fromRoot("docs", "deploy.md"), "utf8");
    const section = doc.slice(
      doc.indexOf("## cdk-nag suppressions"),
      doc.indexOf("\n## ", doc.indexOf("## cdk-nag suppressions") + 5),
    );
    const rows = section
      .split("\n")
      .filter((line) => /^\| `AwsSolutions-/.test(line))
      .map((line) => {
        const cells = line.slice(2, -2).split(" | ");
        return `${cells[0]!.replaceAll("`", "")} ${cells.at(-1)}`;
      });
    expect(rows.length).toBeGreaterThan(0);
    const used = new Set(
      both()
        .flatMap(([, s]) => allStacks(s).flatMap(([, stack]) => nagSuppressions(stack)))
        .map((n) => `${n.id} ${n.reason}`),
    );
    expect(
      [...used].filter((u) => !rows.includes(u)),
      "missing from docs/deploy.md",
    ).toEqual([]);
    expect(
      rows.filter((r) => !used.has(r)),
      "listed but not used",
    ).toEqual([]);
  });
});

describe("e-mail (SES)", () => {
  it("sends from the stage's domain identity through a configuration set whose bounces and complaints reach the feedback function", () => {
    const t = template(prod.stacks.Webhooks);
    t.hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: "atensi.kemensos.go.id" });
    t.hasResourceProperties("AWS::SES::ConfigurationSet", {
      DeliveryOptions: { TlsPolicy: "REQUIRE" },
      SuppressionOptions: { SuppressedReasons: ["BOUNCE", "COMPLAINT"] },
    });
    const destination = only(prod.stacks.Webhooks, "AWS::SES::ConfigurationSetEventDestination", /.*/)
      .Properties!;
    expect(destination.EventDestination.MatchingEventTypes.sort()).toEqual(["bounce", "complaint", "reject"]);
    const [topicID, topic] = resources(prod.stacks.Webhooks, "AWS::SNS::Topic")[0]!;
    expect(topic.Properties!.KmsMasterKeyId).toBeDefined();
    expect(stringify(destination.EventDestination.SnsDestination)).toContain(topicID);
    t.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "lambda",
      TopicArn: { Ref: topicID },
      Endpoint: { "Fn::GetAtt": [Match.stringLikeRegexp("^MailFeedbackFunction"), "Arn"] },
    });
    const sweep = only(prod.stacks.Webhooks, "AWS::Lambda::Function", /^SweepFunction[0-9A-F]{8}$/)
      .Properties!;
    expect(sweep.Environment.Variables).toMatchObject({
      ATENSI_MAIL_TRANSPORT: "ses",
      ATENSI_MAIL_FROM: "Portal Mitra ATENSI <no-reply@atensi.kemensos.go.id>",
      ATENSI_PORTAL_URL: `https://${PROD_DOMAIN}`,
    });
    // Only the sweep sends, only as that identity and through that configuration set.
    const send = roleStatements(prod.stacks.Webhooks, "SweepFunctionRole").find(
      (st) => st.Sid === "MailSend",
    )!;
    expect(actionsOf(send)).toEqual(["ses:SendEmail"]);
    expect(resourcesOf(send).map(stringify)).toEqual([
      expect.stringContaining(":identity/atensi.kemensos.go.id"),
      expect.stringContaining(":configuration-set/"),
    ]);
    for (const stackId of STACK_IDS)
      for (const role of ["ApiFunctionRole", "DispatchFunctionRole", "RelayFunctionRole"])
        if (stackId === "Api" || stackId === "Webhooks")
          expect(
            allActions(roleStatements(prod.stacks[stackId], role)).filter((a) => a.startsWith("ses:")),
          ).toEqual([]);
  });

  it("creates no SES resources in a stage without a sender, and refuses a production stage without one", () => {
    const t = template(dev.stacks.Webhooks);
    t.resourceCountIs("AWS::SES::EmailIdentity", 0);
    t.resourceCountIs("AWS::SES::ConfigurationSet", 0);
    expect(() => stageSettings("prod", { ...PROD_ENV, ATENSI_MAIL_FROM: undefined })).toThrow(
      /ATENSI_MAIL_FROM/,
    );
  });
});
