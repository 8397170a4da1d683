/**
 * cdk-nag's AwsSolutions pack over the whole app. Every suppression in infra/ carries a written
 * reason; this file holds the ones that are about SST or CDK machinery rather than our resources.
 */
import { createRequire } from "node:module";
import { Aspects, type Stack } from "aws-cdk-lib";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type * as CdkNag from "cdk-nag";
import type { IConstruct } from "constructs";
import { fromRoot } from "./root";

/**
 * cdk-nag, loaded from this package at run time rather than imported: SST's CLI bundles
 * sst.config.ts into one ES module and cdk-nag (CommonJS, uses __filename) breaks when bundled.
 */
const cdkNag = (): typeof CdkNag => createRequire(fromRoot("infra", "package.json"))("cdk-nag");

export type Suppression = { id: string; reason: string; appliesTo?: string[] };

export const applyNag = (app: IConstruct, options: { reports?: boolean } = {}) =>
  Aspects.of(app).add(
    new (cdkNag().AwsSolutionsChecks)({ verbose: true, reports: options.reports ?? false }),
  );

/** A cdk-nag suppression on a construct (and, by default, its children), with its reason. */
export const suppress = (construct: IConstruct, suppressions: Suppression[], applyToChildren = true) =>
  cdkNag().NagSuppressions.addResourceSuppressions(construct, suppressions, applyToChildren);

/**
 * SST v2 gives every stack a `CustomResourceHandler` function (its own custom resources; ours use
 * none). It is SST's, created with CDK's default role.
 */
export const suppressSstStackHandler = (stack: Stack) => {
  const handler = (stack as Stack & { customResourceHandler?: IFunction }).customResourceHandler;
  if (!handler) return;
  suppress(
    handler,
    [
      {
        id: "AwsSolutions-IAM4",
        reason:
          "SST v2 creates this per-stack custom resource handler with CDK's default role (AWSLambdaBasicExecutionRole: CloudWatch Logs only); it is not ours to change and touches no data.",
        appliesTo: ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
      },
      {
        id: "AwsSolutions-L1",
        reason: "SST v2 pins this handler's runtime (nodejs22.x) in its Stack construct.",
      },
    ],
    true,
  );
};
