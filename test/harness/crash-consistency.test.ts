/**
 * Crash consistency under a MIXED write load: the hub process (API + delivery worker, as
 * `pnpm start` wires them; ./support/sec-process.ts) is killed with SIGKILL while LKS users edit
 * their profiles, agreements go through review and approval, referrals are sent and answered, and
 * reports are submitted, accepted and sometimes reopened. It is restarted on the same table, the
 * load carries on for a while, and then the table must be consistent:
 *
 * - every versioned record (partner, user, programme, key, endpoint, agreement, report, referral)
 *   has exactly one audit event per version: the chain verifies against the hash the record
 *   carries and is exactly `version` events long, and no audit event belongs to no record;
 * - the dashboard aggregates equal the sum of their items: realised per cluster, province,
 *   partner and period = the accepted reports' totals; targets per cluster, province and partner =
 *   the yearly targets of the agreements that became active;
 * - no outbox event is lost: every referral's events exist, nothing is left pending once the
 *   restarted worker has run, and every event reached every endpoint that subscribes to it
 *   (deliveries all delivered, and verified by the receivers).
 *
 * Requests cut off by the kill are not retried: whether they committed is unknown, and the checks
 * cover whatever the table holds. Flows that lost a step are abandoned where they stand (an
 * agreement left "submitted", a report left "draft"), which is also a state the checks must hold in.
 */

import { Actor, Audit, Database, User } from "@atensi/core";
import { OutboxEntity } from "@atensi/core/outbox";
import { DeliveryEntity } from "@atensi/core/webhook";
import { freePort } from "@atensi/local";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, REVIEWER, registration, SECOND_APPROVER, TEST_PASSWORD } from "../support/hub";
import { eventually, nikFor, referralInput, startReceiver } from "../support/programs";
import {
  type Answer,
  type Credential,
  reportContent,
  send,
  signIn,
  startedPeriods,
  thisYearAgreement,
  YEAR,
} from "./support/sec-fixtures";
import { type HubProcess, killHub, startHubProcess } from "./support/sec-process";

const LKS_COUNT = 3;
const WRITES_BEFORE_KILL = 120;
const WRITES_AFTER_RESTART = 80;
const CHILD_ENV = {
  // A delivery held by the killed process is taken again after timeout + 10 s.
  ATENSI_WEBHOOK_TIMEOUT_MS: "2000",
  ATENSI_WEBHOOK_RETRY_SCALE: "0.0005",
  ATENSI_SWEEP_INTERVAL_MS: "200",
};
/** Event types the observer programme's endpoint subscribes to (events addressed to no programme). */
const OBSERVED = [
  "agreement.submitted",
  "agreement.approved",
  "agreement.activated",
  "report.submitted",
  "report.accepted",
];

const hubs: HubProcess[] = [];
let receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];

beforeAll(async () => {
  await Actor.provide({ type: "system", properties: { name: "test" } }, async () => {
    for (const [who, roles] of [
      [REVIEWER, ["kemensos_reviewer"]],
      [SECOND_APPROVER, ["kemensos_approver"]],
      [ADMIN, ["admin"]],
    ] as const) {
      const user = await User.prepare({ ...who, roles: [...roles], status: "active" });
      await Database.commit(user.steps);
    }
  });
  receivers = [await startReceiver(), await startReceiver()];
});
afterAll(async () => {
  await Promise.all(hubs.map(killHub));
  await Promise.all(receivers.map((r) => r.close()));
});

/**
 * Answers other than the one a step expects that a correct hub may give under this load, each
 * with why ("METHOD route status code"). Every lane owns its records (report slots are handed
 * out once, each partner is edited by one lane, nothing is retried after the kill), and the
 * worker only fans out, delivers and activates what an approval left "approved", so no race is
 * expected today: any 4xx is a failure. A race added to the load later is listed here, and
 * counted.
 */
const EXPECTED_RACES: Record<string, string> = {};

