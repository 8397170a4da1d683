/**
 * SST v2 (the aws-cdk-lib based line) app: ATENSI Integration Hub on AWS.
 *
 * Deploy: `pnpm sst deploy --stage prod` (see docs/deploy.md). Stacks live in infra/ (one file
 * per concern); infra/index.ts lists them in order. Region defaults to Jakarta.
 */
import { defineStacks } from "./infra";
import { APP_NAME, DEFAULT_REGION } from "./infra/app";
import type { SSTConfig } from "./infra/sst";

export default {
  config(input) {
    return {
      name: APP_NAME,
      region: input.region ?? DEFAULT_REGION,
      // Stages: `prod` (and `staging`) hold real data and are protected (infra/stage.ts);
      // `dev` and personal stages are disposable.
      stage: input.stage,
    };
  },
  stacks(app) {
    defineStacks(app, { nagReports: true });
  },
} satisfies SSTConfig;
