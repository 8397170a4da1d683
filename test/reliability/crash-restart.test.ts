/**
 * The hub process is killed with SIGKILL while it is creating referrals and delivering their
 * events to a slow receiver, then started again on the same data: nothing is lost.
 *
 * The hub runs as a child process (./hub-process.ts: API + in-process delivery worker, as
 * `pnpm start` wires them) against this test file's table, so this process can inspect the table.
 *
 * Numbers:
 * - 200 referrals from 3 LKS to one programme, 6 at a time through the API; the kill comes once
 *   the receiver has acknowledged 40 events and has slow answers in hand, i.e. with creations and
 *   deliveries both in flight. Creations cut off by the kill are retried by nobody: whether they
 *   committed is unknown, and the checks below cover every referral that is in the table.
 * - The receiver answers after 200–800 ms and fails 10% of first attempts with a 500, so some
 *   retries are scheduled before the crash and due after it.
 * - Attempt timeout 2 s (a delivery is leased for timeout + 10 s, so deliveries held by the killed
 *   process are taken again about 12 s after it died); retries scaled by 0.0005; sweep every 200 ms.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { Actor, Audit, Database, User } from "@atensi/core";
import { OutboxEntity } from "@atensi/core/outbox";
import { ReferralEntity } from "@atensi/core/referral";
import { DeliveryEntity } from "@atensi/core/webhook";
import { freePort } from "@atensi/local";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, Client, REVIEWER, signedIn, verifiedLks } from "../support/hub";
import { eventually, nikFor, referralInput, setUpProgram } from "../support/programs";
import { startRecordingReceiver } from "../support/recording-receiver";
import { attemptLog } from "./helpers";

const REFERRALS = 200;
const LKS_COUNT = 3;
const CONCURRENCY = 6;
const KILL_AFTER_ACKNOWLEDGED = 40;

const repoRoot = join(import.meta.dirname, "../..");
const childEnv = {
  ...process.env,
  ATENSI_WEBHOOK_TIMEOUT_MS: "2000",
  ATENSI_WEBHOOK_RETRY_SCALE: "0.0005",
  ATENSI_SWEEP_INTERVAL_MS: "200",
};

type Hub = { child: ChildProcess; url: string; output: () => string };

/** Starts ./hub-process.ts on `port` and waits until it listens. */
const startHubProcess = (port: number) =>
  new Promise<Hub>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "hub-process.ts")], {
      cwd: repoRoot,
      env: { ...childEnv, PORT: String(port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-8000);
      const ready = /ready (\S+)/.exec(output);
      if (ready) resolve({ child, url: ready[1]!, output: () => output });
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    child.once("exit", (code, signal) =>
      reject(new Error(`hub process exited (${code ?? signal}) before it was ready:\n${output}`)),
    );
  });

const killed = (hub: Hub) =>
  new Promise<void>((resolve) => {
    if (hub.child.exitCode !== null || hub.child.signalCode !== null) return resolve();
    hub.child.once("exit", () => resolve());
    hub.child.kill("SIGKILL");
  });

const hubs: Hub[] = [];
let receiver: Awaited<ReturnType<typeof startRecordingReceiver>>;

beforeAll(async () => {
  receiver = await startRecordingReceiver({
    decide: ({ n }) => (n === 1 && Math.random() < 0.1 ? "fail" : "ok"),
    delayMs: () => 200 + Math.random() * 600,
  });
  await Actor.provide({ type: "system", properties: { name: "test" } }, async () => {
    for (const [who, roles] of [
      [REVIEWER, ["kemensos_reviewer"]],
      [ADMIN, ["admin"]],
    ] as const) {
      const user = await User.prepare({ ...who, roles: [...roles], status: "active" });
      await Database.commit(user.steps);
    }
  });
});
afterAll(async () => {
  await Promise.all(hubs.map(killed));
  await receiver?.close();
});

/** A client for the same session on another base URL (sessions live in the table). */
const moved = (client: Client, base: string) =>
  Object.assign(new Client(base), { cookie: client.cookie, csrf: client.csrf });

