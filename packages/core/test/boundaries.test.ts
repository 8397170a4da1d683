import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "../src");

/**
 * Modules where reading another module's table directly is the design, with the reason.
 * Everything else calls the owning module's namespace, so a table's access patterns, its
 * invariants and its audit trail stay in one module.
 */
const ALLOWED: Record<string, string> = {
  // Resolves who is calling before every request; loading the auth, partner, programme and unit
  // namespaces (and their schemas) would put every feature in each Lambda's cold start.
  caller: "cold start",
};

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );

const moduleOf = (file: string) => relative(SRC, file).split("/")[0]!;

describe("core module boundaries", () => {
  it("finds the entity definitions it checks against", () => {
    expect(Object.keys(owners()).length).toBeGreaterThan(20);
  });

  it("lets each module read and write only its own entities", () => {
    const owner = owners();
    const crossings = files(SRC).flatMap((file) => {
      const module = moduleOf(file);
      if (module in ALLOWED) return [];
      const used = new Set(readFileSync(file, "utf8").match(/\b[A-Z]\w*Entity\b/g) ?? []);
      return [...used]
        .filter((name) => owner[name] && owner[name] !== module)
        .map((name) => `${relative(SRC, file)} uses ${name} of ${owner[name]}`);
    });
    expect(crossings).toEqual([]);
  });
});

function owners() {
  const owner: Record<string, string> = {};
  for (const file of files(SRC)) {
    for (const match of readFileSync(file, "utf8").matchAll(/export const (\w+Entity)\b\s*=/g)) {
      owner[match[1]!] = moduleOf(file);
    }
  }
  return owner;
}
