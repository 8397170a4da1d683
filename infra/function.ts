/**
 * One Lambda function the way all of ours are: arm64, nodejs22.x, code bundled by esbuild
 * (bundle.ts), its own log group (retention set, encrypted with the data key) and its own role
 * that can write only to that log group. Every other permission is granted explicitly by the
 * stack (grants.ts), so each function reaches only what it uses.
 */
import { AssetHashType, DockerImage, type Duration, Stack } from "aws-cdk-lib";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { Architecture, Code, Function as LambdaFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { bundleSync, FUNCTIONS, type FunctionName, HANDLER, installNative } from "./bundle";
import { ENV } from "./env";
import { suppress } from "./nag";
import { fromRoot } from "./root";
import type { StageSettings } from "./stage";

export const RUNTIME = Runtime.NODEJS_22_X;
export const ARCHITECTURE = Architecture.ARM_64;

/** The deployment package of one function: real esbuild bundling at synth (CDK local bundling). */
export const functionCode = (name: FunctionName) =>
  Code.fromAsset(fromRoot("functions"), {
    // Hash what is deployed, not the source folder; skipped bundling (tests) hashes nothing.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling below always succeeds or throws.
      image: DockerImage.fromRegistry("public.ecr.aws/sam/build-nodejs22.x"),
      // Part of CDK's asset cache key, so each function gets its own bundle.
      command: ["esbuild", FUNCTIONS[name]],
      local: {
        tryBundle(outputDir) {
          const result = bundleSync(FUNCTIONS[name], outputDir);
          installNative(result.metafile, outputDir, "arm64");
          return true;
        },
      },
    },
  });

export type AtensiFunctionProps = {
  name: FunctionName;
  description: string;
  settings: StageSettings;
  /** Encrypts the log group. */
  key: IKey;
  memorySize: number;
  timeout: Duration;
  environment?: Record<string, string>;
};

export const createFunction = (scope: Construct, id: string, props: AtensiFunctionProps) => {
  const stack = Stack.of(scope);
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: props.settings.logRetention,
    encryptionKey: props.key,
    removalPolicy: props.settings.removalPolicy,
  });
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
    description: `${props.name} function of ${stack.stackName}`,
  });
  // Its own log group only: no CreateLogGroup, no AWSLambdaBasicExecutionRole.
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [logGroup.logGroupArn],
    }),
  );
  const fn = new LambdaFunction(scope, id, {
    description: props.description,
    runtime: RUNTIME,
    architecture: ARCHITECTURE,
    handler: HANDLER,
    code: functionCode(props.name),
    memorySize: props.memorySize,
    timeout: props.timeout,
    role,
    logGroup,
    environment: {
      [ENV.stage]: props.settings.stage,
      [ENV.runtime]: "aws",
      ...props.environment,
    },
  });
  suppress(fn, [
    {
      id: "AwsSolutions-L1",
      reason:
        "nodejs22.x is the runtime this project targets (bundles are built for node22, local runs use Node 20/22); move to the next LTS runtime together with the toolchain.",
    },
  ]);
  return fn;
};
