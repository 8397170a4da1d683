/**
 * Offline synthesis for tests (test/infra): the real sst.config.ts stacks on an SST App, with no
 * AWS credentials, no network and no lookups.
 *
 * - The SST project is set in memory (`setProject`) instead of by the CLI; NODE_ENV=test makes
 *   SST skip its bootstrap-stack lookup (App.isRunningSSTTest).
 * - The account and region are explicit (123456789012, ap-southeast-3).
 * - Lambda bundling is skipped with CDK's `aws:cdk:bundling-stacks` context set to [] (the switch
 *   `cdk synth --exclusively` uses); the bundling itself is tested and benchmarked separately.
 * - The portal build is replaced by a one-file stand-in unless ATENSI_PORTAL_DIST says otherwise.
 *
 * Test files import aws-cdk-lib's assertions from here because only this package depends on it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App as CdkApp, Stack } from "aws-cdk-lib";
import { Queue } from "aws-cdk-lib/aws-sqs";
import { applyNag } from "./nag";

export type { Stack };

import { App } from "sst/constructs";
import { setProject } from "sst/project.js";
import config from "../sst.config";
import { STACKS, stackName } from "./index";
import { fromRoot } from "./root";

export { Annotations, Capture, Match, Template } from "aws-cdk-lib/assertions";
export { STACKS };

/**
 * SST's debug log opens once per process in the first project's out folder, so every synthesis
 * in this process shares one, removed when the process exits.
 */
const SST_OUT = mkdtempSync(join(tmpdir(), "atensi-sst-"));
process.once("exit", () => rmSync(SST_OUT, { recursive: true, force: true }));

export const TEST_ACCOUNT = "123456789012";
export const TEST_REGION = "ap-southeast-3";

export const STACK_IDS = [
  "Storage",
  "Secrets",
  "Api",
  "Portal",
  "Documents",
  "Webhooks",
  "Observability",
] as const;
export type StackId = (typeof STACK_IDS)[number];
export type Synthesized = {
  app: App;
  stage: string;
  stacks: Record<StackId, Stack>;
  /** The us-east-1 stack with the CloudFront web ACL (production stages only; edge.ts). */
  edge?: Stack;
  outdir: string;
};

export const synthesize = async (
  stage: string,
  env: Record<string, string | undefined> = {},
): Promise<Synthesized> => {
  const outdir = mkdtempSync(join(tmpdir(), `atensi-synth-${stage}-`));
  const portalDist = join(outdir, "portal-dist");
  mkdirSync(portalDist);
  writeFileSync(join(portalDist, "index.html"), "<!doctype html><title>ATENSI</title>");

  const saved: Record<string, string | undefined> = {};
  const overrides = { NODE_ENV: "test", ATENSI_PORTAL_DIST: portalDist, ...env };
  for (const [name, value] of Object.entries(overrides)) {
    saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    const sstConfig = await config.config({ stage, region: undefined } as never);
    setProject({
      version: "test",
      cdkVersion: "test",
      constructsVersion: "test",
      config: {
        ...sstConfig,
        stage,
        region: sstConfig.region,
        ssmPrefix: `/sst/${sstConfig.name}/${stage}/`,
      },
      stacks: config.stacks,
      metafile: undefined,
      paths: {
        root: fromRoot(),
        config: fromRoot("sst.config.ts"),
        out: SST_OUT,
        artifacts: join(SST_OUT, "artifacts"),
      },
    } as never);
    const app = new App(
      { mode: "deploy", stage, name: sstConfig.name, region: sstConfig.region, account: TEST_ACCOUNT },
      { outdir: join(outdir, "cdk.out"), context: { "aws:cdk:bundling-stacks": [] } },
    );
    await config.stacks(app);
    await app.finish();
    app.synth();
    if (STACKS.map((fn) => fn.name).join() !== STACK_IDS.join()) throw new Error("STACK_IDS is out of date");
    const stacks = Object.fromEntries(
      STACK_IDS.map((id) => [id, app.node.findChild(stackName(app, { name: id })) as Stack]),
    ) as Record<StackId, Stack>;
    const edge = app.node.tryFindChild(`${stage}-${app.name}-Edge`) as Stack | undefined;
    return { app, stage, stacks, ...(edge ? { edge } : {}), outdir };
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
};

export const cleanup = (synthesized: Synthesized) =>
  rmSync(synthesized.outdir, { recursive: true, force: true });

/** A stack with a queue that breaks AwsSolutions rules (no DLQ, no TLS-only policy), checked by applyNag. */
export const nagProbe = () => {
  const app = new CdkApp();
  const stack = new Stack(app, "NagProbe", { env: { account: TEST_ACCOUNT, region: TEST_REGION } });
  new Queue(stack, "Bare");
  applyNag(app);
  app.synth();
  return stack;
};
