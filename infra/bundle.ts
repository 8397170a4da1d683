/**
 * How every Lambda function is bundled: one esbuild configuration, used by the stacks (CDK local
 * bundling at synth) and by the benchmark (test/bench/lambda.ts), so what is measured is what is
 * deployed.
 *
 * - esbuild, minified, ESM, platform node, target node22 (the Lambda runtime is nodejs22.x),
 *   split into an entry (`index.mjs`) and chunks that dynamic imports load on first use; the
 *   deployment package is the whole directory.
 * - `@aws-sdk/*` is external: the Lambda runtime (nodejs22.x) provides AWS SDK v3 with every
 *   client. That includes `@aws-sdk/client-kms` and `@aws-sdk/client-secrets-manager`, which
 *   core's vault loads with import() only when it seals, opens or needs the blind-index key.
 * - Everything else is bundled. Core's webhook sender uses node:http(s) with an SSRF-guarded
 *   DNS lookup, so no HTTP client library adds weight.
 * - Native addons (`@node-rs/argon2`, used by core's password hashing) are external too and are
 *   installed into the deployment package for linux-arm64 by `installNative` (npm, at deploy).
 *
 * Tests skip bundling with CDK's own switch, the `aws:cdk:bundling-stacks` context set to `[]`
 * (what `cdk synth --exclusively` uses); see test/infra/synth.ts.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { join } from "node:path";
import type { BuildOptions, BuildResult, Metafile } from "esbuild";
import { fromRoot, repoRoot } from "./root";

/** Lambda entry points, relative to the repository root. */
export const FUNCTIONS = {
  api: "functions/api.ts",
  relay: "functions/relay.ts",
  dispatch: "functions/dispatch.ts",
  sweep: "functions/sweep.ts",
  schedules: "functions/schedules.ts",
  mailFeedback: "functions/mail-feedback.ts",
} as const;
export type FunctionName = keyof typeof FUNCTIONS;

/** Not deployed: the empty handler the cold-start benchmark compares against. */
export const EMPTY_ENTRY = "functions/lib/empty.ts";

/** Packages with native code: kept out of the bundle, installed for the Lambda platform. */
export const NATIVE_PACKAGES = ["@node-rs/argon2"] as const;

/**
 * Schema-library adapters that hono-openapi's helpers (@standard-community/*) load with dynamic
 * import() only when handed a schema of that library. The project's schemas are valibot only
 * (DESIGN.md), so these are never loaded; left external they cost nothing (zod alone is 400 KB).
 */
export const UNUSED_SCHEMA_ADAPTERS = [
  "zod",
  "zod/*",
  "zod-to-json-schema",
  "zod-openapi",
  "effect",
  "sury",
  "arktype",
] as const;

/**
 * Local-only packages: nodemailer sends SMTP to the local mail catcher; in AWS mail goes through
 * SES v2 (core/src/mail/transport.ts), so the functions never load it and do not carry it.
 */
export const LOCAL_ONLY_PACKAGES = ["nodemailer"] as const;

export const BUNDLE_FILE = "index.mjs";
export const HANDLER = "index.handler";

/**
 * esbuild, loaded from this package with a path computed at run time: SST's CLI bundles
 * sst.config.ts and everything it imports, and esbuild itself must not be bundled.
 */
const esbuild = (): typeof import("esbuild") => createRequire(fromRoot("infra", "package.json"))("esbuild");

export const buildOptions = (entry: string, outdir: string): BuildOptions => ({
  absWorkingDir: repoRoot,
  entryPoints: [fromRoot(entry)],
  outdir,
  // The entry is index.mjs; each import() becomes a chunk loaded on first use, so a cold start
  // compiles only what its first request needs (packages/api/src/app.ts loads features lazily).
  splitting: true,
  entryNames: BUNDLE_FILE.replace(/\.mjs$/, ""),
  chunkNames: "chunks/[name]-[hash]",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  minify: true,
  platform: "node",
  format: "esm",
  target: "node22",
  mainFields: ["module", "main"],
  external: ["@aws-sdk/*", ...NATIVE_PACKAGES, ...UNUSED_SCHEMA_ADAPTERS, ...LOCAL_ONLY_PACKAGES],
  // CommonJS dependencies call require(); ESM output has none, so give them one.
  banner: {
    js: 'import{createRequire as __atensiCreateRequire}from"node:module";const require=__atensiCreateRequire(import.meta.url);',
  },
  legalComments: "none",
  charset: "utf8",
  sourcemap: false,
  metafile: true,
  logLevel: "silent",
});

