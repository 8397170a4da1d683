import type { AtensiCriterion, Cluster, ReportContent, ServiceForm } from "@atensi/contracts";
import { Agreement, Report, todayInJakarta } from "@atensi/core";
import { actingAs, PARTNERS } from "./seed";

/**
 * A year of accepted monthly supervision reports for each verified demo LKS, so a fresh
 * `pnpm start` has dashboards, drill-downs, exports, printable reports and open data with content.
 * Everything goes through the core functions the API calls (agreement submitted, recommended by
 * the reviewer, approved by another approver; each report opened, filled, submitted, accepted),
 * so the audit trails and the dashboard aggregates are the real ones. Figures are invented but
 * plausible; some cells stay under 10 persons so open-data suppression shows.
 */
type Plan = {
  title: string;
  forms: ServiceForm[];
  criteria: AtensiCriterion[];
  /** Persons served per cluster in a typical month. */
  monthly: Partial<Record<Cluster, number>>;
  unit: string;
  socialWorker: { name: string; certificateNumber: string };
};

const PLANS: Record<string, Plan> = {
  widyatama: {
    title: "Terapi seni dan pelatihan vokasional bagi penyandang disabilitas di Kota Bandung",
    forms: ["terapi_fisik_psikososial_mental_spiritual", "pelatihan_vokasional_kewirausahaan"],
    criteria: ["disabilitas", "kemiskinan"],
    monthly: { penyandang_disabilitas: 42 },
    unit: "Sentra Wyata Guna Bandung",
    socialWorker: { name: "Ratna Sari, S.Sos.", certificateNumber: "PEKSOS-32-2021-0457" },
  },
  balarenik: {
    title: "Pendampingan anak keluarga pemulung di TPST Bantar Gebang",
    forms: ["perawatan_sosial_pengasuhan_anak", "dukungan_keluarga", "pemenuhan_kebutuhan_hidup_layak"],
    criteria: ["kemiskinan", "ketelantaran"],
    monthly: { anak: 36, ppks_lainnya: 8 },
    unit: "Sentra Handayani Jakarta",
    socialWorker: { name: "Maria Ulfa, S.Tr.Sos.", certificateNumber: "PEKSOS-32-2019-0211" },
  },
  "nurul-iman": {
    title: "Layanan sosial anak, lanjut usia dan keluarga pemulung di Parung, Kabupaten Bogor",
    forms: ["perawatan_sosial_pengasuhan_anak", "pemenuhan_kebutuhan_hidup_layak", "dukungan_keluarga"],
    criteria: ["kemiskinan", "ketelantaran"],
    monthly: { anak: 55, lanjut_usia: 12, ppks_lainnya: 6 },
    unit: "Sentra Galuh Bekasi",
    socialWorker: { name: "Hendra Gunawan, S.Sos.", certificateNumber: "PEKSOS-32-2020-0388" },
  },
  "swara-peduli": {
    title: "Pendampingan anak pemulung dan korban perdagangan orang di Cakung",
    forms: [
      "dukungan_keluarga",
      "terapi_fisik_psikososial_mental_spiritual",
      "bantuan_sosial_asistensi_sosial",
    ],
    criteria: ["kemiskinan", "korban_kekerasan_eksploitasi_diskriminasi"],
    monthly: { anak: 24, tuna_sosial_korban_perdagangan_orang: 9 },
    unit: "Sentra Handayani Jakarta",
    socialWorker: { name: "Yosefina Sitorus, S.Sos.", certificateNumber: "PEKSOS-31-2018-0129" },
  },
  erbe: {
    title: "Pemberdayaan ekonomi keluarga pemulung di Ciputat",
    forms: ["pelatihan_vokasional_kewirausahaan", "bantuan_sosial_asistensi_sosial"],
    criteria: ["kemiskinan"],
    monthly: { ppks_lainnya: 18 },
    unit: "Sentra Galuh Bekasi",
    socialWorker: { name: "Dimas Prasetyo, S.Sos.", certificateNumber: "PEKSOS-36-2022-0074" },
  },
};

const AGE: Record<string, "0-5" | "6-17" | "18-59" | "60+"> = { anak: "6-17", lanjut_usia: "60+" };

/** The last `n` whole months before today (Asia/Jakarta), oldest first. */
export const lastMonths = (n: number, today = todayInJakarta()) => {
  const [y, m] = today.split("-").map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - n + i, 1));
    return d.toISOString().slice(0, 7);
  });
};

