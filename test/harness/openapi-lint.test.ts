import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestHub } from "../support/hub";

/**
 * The served OpenAPI document, checked by a tool that shares nothing with the one that wrote it:
 * Redocly CLI with its `recommended` ruleset, offline (no telemetry, no update check). Errors fail
 * the test; warnings are printed.
 */

type Problem = {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  location?: { pointer?: string }[];
};
type Report = { totals: { errors: number; warnings: number }; problems: Problem[] };

const cli = join(dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")), "bin/cli.js");

let hub: Awaited<ReturnType<typeof startTestHub>>;
let dir: string;
beforeAll(async () => {
  hub = await startTestHub();
  dir = await mkdtemp(join(tmpdir(), "atensi-openapi-"));
  await writeFile(join(dir, "redocly.yaml"), "extends:\n  - recommended\n");
});
afterAll(async () => {
  await hub?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const lint = async (document: unknown, name: string): Promise<Report> => {
  const file = join(dir, name);
  await writeFile(file, JSON.stringify(document, null, 2));
  const run = promisify(execFile)(
    process.execPath,
    [cli, "lint", file, "--config", join(dir, "redocly.yaml"), "--format=json"],
    {
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: "off",
        REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
        NO_COLOR: "1",
      },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60_000,
    },
  );
  // The CLI exits 1 when it found errors; its report is on stdout either way.
  const { stdout } = await run.catch((error: { stdout?: string; stderr?: string }) => {
    if (!error.stdout) throw new Error(`redocly lint did not run: ${error.stderr ?? String(error)}`);
    return { stdout: error.stdout };
  });
  return JSON.parse(stdout) as Report;
};

const describe = (p: Problem) =>
  `${p.severity} ${p.ruleId} at ${p.location?.[0]?.pointer ?? "?"}: ${p.message}`;

const served = async () => {
  const res = await fetch(`${hub.url}/v1/openapi.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as { paths: Record<string, Record<string, unknown>> };
};

it("the served OpenAPI document passes Redocly's recommended rules without errors", {
  timeout: 90_000,
}, async () => {
  const report = await lint(await served(), "openapi.json");
  const warnings = report.problems.filter((p) => p.severity !== "error");
  if (warnings.length)
    console.log(`openapi lint: ${warnings.length} warning(s)\n  ${warnings.map(describe).join("\n  ")}`);
  const errors = report.problems.filter((p) => p.severity === "error");
  expect(errors.map(describe)).toEqual([]);
  expect(report.totals.errors).toBe(0);
});

it("the linter does find errors (a path parameter nobody declares)", { timeout: 90_000 }, async () => {
  const document = await served();
  document.paths["/broken/{missing}"] = {
    get: { summary: "Broken on purpose", responses: { 200: { description: "OK" } } },
  };
  const report = await lint(document, "broken.json");
  expect(report.problems.filter((p) => p.severity === "error").map((p) => p.ruleId)).toContain(
    "path-parameters-defined",
  );
});
