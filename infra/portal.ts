/**
 * The portal: the SolidJS build (portal/dist) in a private bucket, served by CloudFront through
 * Origin Access Control, with security headers on every response.
 *
 * The same distribution routes /v1/*, /docs and /health to the HTTP API (api.ts), so the portal
 * and the API are one origin, exactly as in the local runtime: relative URLs, first-party
 * cookies, no CORS in the portal's own traffic.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type CfnElement, Duration, RemovalPolicy } from "aws-cdk-lib";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  type ResponseSecurityHeadersBehavior,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, Source } from "aws-cdk-lib/aws-s3-deployment";
import { type StackContext, use } from "sst/constructs";
import { Api } from "./api";
import { edgeWebAcl } from "./edge";
import { suppress, suppressSstStackHandler } from "./nag";
import { stageSettings } from "./stage";
import { documentsBucketName } from "./storage";

/** Paths the API answers; everything else is the single-page app. */
export const API_PATHS = ["/v1/*", "/docs", "/health"] as const;

/**
 * The portal's Content-Security-Policy. Scripts and styles come from the portal's own build;
 * style-src allows inline style attributes (SolidJS sets `style`); the only other host the
 * browser talks to is the documents bucket, for presigned uploads.
 */
export const contentSecurityPolicy = (documentsHosts: string[]) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${documentsHosts.join(" ")}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "upgrade-insecure-requests",
  ].join("; ");

const securityHeaders = (csp: string, overrideCsp: boolean): ResponseSecurityHeadersBehavior => ({
  strictTransportSecurity: {
    accessControlMaxAge: Duration.days(730),
    includeSubdomains: true,
    preload: true,
    override: true,
  },
  contentTypeOptions: { override: true },
  frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
  referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
  contentSecurityPolicy: { contentSecurityPolicy: csp, override: overrideCsp },
});

