import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assertJava, LocalSetupError } from "../src/dynamo";
import { acquireLock } from "../src/lock";

describe("local runtime guards", () => {
  it("explains what to install when Java is missing", () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      expect(() => assertJava()).toThrow(LocalSetupError);
      expect(() => assertJava()).toThrow(/Java 17\+ runtime/);
    } finally {
      process.env.PATH = path;
    }
  });

  it("refuses a second hub on the same data directory and takes over a stale lock", async () => {
    const dir = mkdtempSync(join(tmpdir(), "atensi-lock-"));
    // Another live process holds the lock.
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(dir, "hub.lock"), JSON.stringify({ pid: other.pid, startedAt: "earlier" }));
    expect(() => acquireLock(dir)).toThrow(/already using/);
    other.kill();
    await new Promise((r) => other.once("exit", r));
    const lock = acquireLock(dir);
    lock.release();
  });
});