const routeOf = (path: string) => path.replace(/[a-z]{3}_[0-9a-z]{26}/g, ":id").replace(/\?.*/, "");

/** The process is gone while a request is out: the lane abandons its flow. */
class Cut extends Error {}

/** A raw table item: its shape depends on its entity (`__edb_e__`). */
// biome-ignore lint/suspicious/noExplicitAny: raw items of every entity, read field by field below
type Item = Record<string, any>;

/** Every record in the table (a Scan is fine in a test). */
const scanAll = async () => {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await Database.documents().send(
      new ScanCommand({ TableName: Database.tableName(), ExclusiveStartKey: start }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};

const ID_FIELD: Record<string, string> = {
  partner: "partnerID",
  user: "userID",
  program: "programID",
  apikey: "keyID",
  endpoint: "endpointID",
  agreement: "agreementID",
  report: "reportID",
  referral: "referralID",
};

const sumBy = <T>(items: T[], key: (t: T) => string, value: (t: T) => number) =>
  items.reduce<Record<string, number>>((acc, t) => {
    acc[key(t)] = (acc[key(t)] ?? 0) + value(t);
    return acc;
  }, {});
const nonZero = (r: Record<string, number>) =>
  Object.fromEntries(Object.entries(r).filter(([, v]) => v !== 0));

it("keeps audit, aggregates and outbox consistent when killed under a mixed write load", {
  timeout: 90_000,
}, async () => {
  const started = performance.now();
  const port = await freePort();
  const first = await startHubProcess(port, CHILD_ENV);
  hubs.push(first);
  let base = first.url;

  // ── state shared by the lanes ──
  let stopped = false;
  let writes = 0;
  let inFlight = 0;
  let cutOff = 0;
  let restarted!: () => void;
  let restart: Promise<void> | undefined;
  let generation = 0;
  const outcomes: Record<string, number> = {};

  /** One request; a dead process makes it a Cut (after the restart), never a retry. */
  const call = async (
    who: Credential,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    inFlight++;
    let res: Answer;
    try {
      res = await send(base, who, method, path, { ...(body !== undefined ? { body } : {}), headers });
    } catch {
      cutOff++;
      await restart;
      throw new Cut();
    } finally {
      inFlight--;
    }
    const key = `${method} ${routeOf(path)} ${res.status}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    if (method !== "GET" && res.status < 300) writes++;
    return res;
  };
  /**
   * Expects `status`. Any other answer fails the test unless it is listed in EXPECTED_RACES, in
   * which case it is counted and the flow abandoned.
   */
  const races: Record<string, number> = {};
  const step = async (status: number, ...args: Parameters<typeof call>) => {
    const res = await call(...args);
    if (res.status === status) return res.json;
    const kind = `${args[1]} ${routeOf(args[2])} ${res.status} ${res.json?.code ?? ""}`.trim();
    if (!EXPECTED_RACES[kind]) throw new Error(`Unexpected answer: ${kind}: ${res.text}`);
    races[kind] = (races[kind] ?? 0) + 1;
    throw new Cut();
  };

  // ── set-up through the first process ──
  const admin = await signIn(base, ADMIN.email, ADMIN.password);
  const reviewer = await signIn(base, REVIEWER.email, REVIEWER.password);
  const approver = await signIn(base, SECOND_APPROVER.email, SECOND_APPROVER.password);
  const program = async (code: string, receiver: (typeof receivers)[number], eventTypes: string[]) => {
    const created = await step(201, admin, "POST", "/v1/programs", {
      code,
      name: `Program ${code}`,
      owningUnit: "Direktorat Jaminan Sosial Keluarga",
      kind: "perlindungan_sosial",
      allowedFields: ["nik", "name", "birthDate", "sex", "region", "criteria", "needs"],
    });
    const key = await step(201, admin, "POST", `/v1/programs/${created.id}/keys`, { name: "production" });
    const endpoint = await step(201, admin, "POST", `/v1/programs/${created.id}/endpoints`, {
      url: receiver.url,
      eventTypes,
    });
    receiver.useSecret(endpoint.secret);
    return {
      id: created.id as string,
      key: { kind: "program", key: key.secret } as Credential,
      endpointID: endpoint.id as string,
    };
  };
  const pkh = await program("PKH", receivers[0]!, []);
  const observer = await program("OBS", receivers[1]!, OBSERVED);
  const lks = await Promise.all(
    Array.from({ length: LKS_COUNT }, async (_, i) => {
      const registered = await step(201, { kind: "public" }, "POST", "/v1/partners", registration(600 + i));
      await step(200, reviewer, "POST", `/v1/partners/${registered.id}/verify`);
      return {
        partnerID: registered.id as string,
        admin: await signIn(base, `admin${600 + i}@lks.example`, TEST_PASSWORD),
      };
    }),
  );
  const reportSlots: { agreementID: string; lks: number; period: string }[] = [];
  const addSlots = (agreementID: string, i: number) => {
    for (const period of startedPeriods()) reportSlots.push({ agreementID, lks: i, period });
  };
  const approve = async (i: number, target: number) => {
    const id = (await step(201, lks[i]!.admin, "POST", "/v1/agreements", thisYearAgreement(target)))
      .id as string;
    await step(200, lks[i]!.admin, "POST", `/v1/agreements/${id}/submit`);
    await step(200, reviewer, "POST", `/v1/agreements/${id}/recommend`);
    const approved = await step(200, approver, "POST", `/v1/agreements/${id}/approve`);
    return { id, status: approved.status as string };
  };
  for (let i = 0; i < LKS_COUNT; i++) addSlots((await approve(i, 100 + i)).id, i);
  // Interleave the slots so the report lanes spread over the LKS.
  reportSlots.sort((a, b) => a.period.localeCompare(b.period) || a.lks - b.lks);

  // ── the load ──
  let n = 0;
  const flows = {
    partnerEdit: async () => {
      const i = n++ % LKS_COUNT;
      const me = await call(lks[i]!.admin, "GET", "/v1/partners/me");
      if (me.status !== 200) throw new Error(`GET /v1/partners/me: ${me.status} ${me.text}`);
      await step(
        200,
        lks[i]!.admin,
        "PATCH",
        `/v1/partners/${lks[i]!.partnerID}`,
        { address: `Jl. Uji Kilat No. ${n}, Kota Bekasi` },
        {
          "if-match": me.headers.get("etag")!,
        },
      );
    },
    agreement: async () => {
      const k = n++;
      const i = k % LKS_COUNT;
      const who = lks[i]!.admin;
      const id = (await step(201, who, "POST", "/v1/agreements", thisYearAgreement(10 + (k % 7) * 10)))
        .id as string;
      await step(200, who, "POST", `/v1/agreements/${id}/submit`);
      if (k % 3 === 1) {
        await step(200, reviewer, "POST", `/v1/agreements/${id}/request-changes`, {
          reason: "Lengkapi rincian target",
        });
        const edited = await step(
          200,
          who,
          "PUT",
          `/v1/agreements/${id}`,
          thisYearAgreement(15 + (k % 5) * 10),
        );
        await step(200, who, "POST", `/v1/agreements/${id}/resubmit`, undefined, {
          "if-match": `"${edited.version}"`,
        });
      }
      await step(200, reviewer, "POST", `/v1/agreements/${id}/recommend`);
      if (k % 4 === 3) {
        await step(200, approver, "POST", `/v1/agreements/${id}/reject`, {
          reason: "Anggaran tidak tersedia",
        });
        return;
      }
      const approved = await step(200, approver, "POST", `/v1/agreements/${id}/approve`);
      if (approved.status === "active") addSlots(id, i);
    },
    referral: async () => {
      const k = n++;
      const i = k % LKS_COUNT;
      const input = referralInput(pkh.id);
      const referral = await step(201, lks[i]!.admin, "POST", "/v1/referrals", {
        ...input,
        beneficiary: { ...input.beneficiary, nik: nikFor("1985-07-12", "female", 1000 + k) },
      });
      const path = `/v1/referrals/${referral.id}`;
      if (k % 5 === 4) {
        await step(200, lks[i]!.admin, "POST", `${path}/cancel`, { note: "Keluarga pindah domisili" });
        return;
      }
      await step(
        200,
        pkh.key,
        "POST",
        `${path}/responses`,
        { action: "acknowledge" },
        { "idempotency-key": `ack-${referral.id}` },
      );
      await step(200, pkh.key, "POST", `${path}/responses`, { action: "accept" }, { "if-match": '"2"' });
      const today = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
      await step(200, pkh.key, "POST", `${path}/responses`, { action: "enroll", enrolledOn: today });
    },
    report: async () => {
      const slot = reportSlots.shift();
      if (!slot) {
        await flows.partnerEdit();
        return "partnerEdit" as const;
      }
      const k = n++;
      const who = lks[slot.lks]!.admin;
      const report = await step(201, who, "POST", "/v1/reports", {
        agreementID: slot.agreementID,
        period: slot.period,
      });
      const path = `/v1/reports/${report.id}`;
      await step(
        200,
        who,
        "PUT",
        path,
        { content: reportContent(2 * (5 + (k % 20))) },
        { "if-match": '"1"' },
      );
      await step(200, who, "POST", `${path}/submit`);
      if (k % 4 === 2) {
        await step(200, reviewer, "POST", `${path}/request-revision`, {
          reason: "Periksa rincian jenis kelamin",
        });
        await step(200, who, "PUT", path, { content: reportContent(2 * (6 + (k % 20))) });
        await step(200, who, "POST", `${path}/submit`);
      }
      const accepted = await step(200, reviewer, "POST", `${path}/accept`);
      if (k % 5 === 3) {
        await step(
          200,
          approver,
          "POST",
          `${path}/unlock`,
          { reason: "Koreksi jumlah penerima" },
          { "if-match": `"${accepted.version}"` },
        );
        await step(200, who, "POST", `${path}/submit`);
        await step(200, reviewer, "POST", `${path}/accept`);
      }
    },
  };
  /** Flows run to their end, by kind, before the kill and after the restart. */
  const completed: Record<"before" | "after", Record<string, number>> = { before: {}, after: {} };
  const abandoned: Record<string, number> = {};
  const lane = async (name: string, flow: () => Promise<unknown>) => {
    while (!stopped) {
      const phase = generation === 0 ? "before" : "after";
      try {
        const result = await flow();
        const ran = typeof result === "string" ? result : name;
        completed[phase][ran] = (completed[phase][ran] ?? 0) + 1;
      } catch (error) {
        if (!(error instanceof Cut)) throw error;
        abandoned[name] = (abandoned[name] ?? 0) + 1;
      }
    }
  };
  const lanes = Promise.all(
    (
      ["partnerEdit", "agreement", "agreement", "referral", "referral", "report", "report", "report"] as const
    ).map((name) => lane(name, flows[name])),
  );

  // Kill mid-load, with requests in flight.
  await eventually(() => writes >= WRITES_BEFORE_KILL && inFlight >= 3, 30_000);
  restart = new Promise<void>((r) => {
    restarted = r;
  });
  const atKill = { writes, inFlight };
  await killHub(first);
  const { data: leasedAtKill } = await DeliveryEntity.query
    .byStatus({ status: "pending" })
    .go({ pages: "all" });
  const { data: undispatchedAtKill } = await OutboxEntity.query
    .byStatus({ status: "pending" })
    .go({ pages: "all" });
  const second = await startHubProcess(port, CHILD_ENV);
  hubs.push(second);
  base = second.url;
  generation = 1;
  restarted();
  await eventually(() => writes >= atKill.writes + WRITES_AFTER_RESTART, 30_000);
  stopped = true;
  await lanes;
  const loadEnded = performance.now();

  // Let the restarted worker finish: every event fanned out, every delivery delivered, and any
  // approval the kill cut between "approved" and "active" activated by the schedule.
  await eventually(async () => {
    const [{ data: events }, { data: deliveries }] = await Promise.all([
      OutboxEntity.query.byStatus({ status: "pending" }).go({ pages: "all" }),
      DeliveryEntity.query.byStatus({ status: "pending" }).go({ pages: "all" }),
    ]);
    return events.length === 0 && deliveries.length === 0;
  }, 40_000);

  // ── the checks ──
  const items = await scanAll();
  const byType = (type: string) => items.filter((i) => i.__edb_e__ === type);
  const versioned = Object.keys(ID_FIELD).flatMap((type) =>
    byType(type).map((item) => ({ type, id: item[ID_FIELD[type]!] as string, item })),
  );

  // 1. One audit event per version, chains intact, no orphan events.
  const verifications = await Promise.all(
    versioned.map(async ({ type, id, item }) => ({
      type,
      id,
      version: item.version,
      result: await Audit.verify(id, item.auditHash),
    })),
  );
  const broken = verifications.filter((v) => !v.result.valid || v.result.events !== v.version);
  expect(broken, JSON.stringify(broken.slice(0, 5))).toEqual([]);
  const audited = new Set(versioned.map((v) => v.id));
  const auditEvents = byType("audit");
  expect(auditEvents.length).toBe(versioned.reduce((sum, v) => sum + v.item.version, 0));
  expect(
    auditEvents
      .filter((e) => !audited.has(e.entityID))
      .map((e) => `${e.entityType} ${e.entityID} v${e.version}`),
  ).toEqual([]);

  // 2. Aggregates equal the sum of their items.
  const year = String(YEAR);
  const aggregates = byType("aggregate").filter((a) => a.year === year);
  const aggregate = (dimension: string, field: "realised" | "target") =>
    nonZero(
      Object.fromEntries(
        aggregates.filter((a) => a.dimension === dimension).map((a) => [a.key, a[field] ?? 0]),
      ),
    );
  const accepted = byType("report").filter((r) => r.status === "accepted" && r.period.startsWith(year));
  const served = (r: Item) =>
    (r.content.beneficiaries.totals as { count: number }[]).reduce((s, t) => s + t.count, 0);
  const realisedByCluster = nonZero(
    sumBy(
      accepted.flatMap((r) => r.content.beneficiaries.totals as { cluster: string; count: number }[]),
      (t) => t.cluster,
      (t) => t.count,
    ),
  );
  expect(accepted.length).toBeGreaterThan(0);
  expect(aggregate("cluster", "realised")).toEqual(realisedByCluster);
  expect(aggregate("partner", "realised")).toEqual(nonZero(sumBy(accepted, (r) => r.partnerID, served)));
  expect(aggregate("province", "realised")).toEqual(nonZero(sumBy(accepted, (r) => r.provinceCode, served)));
  expect(aggregate("period", "realised")).toEqual(nonZero(sumBy(accepted, (r) => r.period, served)));
  // A superseded agreement's targets were replaced by its addendum's, in the same transaction.
  const activated = byType("agreement").filter(
    (a) => ["active", "expired", "terminated"].includes(a.status) && !a.supersededBy,
  );
  const targets = activated.flatMap((a) =>
    (a.yearlyTargets as { year: number; cluster: string; target: number }[])
      .filter((t) => String(t.year) === year)
      .map((t) => ({ ...t, partnerID: a.partnerID as string, provinceCode: a.provinceCode as string })),
  );
  expect(activated.length).toBeGreaterThan(LKS_COUNT);
  expect(aggregate("cluster", "target")).toEqual(
    nonZero(
      sumBy(
        targets,
        (t) => t.cluster,
        (t) => t.target,
      ),
    ),
  );
  expect(aggregate("partner", "target")).toEqual(
    nonZero(
      sumBy(
        targets,
        (t) => t.partnerID,
        (t) => t.target,
      ),
    ),
  );
  expect(aggregate("province", "target")).toEqual(
    nonZero(
      sumBy(
        targets,
        (t) => t.provinceCode,
        (t) => t.target,
      ),
    ),
  );
  // No approval was left half-done: approved this year means activated.
  expect(
    byType("agreement").filter(
      (a) => a.status === "approved" && a.startDate <= new Date().toISOString().slice(0, 10),
    ),
  ).toEqual([]);

  // 3. No outbox event lost, every event delivered to every endpoint that wants it.
  const outbox = new Map(byType("outbox").map((e) => [e.eventID as string, e]));
  const referrals = byType("referral");
  const missing = referrals.flatMap((r) => (r.eventIDs as string[]).filter((id) => !outbox.has(id)));
  expect(missing).toEqual([]);
  for (const r of referrals) expect(r.eventIDs.length, r.referralID).toBe(r.status === "cancelled" ? 2 : 1);
  expect([...outbox.values()].filter((e) => e.status !== "dispatched")).toEqual([]);
  const deliveries = byType("delivery");
  expect(referrals.length).toBeGreaterThan(0);
  expect(deliveries.length).toBeGreaterThan(referrals.length);
  expect(deliveries.filter((d) => d.status !== "delivered" || d.leaseUntil)).toEqual([]);
  const deliveredTo = (endpointID: string) =>
    new Set(deliveries.filter((d) => d.endpointID === endpointID).map((d) => d.eventID as string));
  const wanted = (filter: (e: Item) => boolean) =>
    new Set([...outbox.values()].filter(filter).map((e) => e.eventID as string));
  expect(deliveredTo(pkh.endpointID)).toEqual(wanted((e) => e.programID === pkh.id));
  expect(deliveredTo(observer.endpointID)).toEqual(wanted((e) => !e.programID && OBSERVED.includes(e.type)));
  for (const [i, endpointID] of [pkh.endpointID, observer.endpointID].entries()) {
    const verified = new Set(receivers[i]!.verified.map((v) => v.headers["webhook-id"] as string));
    expect([...deliveredTo(endpointID)].filter((id) => !verified.has(id))).toEqual([]);
    expect(receivers[i]!.invalid).toEqual([]);
  }

  console.log(
    JSON.stringify({
      atKill: {
        ...atKill,
        leasedDeliveries: leasedAtKill.filter((d) => d.leaseUntil).length,
        undispatchedEvents: undispatchedAtKill.length,
      },
      cutOff,
      races,
      completed,
      abandoned,
      writes,
      records: Object.fromEntries(Object.keys(ID_FIELD).map((t) => [t, byType(t).length])),
      auditEvents: auditEvents.length,
      acceptedReports: accepted.length,
      activeAgreements: activated.length,
      events: outbox.size,
      deliveries: deliveries.length,
      loadMs: Math.round(loadEnded - started),
      totalMs: Math.round(performance.now() - started),
    }),
  );
  expect(atKill.inFlight).toBeGreaterThan(0);
  // Only the kill cut flows short (each lane at most once), and every kind of flow ran to its end
  // on both processes: a flow that stopped working after the restart cannot hide behind "abandoned".
  const abandonedTotal = Object.values(abandoned).reduce((a, b) => a + b, 0);
  expect(abandonedTotal).toBe(cutOff + Object.values(races).reduce((a, b) => a + b, 0));
  expect(cutOff).toBeLessThanOrEqual(8);
  for (const name of Object.keys(flows)) {
    expect(completed.before[name] ?? 0, `${name} before the kill`).toBeGreaterThan(0);
    expect(completed.after[name] ?? 0, `${name} after the restart`).toBeGreaterThan(0);
  }
  expect(Object.keys(races).filter((k) => !EXPECTED_RACES[k])).toEqual([]);
  // Every answer the load got, by route and status: none but the expected kinds of 4xx.
  const failed = Object.keys(outcomes).filter((k) => Number(k.split(" ").at(-1)) >= 400);
  expect(failed.filter((k) => !Object.keys(races).some((r) => r.startsWith(k)))).toEqual([]);
});