/** SPA routing without touching API errors: paths without a file extension get index.html. */
const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  var last = request.uri.split("/").pop();
  if (last.indexOf(".") === -1) request.uri = "/index.html";
  return request;
}`;

export function Portal({ stack, app }: StackContext) {
  const settings = stageSettings(app.stage);
  suppressSstStackHandler(stack);
  const { httpApi } = use(Api);

  const logs = new Bucket(stack, "PortalLogs", {
    // CloudFront standard logging writes with ACLs, so ACLs stay enabled on this bucket only.
    objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    lifecycleRules: [{ id: "expire-logs", expiration: Duration.days(settings.production ? 400 : 30) }],
    removalPolicy: settings.removalPolicy,
  });
  suppress(logs, [
    {
      id: "AwsSolutions-S1",
      reason: "This is the log bucket (CloudFront and S3 access logs); logging it into itself would loop.",
    },
  ]);

  const site = new Bucket(stack, "PortalBucket", {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    serverAccessLogsBucket: logs,
    serverAccessLogsPrefix: "s3/",
    // The content is a build output, reproducible from git.
    removalPolicy: settings.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });

  const region = stack.region;
  const documents = documentsBucketName(app);
  const csp = contentSecurityPolicy([`https://${documents}.s3.${region}.amazonaws.com`]);
  const portalHeaders = new ResponseHeadersPolicy(stack, "PortalHeaders", {
    comment: `ATENSI hub ${app.stage} portal security headers`,
    securityHeadersBehavior: securityHeaders(csp, true),
    customHeadersBehavior: {
      customHeaders: [
        {
          header: "Permissions-Policy",
          value: "camera=(), microphone=(), geolocation=(), payment=()",
          override: true,
        },
        { header: "Cross-Origin-Opener-Policy", value: "same-origin", override: true },
      ],
    },
  });
  // The API sets its own headers (and the /docs page its own CSP); CloudFront adds the rest.
  const apiHeaders = new ResponseHeadersPolicy(stack, "ApiHeaders", {
    comment: `ATENSI hub ${app.stage} API security headers`,
    securityHeadersBehavior: securityHeaders("default-src 'none'; frame-ancestors 'none'", false),
  });

  const spaRewrite = new CloudFrontFunction(stack, "SpaRewrite", {
    code: FunctionCode.fromInline(SPA_REWRITE),
    runtime: FunctionRuntime.JS_2_0,
    comment: "Serve index.html for client-side routes",
  });

  const apiOrigin = new HttpOrigin(`${httpApi.apiId}.execute-api.${region}.${stack.urlSuffix}`, {
    protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
    originSslProtocols: [OriginSslPolicy.TLS_V1_2],
  });
  const apiBehavior: BehaviorOptions = {
    origin: apiOrigin,
    viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: AllowedMethods.ALLOW_ALL,
    cachePolicy: CachePolicy.CACHING_DISABLED,
    originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    responseHeadersPolicy: apiHeaders,
    compress: true,
  };

  const certificate = settings.portalCertificateArn
    ? Certificate.fromCertificateArn(stack, "PortalCertificate", settings.portalCertificateArn)
    : undefined;
  // Production stages: AWS WAF on the distribution, so on the portal and the API under /v1 (edge.ts).
  const webAcl = settings.production ? edgeWebAcl(app).webAcl : undefined;
  const distribution = new Distribution(stack, "PortalDistribution", {
    comment: `ATENSI hub ${app.stage} portal`,
    defaultRootObject: "index.html",
    defaultBehavior: {
      origin: S3BucketOrigin.withOriginAccessControl(site),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: portalHeaders,
      functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      compress: true,
    },
    additionalBehaviors: Object.fromEntries(API_PATHS.map((path) => [path, apiBehavior])),
    httpVersion: HttpVersion.HTTP2_AND_3,
    // Includes edge locations in Indonesia and the rest of Asia.
    priceClass: PriceClass.PRICE_CLASS_200,
    minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
    enableLogging: true,
    logBucket: logs,
    logFilePrefix: "cloudfront/",
    ...(settings.portalDomain && certificate ? { domainNames: [settings.portalDomain], certificate } : {}),
    ...(webAcl ? { webAclId: webAcl.attrArn } : {}),
  });
  const suppressions = [
    {
      id: "AwsSolutions-CFR1",
      reason:
        "No geo restriction: partners, ministry staff and programmes may work from abroad (missions, travel); access is controlled by authentication, not location.",
    },
  ];
  if (!webAcl) {
    suppressions.push({
      id: "AwsSolutions-CFR2",
      reason:
        "Disposable stages (dev, previews) hold no real data and run without AWS WAF to save its monthly cost; every production stage gets the web ACL of edge.ts (managed common rules and rate limits).",
    });
  }
  if (!certificate) {
    suppressions.push({
      id: "AwsSolutions-CFR4",
      reason:
        "Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose minimum protocol cannot be set; with ATENSI_PORTAL_DOMAIN set the distribution uses TLSv1.2_2021.",
    });
  }
  suppress(distribution, suppressions);

  if (!existsSync(join(settings.portalDist, "index.html"))) {
    throw new Error(
      `The portal build is missing (${settings.portalDist}/index.html): run "pnpm --filter @atensi/portal build" before deploying`,
    );
  }
  const deploymentLogs = new LogGroup(stack, "PortalDeploymentLogs", {
    retention: settings.logRetention,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const deployment = new BucketDeployment(stack, "PortalContent", {
    sources: [Source.asset(settings.portalDist)],
    destinationBucket: site,
    distribution,
    distributionPaths: ["/*"],
    prune: true,
    memoryLimit: 512,
    logGroup: deploymentLogs,
  });
  // CDK's BucketDeployment adds a singleton handler function (and its role) to the stack.
  const deploymentHandlers = stack.node.children.filter((child) =>
    child.node.id.startsWith("Custom::CDKBucketDeployment"),
  );
  if (deploymentHandlers.length === 0)
    throw new Error("BucketDeployment handler not found; update the cdk-nag suppressions");
  for (const handler of deploymentHandlers) {
    suppress(
      handler,
      [
        {
          id: "AwsSolutions-IAM4",
          reason:
            "CDK's BucketDeployment handler (runs only during deploys, copies portal/dist) uses AWSLambdaBasicExecutionRole for its logs.",
          appliesTo: [
            "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
          ],
        },
        {
          id: "AwsSolutions-IAM5",
          reason:
            "CDK's BucketDeployment grants its handler object-level access (s3:GetObject*, s3:List*, s3:DeleteObject*, s3:Abort*) to the CDK asset bucket and to the portal bucket it syncs, and cloudfront:CreateInvalidation on * (CDK's grant; invalidations take no resource ARN in its policy); it touches no application data.",
          appliesTo: [
            ...["s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:DeleteObject*", "s3:Abort*"].map(
              (action) => `Action::${action}`,
            ),
            `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${stack.account}-${stack.region}/*`,
            `Resource::<${stack.getLogicalId(site.node.defaultChild as CfnElement)}.Arn>/*`,
            "Resource::*",
          ],
        },
        {
          id: "AwsSolutions-L1",
          reason: "CDK's BucketDeployment pins its handler's Python runtime; it is not ours to choose.",
        },
      ],
      true,
    );
  }
  void deployment;

  const origin = settings.portalDomain
    ? `https://${settings.portalDomain}`
    : `https://${distribution.distributionDomainName}`;
  stack.addOutputs({
    PortalUrl: origin,
    DistributionId: distribution.distributionId,
    PortalBucket: site.bucketName,
  });
  return { distribution, site, origin };
}
