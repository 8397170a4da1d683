/**
 * Child process of the agreements, dashboard, reports and soak benchmarks (started through
 * fork-hub.ts): the hub as `pnpm start` runs it (the web app over HTTP; the in-process delivery
 * worker when BENCH_WORKER=1) on DynamoDB Local, in its own table (ATENSI_TABLE), seeded with the
 * demo accounts. The parent measures through HTTP only; this process also answers a few requests
 * over IPC to seed data as the core writes it, so that seeding needs no HTTP round-trips:
 *
 * - `seed-agreements`: agreements shaped exactly as AgreementEntity writes them, by BatchWriteItem.
 * - `seed-regional`: reports waiting for regional review over 38 provinces, shaped as ReportEntity
 *   writes them, and a Balai (Jawa Barat, Banten, DKI Jakarta) with a reviewer.
 * - `seed-aggregates`: dashboard aggregate rows, as Aggregates would have built them.
 * - `prepare-reports`: draft reports with valid content, opened and saved through core.
 * - `capture`: the DynamoDB calls made since the last `capture` (count and time per operation), and
 *   the wire bodies of the operations it was asked to record (so a floor can replay them bare).
 * - `memory`: process.memoryUsage().
 */
import { randomBytes } from "node:crypto";
import type { CallStats, Capture } from "./fork-hub";

process.env.ATENSI_TABLE ??= "bench_hub";
process.env.ATENSI_ENV = "test";
process.env.ATENSI_LOG_REQUESTS = "false";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
process.env.ATENSI_PII_KEY = randomBytes(32).toString("base64");
process.env.ATENSI_BLIND_INDEX_KEY = randomBytes(32).toString("base64");
// Receivers listen on this machine; only this name is let through the SSRF guard.
process.env.ATENSI_WEBHOOK_ALLOW_HOSTS = "localhost";

const { CLUSTERS, PROVINCES } = await import("@atensi/contracts");
const { Actor, Database, Report, tableDefinition, todayInJakarta, User } = await import("@atensi/core");
const { AgreementEntity } = await import("@atensi/core/agreement");
const { AggregateEntity } = await import("@atensi/core/dashboard");
const { PartnerEntity } = await import("@atensi/core/partner");
const { ReportEntity } = await import("@atensi/core/report");
const { Unit } = await import("@atensi/core/unit");
const { BatchWriteCommand } = await import("@aws-sdk/lib-dynamodb");
const { UpdateTableCommand } = await import("@aws-sdk/client-dynamodb");
const { createWebApp, freePort, listen, startDeliveryWorker } = await import("@atensi/local");
const { seed } = await import("@atensi/local/seed");

let stats: CallStats = {};
let recording = new Set<string>();
let bodies: Record<string, string[]> = {};
const decoder = new TextDecoder();
Database.raw().middlewareStack.add(
  (next, context) => async (args) => {
    const started = performance.now();
    try {
      return await next(args);
    } finally {
      const name = String(context.commandName ?? "unknown").replace(/Command$/, "");
      const s = stats[name] ?? { calls: 0, ms: 0 };
      s.calls++;
      s.ms += performance.now() - started;
      stats[name] = s;
    }
  },
  { step: "initialize", name: "benchDynamoTimer" },
);
// The request exactly as it goes on the wire (marshalled), so a floor can replay it bare.
Database.raw().middlewareStack.add(
  (next, context) => async (args) => {
    const name = String(context.commandName ?? "").replace(/Command$/, "");
    const body = (args.request as { body?: unknown }).body;
    if (recording.has(name) && (typeof body === "string" || body instanceof Uint8Array)) {
      const list = bodies[name] ?? [];
      bodies[name] = list;
      list.push(typeof body === "string" ? body : decoder.decode(body));
    }
    return next(args);
  },
  { step: "build", name: "benchTransactionRecorder" },
);

const password = "bench-password-long-enough";
await Database.ensureTable();
await seed(password);
const hub = await listen(createWebApp("/nonexistent"), await freePort());
const worker = process.env.BENCH_WORKER === "1" ? startDeliveryWorker() : undefined;

