/**
 * `pnpm bench`: runs every benchmark module in this folder in one process tree and writes
 * bench/results.md and bench/results.json. Each figure carries the floor measured in the same run.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchFigure, BenchModule } from "./types";

const here = import.meta.dirname;
const only = process.argv.slice(2);
const skip = new Set(["run.ts", "types.ts", "servers.ts"]);
const files = readdirSync(here).filter((f) => f.endsWith(".ts") && !skip.has(f));

const figures: BenchFigure[] = [];
for (const file of files) {
  const mod = (await import(join(here, file))) as { bench?: BenchModule };
  if (!mod.bench || (only.length && !only.includes(mod.bench.name))) continue;
  console.log(`▶ ${mod.bench.name}`);
  const result = await mod.bench.run();
  for (const f of result)
    console.log(
      `  ${f.metric}: ${f.value} ${f.unit}${f.floor !== undefined ? ` (floor ${f.floor}, ratio ${f.ratio})` : ""}${f.pass === false ? "  ✗ below target" : ""}`,
    );
  figures.push(...result);
}

const out = join(here, "../../bench");
mkdirSync(out, { recursive: true });
const at = new Date().toISOString();
writeFileSync(join(out, "results.json"), JSON.stringify({ at, node: process.version, figures }, null, 2));
const row = (f: BenchFigure) =>
  `| ${f.bench} | ${f.metric} | ${f.value} ${f.unit} | ${f.floor ?? ""} | ${f.ratio ?? ""} | ${f.target ?? ""} | ${f.pass === undefined ? "" : f.pass ? "✓" : "✗"} | ${f.note ?? ""} |`;
writeFileSync(
  join(out, "results.md"),
  [
    `# Benchmark results`,
    "",
    `Run ${at} on Node ${process.version}, ${(await import("node:os")).cpus().length} cores. Ratios compare against a floor measured in the same run.`,
    "",
    "| bench | metric | value | floor | ratio | target | pass | note |",
    "|---|---|---|---|---|---|---|---|",
    ...figures.map(row),
    "",
  ].join("\n"),
);
console.log(`\nWrote bench/results.md and bench/results.json (${figures.length} figures).`);
if (figures.some((f) => f.pass === false)) process.exitCode = 1;