/**
 * The bare module paths a bundle leaves for the runtime to provide (from esbuild's metafile);
 * `dynamic` lists those reached only through import(), the rest are loaded at start.
 */
export const externalImports = (metafile: Metafile, kind: "static" | "dynamic" | "all" = "all") => {
  const names = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) {
      // Node's own modules, with or without the `node:` prefix (CommonJS packages such as
      // pdfkit and exceljs require "fs", "zlib"...), are the runtime's, not packages.
      if (!imported.external || isBuiltin(imported.path)) continue;
      const dynamic = imported.kind === "dynamic-import";
      if (kind === "all" || (kind === "dynamic") === dynamic) names.add(imported.path);
    }
  }
  return [...names].sort();
};

const nativeNeeded = (metafile: Metafile) =>
  NATIVE_PACKAGES.filter((name) =>
    externalImports(metafile, "all").some((path) => path === name || path.startsWith(`${name}/`)),
  );

/** The version of a native package as installed for packages/core (what the tests ran against). */
const installedVersion = (name: string) => {
  const require = createRequire(fromRoot("packages", "core", "package.json"));
  const pkgPath = require.resolve(`${name}/package.json`);
  return (JSON.parse(readFileSync(pkgPath, "utf8")) as { version: string }).version;
};

/**
 * Installs the native packages a bundle imports into `outdir/node_modules`, for Lambda's
 * platform (Linux, glibc, arm64), from the npm registry. Used only for real deployments.
 */
export const installNative = (metafile: Metafile, outdir: string, cpu: "arm64" | "x64" = "arm64") => {
  const needed = nativeNeeded(metafile);
  if (needed.length === 0) return [];
  const dependencies = Object.fromEntries(needed.map((name) => [name, installedVersion(name)]));
  writeFileSync(
    join(outdir, "package.json"),
    JSON.stringify({ private: true, type: "module", dependencies }, null, 2),
  );
  execFileSync(
    "npm",
    [
      "install",
      "--omit=dev",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      "--os=linux",
      `--cpu=${cpu}`,
      "--libc=glibc",
    ],
    {
      cwd: outdir,
      stdio: ["ignore", "ignore", "inherit"],
      // Not pnpm's settings (this runs under `pnpm ... sst`): a plain npm install from the registry.
      env: Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
    },
  );
  return needed;
};

/** Bundles one entry synchronously (CDK's local bundling is synchronous). */
export const bundleSync = (entry: string, outdir: string) => {
  mkdirSync(outdir, { recursive: true });
  return esbuild().buildSync(buildOptions(entry, outdir)) as BuildResult & { metafile: Metafile };
};

/** A bundle's deployed size: the entry and every chunk. */
export const bundleBytes = (metafile: Metafile) =>
  Object.entries(metafile.outputs)
    .filter(([path]) => path.endsWith(".mjs"))
    .reduce((sum, [, output]) => sum + output.bytes, 0);

/** The bytes a cold start compiles before serving: the entry and the chunks it imports statically. */
export const entryBytes = (metafile: Metafile) => {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((path) => path.endsWith(`/${BUNDLE_FILE}`) || path === BUNDLE_FILE);
  if (!entry) return 0;
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || !outputs[path]) return;
    seen.add(path);
    for (const imported of outputs[path].imports)
      if (imported.kind === "import-statement") visit(imported.path);
  };
  visit(entry);
  return [...seen].reduce((sum, path) => sum + (outputs[path]?.bytes ?? 0), 0);
};

export const bundle = async (entry: string, outdir: string) => {
  mkdirSync(outdir, { recursive: true });
  return (await esbuild().build(buildOptions(entry, outdir))) as BuildResult & { metafile: Metafile };
};