const PROVINCE_CODES = Object.keys(PROVINCES);
const OTHER_STATUSES = ["draft", "changes_requested", "resubmitted", "recommended", "active"];
/** A deterministic pseudo-random number in [0, 1) for `i` (and a salt), so runs seed the same data. */
const unit = (i: number, salt = 0) => {
  let x = (i + 1) * 2654435761 + salt * 40503;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
};
const pick = <T>(list: readonly T[], i: number, salt: number) =>
  list[Math.floor(unit(i, salt) * list.length)]!;
/** A ULID-shaped id (26 lowercase base-32 characters) for number `i`. */
const idFor = (prefix: string, i: number) => `${prefix}_bench${i.toString(32).padStart(21, "0")}`;
const hex = (i: number) =>
  Array.from({ length: 8 }, (_, k) => ((unit(i, k) * 2 ** 32) >>> 0).toString(16).padStart(8, "0")).join("");

/**
 * Bulk seeding with the table's stream off: DynamoDB Local writes stream records slowly (about
 * 600 items/s instead of 2,000+ here, worse as the stream grows). The stream is turned back on
 * after, so the table the hub then reads is as `Database.ensureTable` defines it.
 */
const withoutStream = async <T>(fn: () => Promise<T>) => {
  const stream = tableDefinition(Database.tableName()).StreamSpecification;
  const set = (StreamSpecification: typeof stream) =>
    Database.raw().send(new UpdateTableCommand({ TableName: Database.tableName(), StreamSpecification }));
  await set({ StreamEnabled: false });
  try {
    return await fn();
  } finally {
    await set(stream);
  }
};

/**
 * Writes items (DocumentClient form, made by `item(i)` for i < count) with BatchWriteItem, 25 a
 * request, `parallel` requests at a time.
 */
const batchWrite = async (count: number, item: (i: number) => Record<string, unknown>, parallel = 8) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const from = next;
        next = Math.min(count, next + 25);
        let requests = Array.from({ length: next - from }, (_, k) => ({
          PutRequest: { Item: item(from + k) },
        }));
        for (let attempt = 0; requests.length; attempt++) {
          const out = await Database.documents().send(
            new BatchWriteCommand({ RequestItems: { [Database.tableName()]: requests } }),
          );
          requests = (out.UnprocessedItems?.[Database.tableName()] ?? []) as typeof requests;
          if (requests.length && attempt > 10) throw new Error("BatchWriteItem: items left unprocessed");
        }
      }
    }),
  );
};

/**
 * Agreements `from` … `from + count - 1` of the review queue: status `submitted`, spread over the
 * provinces, clusters and 500 partners, waiting since a time in the last two years; and, for every
 * tenth, one more agreement in another status (the other partitions of the same indexes).
 */
const seedAgreements = async (from: number, count: number) => {
  const started = performance.now();
  const year = new Date().getUTCFullYear() + 1;
  const item = (i: number, status: string) => {
    const waitingSince = new Date(Date.now() - Math.floor(unit(i, 1) * 730 * 86400e3)).toISOString();
    const partner = Math.floor(unit(i, 2) * 500);
    const cluster = pick(CLUSTERS, i, 3);
    const provinceCode = pick(PROVINCE_CODES, i, 4);
    return AgreementEntity.put({
      agreementID: idFor("agr", i),
      partnerID: idFor("lks", partner),
      partnerName: `Yayasan Kesejahteraan Sosial ${partner}`,
      provinceCode,
      title: `Rehabilitasi sosial ${cluster.replaceAll("_", " ")} berbasis komunitas dan keluarga ${i}`,
      scope: {
        clusters: [cluster],
        serviceForms: ["terapi_fisik_psikososial_mental_spiritual", "pelatihan_vokasional_kewirausahaan"],
        bases: ["komunitas", "keluarga"],
        targetCriteria: ["disabilitas", "kemiskinan"],
        regions: [{ provinceCode, regencyCode: `${provinceCode}01` }],
      },
      clusters: [cluster],
      yearlyTargets: [{ year, cluster, target: 20 + Math.floor(unit(i, 5) * 200) }],
      valueRupiah: 50_000_000 + Math.floor(unit(i, 6) * 400) * 1_000_000,
      startDate: `${year}-01-01`,
      endDate: `${year}-12-31`,
      reportingCadence: unit(i, 7) < 0.5 ? "monthly" : "quarterly",
      supervisingUnit: "Sentra Wyata Guna Bandung",
      status,
      ...(status === "draft" ? {} : { submittedAt: waitingSince }),
      waitingSince,
      scheduleDate: status === "active" ? `${year}-12-31` : "9999-12-31",
      remindersSent: [],
      documents: [
        {
          id: idFor("doc", i),
          kind: "signed_agreement",
          fileName: "nota-kesepahaman.pdf",
          contentType: "application/pdf",
          size: 482_113,
          key: `${idFor("agr", i)}/${idFor("doc", i)}`,
          uploadedAt: waitingSince,
        },
      ],
      createdAt: waitingSince,
      updatedAt: waitingSince,
      version: status === "draft" ? 1 : 2,
      auditHash: hex(i),
    }).params().Item as Record<string, unknown>;
  };
  // Every eleventh item is one in another status.
  const total = count + Math.floor(count / 10);
  await withoutStream(() =>
    batchWrite(total, (k) => {
      const i = from + k - Math.floor(k / 11);
      return k % 11 === 10 ? item(1_000_000 + i, pick(OTHER_STATUSES, i, 8)) : item(i, "submitted");
    }),
  );
  return { items: total, ms: performance.now() - started };
};