/** One month's figures: a seasonal swing (school holidays, Ramadan) around the plan's numbers. */
const contentFor = (plan: Plan, month: number, i: number): ReportContent => {
  const swing = [0.8, 0.85, 0.95, 1, 1.1, 0.9, 0.85, 1, 1.05, 1.1, 1.15, 1.2][month - 1] ?? 1;
  const totals = Object.entries(plan.monthly).map(([cluster, base]) => ({
    cluster: cluster as Cluster,
    count: Math.max(0, Math.round(base * swing + ((i * 7 + base) % 5) - 2)),
  }));
  const all = totals.reduce((s, t) => s + t.count, 0);
  const breakdown = totals.flatMap((t) => [
    {
      cluster: t.cluster,
      sex: "female" as const,
      ageBand: AGE[t.cluster] ?? "18-59",
      count: Math.ceil(t.count / 2),
    },
    {
      cluster: t.cluster,
      sex: "male" as const,
      ageBand: AGE[t.cluster] ?? "18-59",
      count: Math.floor(t.count / 2),
    },
  ]);
  const started = Math.round(all * 0.8);
  const completed = Math.round(all * 0.3);
  return {
    beneficiaries: {
      totals,
      breakdown,
      byCriterion: plan.criteria.map((criterion, k) => ({
        criterion,
        count: k === 0 ? all : Math.round(all / (k + 1)),
      })),
    },
    services: plan.forms.map((form, k) => ({ form, count: Math.round((all * (3 - k)) / 2) })),
    caseFlow: [
      {
        stage: "implementasi",
        atStart: started,
        entered: all - started + completed,
        completed,
        terminated: 0,
        atEnd: all,
      },
    ],
    indicators: [
      {
        level: "keluaran",
        name: "Penerima manfaat terlayani",
        target: Object.values(plan.monthly).reduce((s, n) => s + n, 0),
        realised: all,
        narrative:
          swing < 0.9 ? "Kehadiran menurun selama libur sekolah dan bulan Ramadan" : "Sesuai rencana",
      },
    ],
    socialWorker: plan.socialWorker,
    issues:
      i % 4 === 0
        ? [
            {
              issue: "Keterbatasan transportasi peserta",
              followUp: "Koordinasi dengan dinas sosial setempat",
            },
          ]
        : [],
  };
};

/** Seeds the reports; a few seconds on DynamoDB Local (only `pnpm start` runs it, on first start). */
export const seedReports = async (options: { months?: number } = {}) => {
  const months = lastMonths(options.months ?? 12);
  const first = months[0]!;
  const last = months.at(-1)!;
  const startYear = Number(first.slice(0, 4));
  const endYear = Number(todayInJakarta().slice(0, 4));
  const made: string[] = [];
  await Promise.all(
    PARTNERS.filter((p) => p.verify && PLANS[p.slug]).map(async (p) => {
      const plan = PLANS[p.slug]!;
      const email = `${p.slug}@lks.example`;
      const clusters = Object.keys(plan.monthly) as Cluster[];
      const years = Array.from({ length: endYear - startYear + 1 }, (_, k) => startYear + k);
      const draft = await actingAs(email, () =>
        Agreement.create({
          title: plan.title,
          scope: {
            clusters,
            serviceForms: plan.forms,
            bases: p.serviceBases,
            targetCriteria: plan.criteria,
            regions: [{ provinceCode: p.provinceCode, regencyCode: p.regencyCode }],
          },
          yearlyTargets: years.flatMap((year) =>
            clusters.map((cluster) => ({ year, cluster, target: (plan.monthly[cluster] ?? 0) * 12 })),
          ),
          valueRupiah: 150_000_000 + clusters.length * 75_000_000,
          startDate: `${startYear}-01-01`,
          endDate: `${endYear}-12-31`,
          reportingCadence: "monthly",
          supervisingUnit: plan.unit,
        }),
      );
      await actingAs(email, () => Agreement.submit(draft.id));
      await actingAs("reviewer@kemensos.example", () => Agreement.recommend(draft.id));
      await actingAs("approver@kemensos.example", () => Agreement.approve(draft.id));
      for (const [i, period] of months.entries()) {
        const opened = await actingAs(email, () => Report.create({ agreementID: draft.id, period }));
        const submitted = await actingAs(email, async () => {
          await Report.save(opened.id, { content: contentFor(plan, Number(period.slice(5, 7)), i) });
          return Report.submit(opened.id);
        });
        // West Java's reports go to Sentra Wyata Guna first, then to the national level.
        if (submitted.stage === "regional_review")
          await actingAs("sentra.bandung@kemensos.example", () => Report.forward(opened.id));
        await actingAs("reviewer@kemensos.example", () => Report.accept(opened.id));
        made.push(opened.id);
      }
    }),
  );
  return { reports: made.length, from: first, to: last };
};
