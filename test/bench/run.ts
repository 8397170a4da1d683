/**
 * `pnpm bench`: runs every benchmark module in this folder in one process tree and writes
 * bench/results.md and bench/results.json. Each figure carries the floor measured in the same run.
 * `pnpm bench webhooks api` runs only the named modules; the other modules' figures are carried
 * over from the previous results, marked with the time of the run they come from.
 * `BENCH_SKIP=soak pnpm bench` runs all but the named modules (comma-separated), carrying theirs over.
 * Every figure records the commit and time it was measured on; a target's pass or fail is shown
 * only for figures measured on the commit being reported (a carried-over figure says so instead).
 */
import { execFileSync } from "node:child_process";
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

const git = (...args: string[]) => execFileSync("git", args, { cwd: here, encoding: "utf8" }).trim();
/** The commit under test; `+dirty` when tracked files differ from it (such figures prove nothing of a commit). */
const commit = (() => {
  try {
    const head = git("rev-parse", "--short=10", "HEAD");
    return git("status", "--porcelain", "--untracked-files=no") ? `${head}+dirty` : head;
  } catch {
    return "unknown";
  }
})();
const startedAt = new Date().toISOString();

const figures: BenchFigure[] = [];
const names: string[] = [];
for (const file of files) {
  const mod = (await import(join(here, file))) as { bench?: BenchModule };
  if (mod.bench) names.push(mod.bench.name);
  if (!mod.bench || (only.length && !only.includes(mod.bench.name)) || skipped.has(mod.bench.name)) continue;
  console.log(`▶ ${mod.bench.name}`);
  const result = (await mod.bench.run()).map((f) => ({ ...f, commit, at: new Date().toISOString() }));
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
  const when = previous.carriedOver?.[name] ?? previous.at;
  const kept = previous.figures
    .filter((f) => f.bench === name)
    .map((f) => ({ ...f, commit: f.commit ?? "unknown", at: f.at ?? when }));
  if (kept.length) carriedOver[name] = when;
  return kept;
});
const carried = Object.entries(carriedOver);
writeFileSync(
  join(out, "results.json"),
  JSON.stringify(
    {
      at,
      startedAt,
      commit,
      node: process.version,
      figures: all,
      ...(carried.length ? { carriedOver } : {}),
    },
    null,
    2,
  ),
);
/** Measured on the commit reported here (and not on uncommitted changes of another run). */
const current = (f: BenchFigure) => f.commit === commit && commit !== "unknown";
const verdict = (f: BenchFigure) =>
  f.pass === undefined ? "" : !current(f) ? "– (other commit)" : f.pass ? "✓" : "✗";
const measured = (f: BenchFigure) =>
  `${current(f) ? "" : "carried over: "}${f.commit ?? "unknown"}, ${(f.at ?? "").slice(0, 16).replace("T", " ")}`;
const row = (f: BenchFigure) =>
  `| ${f.bench} | ${f.metric} | ${f.value} ${f.unit} | ${f.floor ?? ""} | ${f.ratio ?? ""} | ${f.target ?? ""} | ${verdict(f)} | ${measured(f)} | ${f.note ?? ""} |`;
writeFileSync(
  join(out, "results.md"),
  [
    `# Benchmark results`,
    "",
    `Run ${startedAt} → ${at} on commit ${commit}, Node ${process.version}, ${(await import("node:os")).cpus().length} cores. Each ratio compares against a floor measured in the same run as its figure, as many times. Pass/fail is shown only for figures measured on this commit.`,
    ...(carried.length
      ? [
          "",
          `Carried over from earlier runs (marked in the table, no pass shown): ${carried.map(([name, when]) => `${name} (${when})`).join(", ")}.`,
        ]
      : []),
    "",
    "| bench | metric | value | floor | ratio | target | pass | measured on | note |",
    "|---|---|---|---|---|---|---|---|---|",
    ...all.map(row),
    "",
  ].join("\n"),
);
console.log(
  `\nWrote bench/results.md and bench/results.json (${figures.length} figures${carried.length ? `, ${all.length - figures.length} carried over` : ""}).`,
);
if (figures.some((f) => f.pass === false)) process.exitCode = 1;