/**
 * The aggregate rows of `partners` LKS over `years` (12 monthly periods each), as activations,
 * acceptances and the reporting schedule would have left them: per year one row per cluster, per
 * province and per period that has figures, and one per partner.
 */
const seedAggregates = async (partners: number, years: string[]) => {
  const started = performance.now();
  const items: Record<string, unknown>[] = [];
  const put = (row: Parameters<typeof AggregateEntity.create>[0]) =>
    items.push(AggregateEntity.put(row).params().Item as Record<string, unknown>);
  for (const year of years) {
    const clusters = new Map<string, { target: number; realised: number }>();
    const provinces = new Map<string, Record<string, number>>();
    const periods = new Map<string, Record<string, number>>();
    for (let p = 0; p < partners; p++) {
      const cluster = pick(CLUSTERS, p, 3);
      const provinceCode = pick(PROVINCE_CODES, p, 4);
      const target = 50 + Math.floor(unit(p, 5) * 200);
      const realised = Math.floor(target * (0.4 + unit(p, 6) * 0.6));
      const expected = 12;
      const submitted = 8 + Math.floor(unit(p, 7) * 5);
      const onTime = Math.max(0, submitted - Math.floor(unit(p, 8) * 4));
      put({
        year,
        dimension: "partner",
        key: idFor("lks", p),
        label: `Yayasan Kesejahteraan Sosial ${p}`,
        target,
        realised,
        expected,
        submitted,
        onTime,
      });
      const c = clusters.get(cluster) ?? { target: 0, realised: 0 };
      clusters.set(cluster, { target: c.target + target, realised: c.realised + realised });
      const add = (map: Map<string, Record<string, number>>, key: string, counts: Record<string, number>) => {
        const row = map.get(key) ?? {};
        for (const [k, v] of Object.entries(counts)) row[k] = (row[k] ?? 0) + v;
        map.set(key, row);
      };
      add(provinces, provinceCode, { target, realised, expected, submitted, onTime });
      for (let m = 1; m <= 12; m++) {
        const period = `${year}-${String(m).padStart(2, "0")}`;
        add(periods, period, {
          realised: Math.floor(realised / 12),
          expected: 1,
          submitted: m <= submitted ? 1 : 0,
          onTime: m <= onTime ? 1 : 0,
        });
      }
    }
    for (const [key, c] of clusters) put({ year, dimension: "cluster", key, ...c });
    for (const [key, c] of provinces) put({ year, dimension: "province", key, ...c });
    for (const [key, c] of periods) put({ year, dimension: "period", key, ...c });
  }
  await withoutStream(() => batchWrite(items.length, (i) => items[i]!));
  return { items: items.length, ms: performance.now() - started };
};

