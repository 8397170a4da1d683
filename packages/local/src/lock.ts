import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LocalSetupError } from "./dynamo";

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * One hub per data directory: DynamoDB Local's on-disk database is not safe for two processes.
 * A lock left by a crashed hub (its process is gone) is taken over.
 */
export const acquireLock = (dataDir: string) => {
  const file = join(dataDir, "hub.lock");
  if (existsSync(file)) {
    const owner = JSON.parse(readFileSync(file, "utf8")) as {
      pid: number;
      dynamoPid?: number;
      url?: string;
      startedAt: string;
    };
    if (owner.pid !== process.pid && isAlive(owner.pid)) {
      throw new LocalSetupError(
        `Another hub (pid ${owner.pid}, started ${owner.startedAt}${owner.url ? `, at ${owner.url}` : ""}) is already using ${dataDir}.\n` +
          "Stop it first, or start this one with another DATA_DIR.",
      );
    }
  }
  writeFileSync(file, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
  return {
    describe: (details: { url?: string; dynamoPid?: number }) =>
      writeFileSync(
        file,
        JSON.stringify({ pid: process.pid, ...details, startedAt: new Date().toISOString() }),
      ),
    release: () => rmSync(file, { force: true }),
  };
};
