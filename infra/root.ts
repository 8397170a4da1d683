import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository root: the nearest folder above this module that holds sst.config.ts. Works
 * from the source (tests, bench) and from the copy SST's CLI bundles into the working folder.
 */
export const repoRoot = (() => {
  if (process.env.ATENSI_REPO_ROOT) return process.env.ATENSI_REPO_ROOT;
  for (const start of [dirname(fileURLToPath(import.meta.url)), process.cwd()]) {
    let dir = start;
    while (true) {
      if (existsSync(join(dir, "sst.config.ts"))) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(
    "Cannot find the repository root (no sst.config.ts above this module or the working folder)",
  );
})();

export const fromRoot = (...parts: string[]) => join(repoRoot, ...parts);