/** A complete, consistent report (as test/e2e/reports.test.ts `reportContent` builds it). */
const reportContent = (served: number) => ({
  beneficiaries: {
    totals: [{ cluster: "penyandang_disabilitas", count: served }],
    breakdown: [
      { cluster: "penyandang_disabilitas", sex: "female", ageBand: "18-59", count: served / 2 },
      { cluster: "penyandang_disabilitas", sex: "male", ageBand: "18-59", count: served / 2 },
    ],
    byCriterion: [{ criterion: "disabilitas", count: served }],
  },
  services: [{ form: "terapi_fisik_psikososial_mental_spiritual", count: 120 }],
  caseFlow: [{ stage: "implementasi", atStart: 40, entered: 20, completed: 10, terminated: 2, atEnd: 48 }],
  indicators: [
    {
      level: "keluaran",
      name: "Penerima manfaat terlayani",
      target: 100,
      realised: served,
      narrative: "Sesuai rencana",
    },
  ],
  socialWorker: { name: "Ratna Sari, S.Sos.", certificateNumber: "PEKSOS-32-2021-0457" },
  issues: [{ issue: "Keterbatasan transportasi peserta", followUp: "Koordinasi dengan dinas sosial kota" }],
});

let reportSerial = 0;
/**
 * Draft reports of the current month (due next month, so a submission is in time and touches no
 * aggregate), `count` for each LKS user: each needs its own active agreement (one report per
 * agreement and period), written directly; each report is opened and saved through core as the
 * LKS user, as POST /v1/reports and PUT /v1/reports/{id} would.
 */
const prepareReports = async (emails: string[], count: number) => {
  const started = performance.now();
  const today = todayInJakarta();
  const year = today.slice(0, 4);
  const period = today.slice(0, 7);
  const result: Record<string, string[]> = {};
  for (const email of emails) {
    const user = await User.fromEmail(email);
    if (!user?.partnerID) throw new Error(`${email} is not an LKS user`);
    const { data: partner } = await PartnerEntity.get({ partnerID: user.partnerID }).go();
    if (!partner) throw new Error(`${email}: no partner`);
    const agreements = Array.from({ length: count }, () => {
      const n = reportSerial++;
      const now = new Date().toISOString();
      return {
        agreementID: idFor("agr", 5_000_000 + n),
        partnerID: partner.partnerID,
        partnerName: partner.name,
        provinceCode: partner.provinceCode,
        number: `${String(n + 1).padStart(3, "0")}/NK/REHSOS/01/${year}`,
        title: `Terapi seni vokasional bagi penyandang disabilitas ${n}`,
        scope: {
          clusters: ["penyandang_disabilitas"],
          serviceForms: ["terapi_fisik_psikososial_mental_spiritual"],
          bases: ["komunitas"],
          targetCriteria: ["disabilitas"],
          regions: [{ provinceCode: partner.provinceCode, regencyCode: partner.regencyCode }],
        },
        clusters: ["penyandang_disabilitas"],
        yearlyTargets: [{ year: Number(year), cluster: "penyandang_disabilitas", target: 100 }],
        startDate: `${year}-01-01`,
        endDate: `${year}-12-31`,
        reportingCadence: "monthly",
        supervisingUnit: "Sentra Wyata Guna Bandung",
        status: "active",
        waitingSince: now,
        scheduleDate: `${year}-12-31`,
        remindersSent: [],
        documents: [],
        createdAt: now,
        updatedAt: now,
        version: 3,
        auditHash: hex(n),
      };
    });
    await batchWrite(
      agreements.length,
      (i) => AgreementEntity.put(agreements[i]!).params().Item as Record<string, unknown>,
    );
    const actor = {
      type: "user" as const,
      properties: {
        userID: user.userID,
        email: user.email,
        name: user.name,
        roles: user.roles as never,
        partnerID: user.partnerID,
        sessionID: "bench",
      },
    };
    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, () =>
        Actor.provide(actor, async () => {
          while (next < agreements.length) {
            const agreement = agreements[next++]!;
            const opened = await Report.create({ agreementID: agreement.agreementID, period });
            await Report.save(opened.id, { content: reportContent(60) }, opened.version);
            ids.push(opened.id);
          }
        }),
      ),
    );
    result[email] = ids;
  }
  return { reports: result, ms: performance.now() - started };
};

