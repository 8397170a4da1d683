/**
 * `pnpm bench`: runs every benchmark module in this folder in one process tree and writes
 * bench/results.md and bench/results.json. Each figure carries the floor measured in the same run.
 * `pnpm bench webhooks api` runs only the named modules; the other modules' figures are carried
 * over from the previous results, marked with the time of the run they come from.
 * `BENCH_SKIP=soak pnpm bench` runs all but the named modules (comma-separated), carrying theirs over.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BenchFigure, BenchModule } from "./types";

const here = import.meta.dirname;
const only = process.argv.slice(2);
const skipped = new Set((process.env.BENCH_SKIP ?? "").split(",").filter(Boolean));
const partial = only.length > 0 || skipped.size > 0;
// Child processes and shared types, not benchmark modules.
const skip = new Set(["run.ts", "types.ts", "servers.ts", "webhooks-hub.ts", "hub-child.ts", "fork-hub.ts"]);
const files = readdirSync(here).filter((f) => f.endsWith(".ts") && !skip.has(f));

const figures: BenchFigure[] = [];
const names: string[] = [];
for (const file of files) {
  const mod = (await import(join(here, file))) as { bench?: BenchModule };
  if (mod.bench) names.push(mod.bench.name);
  if (!mod.bench || (only.length && !only.includes(mod.bench.name)) || skipped.has(mod.bench.name)) continue;
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

// A partial run keeps the figures of the modules it did not run, in module order.
type Results = { at: string; node: string; figures: BenchFigure[]; carriedOver?: Record<string, string> };
const previous: Results | undefined =
  partial && existsSync(join(out, "results.json"))
    ? JSON.parse(readFileSync(join(out, "results.json"), "utf8"))
    : undefined;
const ran = new Set(figures.map((f) => f.bench));
const carriedOver: Record<string, string> = {};
const all = names.flatMap((name) => {
  if (ran.has(name) || !previous) return figures.filter((f) => f.bench === name);
  const kept = previous.figures.filter((f) => f.bench === name);
  if (kept.length) carriedOver[name] = previous.carriedOver?.[name] ?? previous.at;
  return kept;
});
const carried = Object.entries(carriedOver);
writeFileSync(
  join(out, "results.json"),
  JSON.stringify(
    { at, node: process.version, figures: all, ...(carried.length ? { carriedOver } : {}) },
    null,
    2,
  ),
);
const row = (f: BenchFigure) =>
  `| ${f.bench} | ${f.metric} | ${f.value} ${f.unit} | ${f.floor ?? ""} | ${f.ratio ?? ""} | ${f.target ?? ""} | ${f.pass === undefined ? "" : f.pass ? "✓" : "✗"} | ${f.note ?? ""} |`;
writeFileSync(
  join(out, "results.md"),
  [
    `# Benchmark results`,
    "",
    `Run ${at} on Node ${process.version}, ${(await import("node:os")).cpus().length} cores. Ratios compare against a floor measured in the same run.`,
    ...(carried.length
      ? [
          "",
          `Carried over from earlier runs: ${carried.map(([name, when]) => `${name} (${when})`).join(", ")}.`,
        ]
      : []),
    "",
    "| bench | metric | value | floor | ratio | target | pass | note |",
    "|---|---|---|---|---|---|---|---|",
    ...all.map(row),
    "",
  ].join("\n"),
);
console.log(
  `\nWrote bench/results.md and bench/results.json (${figures.length} figures${carried.length ? `, ${all.length - figures.length} carried over` : ""}).`,
);
if (figures.some((f) => f.pass === false)) process.exitCode = 1;
