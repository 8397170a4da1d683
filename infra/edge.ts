/**
 * AWS WAF in front of everything users and programmes reach (production stages only).
 *
 * CloudFront serves the portal and, under /v1, /docs and /health, the API (portal.ts), so one
 * web ACL on the distribution inspects both. A CLOUDFRONT-scope web ACL must live in us-east-1,
 * while SST places every stack in the app's region; this is therefore a plain CDK stack pinned
 * to us-east-1, and the Portal stack reads its ARN through CDK's cross-region references (an SSM
 * parameter written in us-east-1, read by a custom resource in the app's region).
 *
 * HTTP APIs (API Gateway v2) cannot be associated with a web ACL at all (AWS WAF protects REST
 * APIs, not HTTP APIs), so the API's protection is this ACL on the CloudFront path it is
 * served under; docs/deploy.md says what that leaves open.
 */
import { Stack } from "aws-cdk-lib";
import { CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import type { App } from "sst/constructs";

/** Requests per IP in any 5 minutes before WAF blocks it (about 10 a second, sustained). */
export const WAF_RATE_LIMIT = 3000;
/** Sign-in and password routes per IP in any 5 minutes (the app also locks out per e-mail). */
export const WAF_AUTH_RATE_LIMIT = 100;
export const WAF_MANAGED_RULE_GROUPS = [
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
];
/**
 * The common rule set blocks bodies over 8 KB; supervision reports and agreements are larger
 * JSON documents (the app itself limits bodies to 1 MB and validates every field), so that one
 * rule only counts.
 */
export const WAF_COUNT_ONLY_RULES = ["SizeRestrictions_BODY"];

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

const edges = new WeakMap<App, { stack: Stack; webAcl: CfnWebACL }>();

/** The us-east-1 stack with the distribution's web ACL, created once per app. */
export const edgeWebAcl = (app: App) => {
  const existing = edges.get(app);
  if (existing) return existing;
  const stack = new Stack(app, `${app.stage}-${app.name}-Edge`, {
    env: { account: app.account, region: "us-east-1" },
    description: `ATENSI hub ${app.stage}: AWS WAF web ACL of the CloudFront distribution`,
  });
  const prefix = `${app.name}-${app.stage}`;
  const rate = (name: string, priority: number, limit: number, scopeDown?: CfnWebACL.StatementProperty) => ({
    name,
    priority,
    action: { block: {} },
    statement: {
      rateBasedStatement: {
        limit,
        aggregateKeyType: "IP",
        evaluationWindowSec: 300,
        ...(scopeDown ? { scopeDownStatement: scopeDown } : {}),
      },
    },
    visibilityConfig: visibility(`${prefix}-${name}`),
  });
  const webAcl = new CfnWebACL(stack, "PortalWebAcl", {
    name: `${prefix}-portal`,
    description: "CloudFront: portal and API (/v1). AWS managed rules and per-IP rate limits.",
    scope: "CLOUDFRONT",
    defaultAction: { allow: {} },
    visibilityConfig: visibility(`${prefix}-portal`),
    rules: [
      rate("RateLimitPerIp", 0, WAF_RATE_LIMIT),
      rate("RateLimitAuthPerIp", 1, WAF_AUTH_RATE_LIMIT, {
        byteMatchStatement: {
          fieldToMatch: { uriPath: {} },
          positionalConstraint: "STARTS_WITH",
          searchString: "/v1/auth/",
          textTransformations: [{ priority: 0, type: "LOWERCASE" }],
        },
      }),
      ...WAF_MANAGED_RULE_GROUPS.map((name, i) => ({
        name,
        priority: 10 + i,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: "AWS",
            name,
            ...(name === "AWSManagedRulesCommonRuleSet"
              ? {
                  ruleActionOverrides: WAF_COUNT_ONLY_RULES.map((rule) => ({
                    name: rule,
                    actionToUse: { count: {} },
                  })),
                }
              : {}),
          },
        },
        visibilityConfig: visibility(`${prefix}-${name}`),
      })),
    ],
  });
  const edge = { stack, webAcl };
  edges.set(app, edge);
  return edge;
};