type Request = { id: number; type: string; [key: string]: unknown };
/** The Balai of the regional-queue bench and its reviewer (created once per hub). */
const BALAI_REGIONS = ["31", "32", "36"];
const regionalReviewer = "balai.bench@kemensos.example";

/**
 * `count` reports waiting for regional review, spread over every province (queue
 * `regional#<province>`), waiting since times over a year, each reviewed by the unit that covers
 * its province in the bench (the bench Balai for its three provinces, another unit elsewhere).
 */
const seedRegional = async (count: number) => {
  const started = performance.now();
  const admin = await User.fromEmail("admin@kemensos.example");
  const asAdmin = {
    type: "user" as const,
    properties: {
      userID: admin!.userID,
      email: admin!.email,
      name: admin!.name,
      roles: admin!.roles as never,
      sessionID: "bench",
    },
  };
  const balai = await Actor.provide(asAdmin, () =>
    Unit.create({ kind: "balai", name: "Balai Besar Rehabilitasi Sosial (bench)", regions: BALAI_REGIONS }),
  );
  await Actor.provide({ type: "system", properties: { name: "bench" } }, async () => {
    const user = await User.prepare({
      email: regionalReviewer,
      name: "Reviewer Balai",
      roles: ["kemensos_reviewer"],
      unitID: balai.id,
      password,
      status: "active",
    });
    await Database.commit(user.steps);
  });
  const year = new Date().getUTCFullYear();
  const item = (i: number) => {
    const waitingSince = new Date(Date.now() - Math.floor(unit(i, 1) * 365 * 86400e3)).toISOString();
    const partner = Math.floor(unit(i, 2) * 500);
    const provinceCode = pick(PROVINCE_CODES, i, 4);
    const month = String(1 + Math.floor(unit(i, 5) * 12)).padStart(2, "0");
    return ReportEntity.put({
      reportID: idFor("rpt", i),
      agreementID: idFor("agr", partner),
      partnerID: idFor("lks", partner),
      partnerName: `Yayasan Kesejahteraan Sosial ${partner}`,
      provinceCode,
      regencyCode: `${provinceCode}01`,
      period: `${year}-${month}`,
      periodStart: `${year}-${month}-01`,
      periodEnd: `${year}-${month}-28`,
      dueDate: `${year}-${month}-28`,
      status: "submitted",
      late: false,
      content: { services: [{ form: "terapi_fisik_psikososial_mental_spiritual", count: 120 }] },
      submissions: 1,
      firstSubmittedAt: waitingSince,
      submittedAt: waitingSince,
      reviewLevel: "regional",
      reviewUnitID: BALAI_REGIONS.includes(provinceCode) ? balai.id : "unt_benchotherunit0000000000",
      queue: `regional#${provinceCode}`,
      waitingSince,
      createdAt: waitingSince,
      updatedAt: waitingSince,
      version: 3,
      auditHash: hex(i),
    }).params().Item as Record<string, unknown>;
  };
  await withoutStream(() => batchWrite(count, item));
  return { items: count, ms: performance.now() - started, reviewer: regionalReviewer };
};

const handlers: Record<string, (m: Request) => Promise<unknown> | unknown> = {
  "seed-regional": (m) => seedRegional(m.count as number),
  memory: () => process.memoryUsage(),
  "seed-agreements": (m) => seedAgreements(m.from as number, m.count as number),
  "seed-aggregates": (m) => seedAggregates(m.partners as number, m.years as string[]),
  "prepare-reports": (m) => prepareReports(m.emails as string[], m.count as number),
  capture: (m): Capture => {
    const out = { stats, bodies };
    stats = {};
    bodies = {};
    recording = new Set((m.record as string[] | undefined) ?? []);
    return out;
  },
  stop: async () => {
    await worker?.stop();
    await hub.close();
    return {};
  },
};

process.on("message", async (m: Request) => {
  try {
    const result = await handlers[m.type]!(m);
    process.send?.({ id: m.id, ok: true, result });
    if (m.type === "stop") process.disconnect();
  } catch (error) {
    process.send?.({ id: m.id, ok: false, error: (error as Error).stack ?? String(error) });
  }
});
process.send?.({ type: "ready", hubURL: hub.url, password });
