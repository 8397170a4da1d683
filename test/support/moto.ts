import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "@atensi/local/dynamo";

/**
 * moto (PyPI) in server mode: one HTTP server on a free port that speaks the AWS wire protocols
 * of SQS, S3, KMS, Secrets Manager and SES. Started once per test run by the global setup, like
 * DynamoDB Local; test files isolate themselves by resource names (queue, bucket, key, secret).
 * `.ci/run` installs it (`pip install "moto[server]"`).
 */
export type Moto = { endpoint: string; process: ChildProcess; stop: () => Promise<void> };

export const startMoto = async (): Promise<Moto> => {
  const port = await freePort();
  const python = process.env.PYTHON ?? "python3";
  const child = spawn(python, ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  let output = "";
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited: number | null | undefined;
  let spawnError: Error | undefined;
  child.on("exit", (code) => {
    exited = code;
  });
  child.on("error", (error) => {
    spawnError = error;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (spawnError || exited !== undefined) {
      throw new Error(
        `moto did not start (${spawnError?.message ?? `exit ${exited}`}). Install it with ` +
          `\`pip install "moto[server]"\` (.ci/run does).\n${output}`,
      );
    }
    const up = await fetch(`${endpoint}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`moto did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = () =>
    new Promise<void>((done) => {
      if (exited !== undefined) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  return { endpoint, process: child, stop };
};
