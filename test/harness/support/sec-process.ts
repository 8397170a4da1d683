/**
 * A hub as its own process (test/reliability/hub-process.ts: the API and the in-process delivery
 * worker, as `pnpm start` wires them) against this test file's table, so the test can kill it
 * with SIGKILL, or run it with another ATENSI_ENV than the test's own.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const repoRoot = join(import.meta.dirname, "../../..");
const script = join(repoRoot, "test/reliability/hub-process.ts");

export type HubProcess = { child: ChildProcess; url: string; output: () => string };

/** Starts the hub process on `port` with extra environment and waits until it listens. */
export const startHubProcess = (port: number, env: Record<string, string> = {}) =>
  new Promise<HubProcess>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      cwd: repoRoot,
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let ready = false;
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-16_000);
      const match = /ready (\S+)/.exec(output);
      if (match && !ready) {
        ready = true;
        resolve({ child, url: match[1]!, output: () => output });
      }
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    child.once("exit", (code, signal) => {
      if (!ready) reject(new Error(`hub process exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });

/** Kills the process with SIGKILL (no chance to finish anything) and waits for it to be gone. */
export const killHub = (hub: HubProcess) =>
  new Promise<void>((resolve) => {
    if (hub.child.exitCode !== null || hub.child.signalCode !== null) return resolve();
    hub.child.once("exit", () => resolve());
    hub.child.kill("SIGKILL");
  });