it("loses nothing when the hub is killed mid-delivery and restarted on the same data", {
  timeout: 180_000,
}, async () => {
  const port = await freePort();
  const first = await startHubProcess(port);
  hubs.push(first);
  const admin = await signedIn(first.url, ADMIN);
  const { program, endpoint } = await setUpProgram(admin, { code: "PKH", endpointUrl: receiver.url });
  receiver.useSecret(endpoint!.secret);
  const senders = await Promise.all(
    Array.from({ length: LKS_COUNT }, (_, i) => verifiedLks(first.url, 800 + i)),
  );

  // Referrals go in 6 at a time. A creation cut off by the kill is left unknown (it may or may not
  // have committed); its lane waits for the restart and carries on with the next referral.
  let restarted!: (url: string) => void;
  const restart = new Promise<string>((r) => {
    restarted = r;
  });
  let base = first.url;
  let afterRestart = false;
  const created: string[] = [];
  const cutOff: number[] = [];
  let createdAfterRestart = 0;
  let next = 0;
  const lane = async () => {
    while (next < REFERRALS) {
      const i = next++;
      const client = moved(senders[i % LKS_COUNT]!.client, base);
      const input = referralInput(program.id, {
        beneficiary: { ...referralInput(program.id).beneficiary, nik: nikFor("1985-07-12", "female", i + 1) },
      });
      const res = await client.post("/v1/referrals", input).catch(() => undefined);
      if (res === undefined) {
        cutOff.push(i);
        base = await restart;
        afterRestart = true;
        continue;
      }
      if (res.status !== 201) throw new Error(`referral ${i}: ${res.status} ${res.text}`);
      created.push(res.json.id);
      if (afterRestart) createdAfterRestart++;
    }
  };
  const creating = Promise.all(Array.from({ length: CONCURRENCY }, lane));

  // Kill the hub mid-delivery: enough delivered to be under way, slow answers still in hand.
  await eventually(
    () => receiver.acknowledged.length >= KILL_AFTER_ACKNOWLEDGED && receiver.inFlight() >= 3,
    60_000,
  );
  const atKill = {
    created: created.length,
    acknowledged: receiver.acknowledged.length,
    receiverInFlight: receiver.inFlight(),
  };
  await killed(first);
  const { data: heldByTheDead } = await DeliveryEntity.query
    .byStatus({ status: "pending" })
    .go({ pages: "all" });
  const leased = heldByTheDead.filter((d) => d.leaseUntil !== undefined).length;
  const { data: undispatched } = await OutboxEntity.query
    .byStatus({ status: "pending" })
    .go({ pages: "all" });
  // The crash really caught deliveries in the middle of an attempt.
  expect(leased).toBeGreaterThan(0);
  expect(atKill.created).toBeLessThan(REFERRALS);

  const killedAt = performance.now();
  const second = await startHubProcess(port);
  hubs.push(second);
  restarted(second.url);
  await creating;

  // Every referral in the table (those acknowledged with 201, and any cut-off one that committed)
  // has its `referral.sent` event verified and acknowledged by the receiver.
  const { data: referrals } = await ReferralEntity.query
    .byProgram({ programID: program.id })
    .go({ pages: "all" });
  const stored = new Set(referrals.map((r) => r.referralID));
  for (const id of created) expect(stored.has(id), id).toBe(true);
  expect(referrals.length).toBeGreaterThanOrEqual(created.length);
  expect(referrals.length).toBeLessThanOrEqual(created.length + cutOff.length);
  const eventOf = new Map(referrals.map((r) => [r.eventIDs[0]!, r.referralID]));
  await eventually(() => {
    const acknowledged = new Set(receiver.acknowledged.map((a) => a.id));
    return [...eventOf.keys()].every((id) => acknowledged.has(id));
  }, 120_000);
  const recoveredAfterMs = performance.now() - killedAt;

  // Only those events arrived, each under its own webhook-id, every copy with the same body.
  expect(receiver.invalid).toEqual([]);
  expect(new Set(receiver.acknowledged.map((a) => a.id))).toEqual(new Set(eventOf.keys()));
  for (const a of receiver.acknowledged) expect(eventOf.get(a.id)).toBe(a.event.data.referral?.id);
  const bodyByID = new Map<string, string>();
  for (const a of receiver.attempts) {
    const body = bodyByID.get(a.id);
    if (body === undefined) bodyByID.set(a.id, a.body);
    else expect(a.body, `body of ${a.id}`).toBe(body);
  }

  // Nothing left behind: no event waiting to be fanned out, every delivery delivered and released.
  await eventually(async () => {
    const { data } = await DeliveryEntity.query.byEndpoint({ endpointID: endpoint!.id }).go({ pages: "all" });
    return data.length === referrals.length && data.every((d) => d.status === "delivered" && !d.leaseUntil);
  }, 20_000);
  expect((await OutboxEntity.query.byStatus({ status: "pending" }).go()).data).toEqual([]);
  expect((await DeliveryEntity.query.byStatus({ status: "pending" }).go()).data).toEqual([]);
  const { data: deliveries } = await DeliveryEntity.query
    .byEndpoint({ endpointID: endpoint!.id })
    .go({ pages: "all" });
  expect(new Set(deliveries.map((d) => d.eventID))).toEqual(new Set(eventOf.keys()));
  // An attempt the killed process started but never finished counts, without a log entry.
  const log = await attemptLog(deliveries.map((d) => d.deliveryID));
  for (const d of deliveries) {
    expect(log.get(d.deliveryID)!.length).toBeLessThanOrEqual(d.attempts);
    expect(log.get(d.deliveryID)!.at(-1)?.statusCode, d.deliveryID).toBe(204);
  }

  // The audit chains of the referrals are intact, those cut off by the crash included.
  const cutOffIDs = referrals.filter((r) => !created.includes(r.referralID));
  const sample = [...referrals.filter((_, i) => i % 10 === 0), ...cutOffIDs];
  for (const r of sample) {
    const verification = await Audit.verify(r.referralID, r.auditHash);
    expect(verification, r.referralID).toMatchObject({ valid: true, events: 1 });
  }

  // The restarted hub serves the same data: an LKS reads a referral made before the crash.
  const lks = moved(senders[0]!.client, second.url);
  const before = created.find(
    (id) => referrals.find((r) => r.referralID === id)?.senderID === senders[0]!.partnerID,
  );
  expect((await lks.get(`/v1/referrals/${before}`)).status).toBe(200);

  console.log(
    JSON.stringify({
      referrals: referrals.length,
      atKill: { ...atKill, leasedDeliveries: leased, undispatchedEvents: undispatched.length },
      cutOffCreations: cutOff.length,
      cutOffCommitted: cutOffIDs.length,
      createdAfterRestart,
      recoveredAfterMs: Math.round(recoveredAfterMs),
      duplicates: receiver.acknowledged.length - eventOf.size,
      attemptsSeen: receiver.attempts.length,
    }),
  );
});
