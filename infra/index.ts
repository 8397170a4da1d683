/**
 * The stacks, in deployment order. Each `use()` reads an earlier stack's outputs:
 *
 *   Storage (data key, table) ─▶ Secrets ─▶ Api ─▶ Portal (CloudFront: SPA + /v1 → Api)
 *        └─────────────────────────────────────────▶ Documents (bucket; CORS = portal origin)
 *        └─▶ Webhooks (stream → relay → SQS → dispatch; sweep) ─▶ Observability (topic, alarms)
 */
import type { App } from "sst/constructs";
import { Api } from "./api";
import { applyNag } from "./nag";
import { Observability } from "./observability";
import { Portal } from "./portal";
import { Secrets } from "./secrets";
import { validateStage } from "./stage";
import { Documents, Storage } from "./storage";
import { Webhooks } from "./webhooks";

/** CDK feature flags the stacks rely on (set on the app before any stack exists). */
export const FEATURE_FLAGS = { "@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy": true };

export const STACKS = [Storage, Secrets, Api, Portal, Documents, Webhooks, Observability] as const;

/** What sst.config.ts's `stacks(app)` does; tests call it too. */
export const defineStacks = (app: App, options: { nagReports?: boolean } = {}) => {
  validateStage(app.stage);
  // S3 server access logging through a bucket policy (not the legacy LogDeliveryWrite ACL).
  for (const [flag, value] of Object.entries(FEATURE_FLAGS)) app.node.setContext(flag, value);
  // The Portal stack reads the WAF web ACL's ARN from the us-east-1 Edge stack (edge.ts).
  for (const stack of STACKS) app.stack(stack, stack === Portal ? { crossRegionReferences: true } : {});
  applyNag(app, { reports: options.nagReports });
  return app;
};

export const stackName = (app: { stage: string; name: string }, fn: { name: string }) =>
  `${app.stage}-${app.name}-${fn.name}`;

export { Api, Documents, Observability, Portal, Secrets, Storage, Webhooks };
