#!/usr/bin/env node
/**
 * Offline synthesis through SST's own config loader: bundles sst.config.ts exactly as
 * `sst deploy` does (esbuild, `sst` and `aws-cdk-lib` external), builds every stack with real
 * Lambda bundling, runs cdk-nag, and writes the CloudFormation templates to
 * .sst/synth/<stage>/ for review. No AWS credentials, no network except npm (the linux-arm64
 * argon2 addon is installed into the api package, as on a real deploy).
 *
 *   pnpm --filter @atensi/infra synth --stage prod [--account 123456789012]
 *
 * Run it from infra/ (pnpm --filter does), where `sst` and `aws-cdk-lib` resolve.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Annotations, Match } from "aws-cdk-lib/assertions";
import { App } from "sst/constructs";
import { setProject } from "sst/project.js";
import { load } from "sst/stacks/build.js";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    stage: { type: "string", default: "dev" },
    account: { type: "string", default: "123456789012" },
  },
});
const root = resolve(import.meta.dirname, "..");
const out = join(root, ".sst", "synth", values.stage);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

process.env.NODE_ENV = "test"; // SST: skip the bootstrap-stack lookup (needs AWS)
const [, sstConfig] = await load(join(root, "sst.config.ts"));
const config = await sstConfig.config({ stage: values.stage });
setProject({
  version: "offline",
  cdkVersion: "offline",
  constructsVersion: "offline",
  config: { ...config, stage: values.stage, ssmPrefix: `/sst/${config.name}/${values.stage}/` },
  stacks: sstConfig.stacks,
  paths: {
    root,
    config: join(root, "sst.config.ts"),
    out: join(root, ".sst"),
    artifacts: join(root, ".sst", "artifacts"),
  },
});
const started = Date.now();
const app = new App(
  { mode: "deploy", stage: values.stage, name: config.name, region: config.region, account: values.account },
  { outdir: join(out, "cdk.out") },
);
await sstConfig.stacks(app);
await app.finish();
const assembly = app.synth();
let errors = 0;
for (const stack of assembly.stacks) {
  const construct = app.node.findChild(stack.id);
  const found = Annotations.fromStack(construct).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
  errors += found.length;
  for (const e of found) console.error(`  ${stack.id} ${e.id}: ${String(e.entry.data).split(":")[0]}`);
  console.log(
    `${stack.id}: ${Object.keys(stack.template.Resources ?? {}).length} resources, ${found.length} cdk-nag errors`,
  );
}
const assets = readdirSync(join(out, "cdk.out")).filter((f) => f.startsWith("asset."));
console.log(
  `synthesized ${assembly.stacks.length} stacks in ${Date.now() - started} ms; ${assets.length} assets; templates in ${join(out, "cdk.out")}`,
);
const api = assets
  .map((a) => join(out, "cdk.out", a, "index.mjs"))
  .find((f) => {
    try {
      return readFileSync(f, "utf8").includes("/v1/openapi.json");
    } catch {
      return false;
    }
  });
if (api)
  console.log(`api package: ${api.replace(/index\.mjs$/, "")} (${readdirSync(join(api, "..")).join(", ")})`);
if (errors > 0) process.exitCode = 1;
