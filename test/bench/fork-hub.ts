/**
 * Shared by the agreements, dashboard, reports and soak benchmarks: starts hub-child.ts (the hub
 * in its own process and table) and talks to it over IPC and HTTP; small statistics helpers.
 */
import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** DynamoDB calls made in the hub process: count and total time per operation. */
export type CallStats = Record<string, { calls: number; ms: number }>;
/** What hub-child.ts answers to `capture`; `bodies` are wire bodies of the operations recorded. */
export type Capture = { stats: CallStats; bodies: Record<string, string[]> };

export type Hub = {
  url: string;
  password: string;
  pid: number;
  child: ChildProcess;
  /** Asks the child to do `type` (see hub-child.ts) and resolves with its answer. */
  call: <T>(type: string, args?: Record<string, unknown>) => Promise<T>;
  stop: () => Promise<void>;
};

export const startHub = async (options: { endpoint: string; table: string; worker?: boolean }) => {
  const child = fork(join(import.meta.dirname, "hub-child.ts"), {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      DYNAMODB_ENDPOINT: options.endpoint,
      ATENSI_TABLE: options.table,
      BENCH_WORKER: options.worker ? "1" : "0",
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let serial = 0;
  const ready = new Promise<{ hubURL: string; password: string }>((resolve, reject) => {
    child.on(
      "message",
      (m: { type?: string; id?: number; ok?: boolean; result?: unknown; error?: string }) => {
        if (m.type === "ready") resolve(m as { hubURL: string; password: string });
        if (m.id === undefined) return;
        const waiter = pending.get(m.id);
        pending.delete(m.id);
        if (m.ok) waiter?.resolve(m.result);
        else waiter?.reject(new Error(`hub-child: ${m.error}`));
      },
    );
    child.once("exit", (code) => {
      const error = new Error(`hub-child (${options.table}) exited (code ${code})`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
  });
  const { hubURL, password } = await ready;
  const call = <T>(type: string, args: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = ++serial;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, type, ...args });
    });
  const stop = async () => {
    if (child.exitCode !== null) return;
    await Promise.race([call("stop").catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    child.kill();
  };
  return { url: hubURL, password, pid: child.pid!, child, call, stop } satisfies Hub;
};

/** A signed-in user of the hub: the session cookie and its CSRF token. */
export const signIn = async (hubURL: string, email: string, password: string) => {
  const res = await fetch(`${hubURL}/v1/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const json = (await res.json()) as { csrfToken?: string };
  if (!res.ok) throw new Error(`sign-in ${email}: ${res.status} ${JSON.stringify(json)}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith("atensi_session="))!
    .split(";")[0]!;
  return { cookie, csrf: String(json.csrfToken) };
};

/** The resident set size of a process, in bytes, from /proc. */
export const rssOfPid = (pid: number) => {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
};

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
export const mb = (bytes: number) => round(bytes / 1024 / 1024);
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};
export const median = (values: number[]) => percentile(values, 50);

/** Times `fn` (ms). */
export const timed = async <T>(fn: () => Promise<T>) => {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
};

/** Latency samples (ms) by key and round: p50 over all rounds, and the range of the rounds' p50. */
export class Rounds {
  private readonly samples = new Map<string, number[][]>();
  add(key: string, round: number, ms: number) {
    const rounds = this.samples.get(key) ?? [];
    this.samples.set(key, rounds);
    const list = rounds[round] ?? [];
    rounds[round] = list;
    list.push(ms);
  }
  all(key: string) {
    return (this.samples.get(key) ?? []).flat();
  }
  p50(key: string) {
    return round(median(this.all(key)), 2);
  }
  p90(key: string) {
    return round(percentile(this.all(key), 90), 2);
  }
  range(key: string) {
    const perRound = (this.samples.get(key) ?? []).map((r) => median(r));
    return `${round(Math.min(...perRound), 2)}–${round(Math.max(...perRound), 2)}`;
  }
}
