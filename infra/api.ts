/**
 * The API: one Lambda function running the Hono app (packages/api) behind an HTTP API.
 *
 * Browsers reach it through the portal's CloudFront distribution under /v1 (portal.ts), so the
 * portal and the API share one origin: the session cookie is first-party (SameSite=Lax), as it
 * is locally where one Node server serves both. CORS is therefore only for other browser
 * origins: the portal's custom domain when one is configured, and the portal dev server on
 * disposable stages; with neither, no cross-origin browser call is allowed at all.
 */
import { Duration } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  CorsHttpMethod,
  HttpApi,
  HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { type StackContext, use } from "sst/constructs";
import { ENV } from "./env";
import { createFunction } from "./function";
import { grantEnvelope, grantKeyUse, grantSecretRead, grantTableData, s3Arn } from "./grants";
import { suppress, suppressSstStackHandler } from "./nag";
import { Secrets } from "./secrets";
import { stageSettings } from "./stage";
import { DOCUMENTS_PREFIX, documentsBucketName, Storage, UPLOAD_PREFIX } from "./storage";

/** Request headers the portal and machine clients send (DESIGN.md §5). */
export const API_ALLOWED_HEADERS = [
  "content-type",
  "authorization",
  "if-match",
  "idempotency-key",
  "x-csrf-token",
  "x-api-key",
];
/** One JSON line per request, HTTP API context variables; no query strings, no bodies, no cookies. */
export const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  method: "$context.httpMethod",
  path: "$context.path",
  routeKey: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  latencyMs: "$context.responseLatency",
  integrationLatencyMs: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
  userAgent: "$context.identity.userAgent",
};
export const API_EXPOSED_HEADERS = ["etag", "location", "retry-after", "x-request-id"];

export function Api({ stack, app }: StackContext) {
  const settings = stageSettings(app.stage);
  suppressSstStackHandler(stack);
  const { table, key } = use(Storage);
  const { blindIndexSecret, piiKey } = use(Secrets);
  const documentsBucket = documentsBucketName(app);
  const portalOrigin = settings.portalDomain ? `https://${settings.portalDomain}` : undefined;

  const fn = createFunction(stack, "ApiFunction", {
    name: "api",
    description: "ATENSI hub HTTP API (Hono)",
    settings,
    key,
    // argon2id password hashing is CPU-bound; Lambda CPU scales with memory.
    memorySize: 1024,
    timeout: Duration.seconds(25),
    environment: {
      [ENV.table]: table.tableName,
      [ENV.documentsBucket]: documentsBucket,
      [ENV.blindIndexSecretArn]: blindIndexSecret.secretArn,
      [ENV.piiKeyArn]: piiKey.keyArn,
      [ENV.clientAddressHeader]: "cloudfront-viewer-address",
      ...(portalOrigin ? { [ENV.portalOrigin]: portalOrigin } : {}),
    },
  });
  grantTableData(fn, table, key);
  grantSecretRead(fn, blindIndexSecret);
  grantEnvelope(fn, piiKey);
  // Documents: presign uploads into incoming/, confirm (copy) into documents/, presign downloads.
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: "DocumentsReadWrite",
      actions: ["s3:PutObject", "s3:GetObject"],
      resources: [
        s3Arn(stack, documentsBucket, `${UPLOAD_PREFIX}*`),
        s3Arn(stack, documentsBucket, `${DOCUMENTS_PREFIX}*`),
      ],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: "DocumentsDiscardUploads",
      actions: ["s3:DeleteObject"],
      resources: [s3Arn(stack, documentsBucket, `${UPLOAD_PREFIX}*`)],
    }),
  );
  grantKeyUse(fn, key); // SSE-KMS on the documents bucket uses the data key
  suppress(
    fn.role!,
    [
      {
        id: "AwsSolutions-IAM5",
        reason:
          "Object-level S3 permissions must name object keys; they are limited to the two prefixes the documents flow uses (incoming/ for presigned uploads, documents/ for confirmed files), never the whole bucket.",
        appliesTo: [
          `Resource::arn:<AWS::Partition>:s3:::${documentsBucket}/${UPLOAD_PREFIX}*`,
          `Resource::arn:<AWS::Partition>:s3:::${documentsBucket}/${DOCUMENTS_PREFIX}*`,
        ],
      },
    ],
    true,
  );

  const origins = [...(portalOrigin ? [portalOrigin] : []), ...settings.extraOrigins];
  const httpApi = new HttpApi(stack, "HttpApi", {
    apiName: `${app.name}-${app.stage}`,
    description: `ATENSI hub API (${app.stage})`,
    createDefaultStage: false,
    corsPreflight:
      origins.length > 0
        ? {
            allowOrigins: origins,
            allowCredentials: true,
            allowMethods: [
              CorsHttpMethod.GET,
              CorsHttpMethod.POST,
              CorsHttpMethod.PUT,
              CorsHttpMethod.PATCH,
              CorsHttpMethod.DELETE,
            ],
            allowHeaders: API_ALLOWED_HEADERS,
            exposeHeaders: API_EXPOSED_HEADERS,
            maxAge: Duration.hours(1),
          }
        : undefined,
    // Every path goes to the app, which answers unknown ones with problem+json 404.
    defaultIntegration: new HttpLambdaIntegration("ApiIntegration", fn, {
      payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
    }),
  });
  suppress(
    httpApi,
    [
      {
        id: "AwsSolutions-APIG4",
        reason:
          "Authentication and authorisation are the app's: session cookies for portal users and hashed API keys for programmes, checked by one policy function (DESIGN.md §5). Public routes (health, sign-in, OpenAPI) must stay reachable, so no API Gateway authorizer.",
      },
    ],
    true,
  );

  const accessLogs = new LogGroup(stack, "ApiAccessLogs", {
    retention: settings.logRetention,
    encryptionKey: key,
    removalPolicy: settings.removalPolicy,
  });
  const stage = new HttpStage(stack, "DefaultStage", {
    httpApi,
    stageName: "$default",
    autoDeploy: true,
    throttle: settings.throttle,
    accessLogSettings: {
      destination: new LogGroupLogDestination(accessLogs),
      format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
    },
  });

  stack.addOutputs({
    ApiEndpoint: httpApi.apiEndpoint,
    ApiFunctionName: fn.functionName,
  });
  return { fn, httpApi, stage, accessLogs };
}
