import {
  AgreementExportQuery,
  DashboardExportQuery,
  DeliveryExportQuery,
  formatParam,
  label,
  labels,
  PartnerExportQuery,
  PROVINCES,
  REGENCIES,
  ReferralExportQuery,
  ReportExportQuery,
} from "@atensi/contracts";
import { Agreement } from "../agreement";
import { Dashboard, type DashboardRow } from "../dashboard";
import { fn } from "../fn";
import { Partner } from "../partner";
import { Referral } from "../referral";
import { Report } from "../report";
import { Delivery } from "../webhook";
import { type Column, type Sheet, writeXlsx } from "./xlsx";

export { type Column, escapeFormula, maxRows, type Sheet, writeXlsx } from "./xlsx";

/** Larger pages than the screen's: fewer round trips, still one page in memory at a time. */
const PAGE = 500;

type Paged<T> = { items: T[]; nextCursor: string | null };

/**
 * Every row of a list, page by page through the list's own function (the same filters, the same
 * authorization, the same tenant scoping as the list on screen). The next page is read while the
 * current one is written.
 */
export async function* allPages<T>(list: (cursor?: string) => Promise<Paged<T>>): AsyncGenerator<T> {
  let next: Promise<Paged<T>> | undefined = list();
  while (next) {
    const page: Paged<T> = await next;
    next = page.nextCursor ? list(page.nextCursor) : undefined;
    yield* page.items;
  }
}

const withCursor = (cursor?: string) => ({ limit: PAGE, ...(cursor ? { cursor } : {}) });
const province = (code?: string) =>
  code ? `${code} ${PROVINCES[code as keyof typeof PROVINCES] ?? ""}`.trim() : "";
const regency = (code?: string) => (code ? `${code} ${REGENCIES[code] ?? ""}`.trim() : "");
const yesNo = (b: boolean) => (b ? "Ya" : "Tidak");

/** The filters a caller left open, in the order they narrow a list most. */
const open = (query: Record<string, unknown>, filters: [string, string][]) =>
  filters.filter(([field]) => query[field] === undefined).map(([field, hint]) => ({ field, hint }));

type Output = { body: Buffer; rows: number; fileName: string };
const file = async <T>(name: string, sheet: Sheet<T>): Promise<Output> => ({
  ...(await writeXlsx(sheet)),
  fileName: `atensi-${name}-${new Date().toISOString().slice(0, 10)}.xlsx`,
});

type PartnerRow = Awaited<ReturnType<typeof Partner.list>>["items"][number];
const PARTNER_COLUMNS: Column<PartnerRow>[] = [
  { header: "ID", type: "text", value: (p) => p.id, width: 32 },
  { header: "Nama LKS", type: "text", value: (p) => p.name, width: 40 },
  { header: "Bentuk hukum", type: "text", value: (p) => label("legalForm", p.legalForm) },
  { header: "Nomor registrasi", type: "text", value: (p) => p.registrationNumber, width: 34 },
  { header: "NPWP", type: "text", value: (p) => p.npwp },
  { header: "Akreditasi", type: "text", value: (p) => p.accreditation.grade },
  { header: "Terakreditasi sejak", type: "date", value: (p) => p.accreditation.accreditedOn },
  { header: "Akreditasi berakhir", type: "date", value: (p) => p.accreditation.expiresOn },
  { header: "Provinsi", type: "text", value: (p) => province(p.provinceCode) },
  { header: "Kabupaten/kota", type: "text", value: (p) => regency(p.regencyCode) },
  { header: "Alamat", type: "text", value: (p) => p.address, width: 40 },
  { header: "Klaster", type: "text", value: (p) => labels("cluster", p.clusters) },
  { header: "Basis layanan", type: "text", value: (p) => labels("base", p.serviceBases) },
  { header: "Status", type: "text", value: (p) => label("status", p.status) },
  { header: "Terdaftar (WIB)", type: "datetime", value: (p) => p.createdAt },
  { header: "Diperbarui (WIB)", type: "datetime", value: (p) => p.updatedAt },
];

type AgreementRow = Awaited<ReturnType<typeof Agreement.list>>["items"][number];
const AGREEMENT_COLUMNS: Column<AgreementRow>[] = [
  { header: "ID", type: "text", value: (a) => a.id, width: 32 },
  { header: "Nomor", type: "text", value: (a) => a.number },
  { header: "Judul", type: "text", value: (a) => a.title, width: 48 },
  { header: "LKS", type: "text", value: (a) => a.partnerName, width: 36 },
  { header: "Status", type: "text", value: (a) => label("agreementStatus", a.status) },
  { header: "Mulai", type: "date", value: (a) => a.startDate },
  { header: "Berakhir", type: "date", value: (a) => a.endDate },
  { header: "Pelaporan", type: "text", value: (a) => label("cadence", a.reportingCadence) },
  { header: "Nilai (Rp)", type: "money", value: (a) => a.valueRupiah },
  {
    header: "Target penerima manfaat",
    type: "number",
    value: (a) => a.yearlyTargets.reduce((s, t) => s + t.target, 0),
  },
  { header: "Klaster", type: "text", value: (a) => labels("cluster", a.scope.clusters) },
  { header: "Bentuk layanan", type: "text", value: (a) => labels("serviceForm", a.scope.serviceForms) },
  { header: "Provinsi", type: "text", value: (a) => a.scope.regions.map((r) => province(r.provinceCode)) },
  { header: "Unit pembina", type: "text", value: (a) => a.supervisingUnit, width: 30 },
  { header: "Diajukan (WIB)", type: "datetime", value: (a) => a.submittedAt },
  { header: "Disetujui (WIB)", type: "datetime", value: (a) => a.approvedAt },
  { header: "Dibuat (WIB)", type: "datetime", value: (a) => a.createdAt },
];

type ReportRow = Awaited<ReturnType<typeof Report.list>>["items"][number];
const served = (r: ReportRow) => r.content.beneficiaries?.totals?.reduce((s, t) => s + t.count, 0);
const REPORT_COLUMNS: Column<ReportRow>[] = [
  { header: "ID", type: "text", value: (r) => r.id, width: 32 },
  { header: "LKS", type: "text", value: (r) => r.partnerName, width: 36 },
  { header: "Nomor perjanjian", type: "text", value: (r) => r.agreementNumber },
  { header: "Periode", type: "text", value: (r) => formatParam("id", r.period) },
  { header: "Awal periode", type: "date", value: (r) => r.periodStart },
  { header: "Akhir periode", type: "date", value: (r) => r.periodEnd },
  { header: "Batas waktu", type: "date", value: (r) => r.dueDate },
  { header: "Status", type: "text", value: (r) => label("reportStatus", r.status) },
  { header: "Terlambat", type: "text", value: (r) => yesNo(r.late) },
  { header: "Penerima manfaat", type: "number", value: served },
  { header: "Pengajuan ke-", type: "number", value: (r) => r.submissions },
  { header: "Diajukan (WIB)", type: "datetime", value: (r) => r.submittedAt },
  { header: "Diterima (WIB)", type: "datetime", value: (r) => r.acceptedAt },
];

type ReferralRow = Awaited<ReturnType<typeof Referral.list>>["items"][number];
/** No beneficiary identity in a spreadsheet (UU PDP): the record, its route and its state. */
const REFERRAL_COLUMNS: Column<ReferralRow>[] = [
  { header: "ID", type: "text", value: (r) => r.id, width: 32 },
  { header: "Program", type: "text", value: (r) => r.programCode },
  { header: "Pengirim", type: "text", value: (r) => r.sender.name, width: 36 },
  { header: "Status", type: "text", value: (r) => label("referralStatus", r.status) },
  { header: "Urgensi", type: "text", value: (r) => label("urgency", r.urgency) },
  { header: "Provinsi", type: "text", value: (r) => province(r.beneficiary.region?.provinceCode) },
  { header: "Kriteria", type: "text", value: (r) => labels("criterion", r.criteria) },
  { header: "Urutan peristiwa", type: "number", value: (r) => r.sequence },
  { header: "Dibuat (WIB)", type: "datetime", value: (r) => r.createdAt },
  { header: "Diperbarui (WIB)", type: "datetime", value: (r) => r.updatedAt },
];

type DeliveryRow = Awaited<ReturnType<typeof Delivery.list>>["items"][number];
const DELIVERY_COLUMNS: Column<DeliveryRow>[] = [
  { header: "ID", type: "text", value: (d) => d.id, width: 32 },
  { header: "Peristiwa", type: "text", value: (d) => label("event", d.eventType) },
  { header: "ID peristiwa", type: "text", value: (d) => d.eventID, width: 32 },
  { header: "Subjek", type: "text", value: (d) => d.subject, width: 32 },
  { header: "Status", type: "text", value: (d) => label("deliveryStatus", d.status) },
  { header: "Percobaan", type: "number", value: (d) => d.attempts },
  { header: "Kode HTTP terakhir", type: "number", value: (d) => d.lastStatusCode },
  { header: "Galat terakhir", type: "text", value: (d) => d.lastError, width: 40 },
  { header: "Percobaan berikut (WIB)", type: "datetime", value: (d) => d.nextAttemptAt },
  { header: "Dibuat (WIB)", type: "datetime", value: (d) => d.createdAt },
  { header: "Diperbarui (WIB)", type: "datetime", value: (d) => d.updatedAt },
];

const DASHBOARD_KEY = {
  clusters: "Klaster",
  provinces: "Provinsi",
  periods: "Periode",
  partners: "LKS",
} as const;
/** A row's name as staff read it: the cluster's or period's label, the province's or partner's name. */
const NAMED: Record<keyof typeof DASHBOARD_KEY, (r: DashboardRow) => string> = {
  clusters: (r) => label("cluster", r.key),
  provinces: (r) => r.label ?? r.key,
  periods: (r) => formatParam("id", r.key),
  partners: (r) => r.label ?? r.key,
};
const dashboardColumns = (table: keyof typeof DASHBOARD_KEY): Column<DashboardRow>[] => [
  { header: DASHBOARD_KEY[table], type: "text", value: NAMED[table], width: 36 },
  { header: "Kode", type: "text", value: (r) => r.key },
  { header: "Target", type: "number", value: (r) => r.target },
  { header: "Realisasi", type: "number", value: (r) => r.realised },
  { header: "Realisasi (%)", type: "percent", value: (r) => r.realisationPercent },
  { header: "Laporan diharapkan", type: "number", value: (r) => r.expected },
  { header: "Laporan masuk", type: "number", value: (r) => r.submitted },
  { header: "Tepat waktu", type: "number", value: (r) => r.onTime },
  { header: "Kelengkapan (%)", type: "percent", value: (r) => r.completenessPercent },
  { header: "Ketepatan waktu (%)", type: "percent", value: (r) => r.timelinessPercent },
];

async function* listed<T>(items: T[]) {
  yield* items;
}

/** XLSX exports of the staff lists and dashboard tables: each takes exactly its list's filters. */
export namespace Export {
  export const partners = fn(PartnerExportQuery, (q) =>
    file("lks", {
      name: "LKS",
      columns: PARTNER_COLUMNS,
      rows: allPages((cursor) => Partner.list.trusted({ ...q, ...withCursor(cursor) })),
      narrowBy: open(q, [
        ["province", "Pilih satu provinsi"],
        ["status", "Pilih satu status"],
      ]),
    }),
  );

  export const agreements = fn(AgreementExportQuery, (q) =>
    file("perjanjian", {
      name: "Perjanjian",
      columns: AGREEMENT_COLUMNS,
      rows: allPages((cursor) => Agreement.list.trusted({ ...q, ...withCursor(cursor) })),
      narrowBy: open(q, [
        ["status", "Pilih satu status"],
        ["province", "Pilih satu provinsi"],
        ["cluster", "Pilih satu klaster"],
        ["partnerID", "Pilih satu LKS"],
      ]),
    }),
  );

  export const reports = fn(ReportExportQuery, (q) =>
    file("laporan", {
      name: "Laporan",
      columns: REPORT_COLUMNS,
      rows: allPages((cursor) => Report.list.trusted({ ...q, ...withCursor(cursor) })),
      narrowBy: open(q, [
        ["agreementID", "Pilih satu perjanjian"],
        ["status", "Pilih satu status"],
      ]),
    }),
  );

  export const referrals = fn(ReferralExportQuery, (q) =>
    file("rujukan", {
      name: "Rujukan",
      columns: REFERRAL_COLUMNS,
      rows: allPages((cursor) => Referral.list.trusted({ ...q, ...withCursor(cursor) })),
      narrowBy: open(q, [
        ["programID", "Pilih satu program"],
        ["status", "Pilih satu status"],
        ["updated_since", "Batasi waktu perubahan"],
      ]),
    }),
  );

  export const deliveries = fn(DeliveryExportQuery, ({ endpointID, ...q }) =>
    file("pengiriman", {
      name: "Pengiriman",
      columns: DELIVERY_COLUMNS,
      rows: allPages((cursor) => Delivery.list.trusted(endpointID, { ...q, ...withCursor(cursor) })),
      narrowBy: open(q, [["status", "Pilih satu status"]]),
    }),
  );

  /** One dashboard table; the per-partner one page by page like the others. */
  export const dashboard = fn(DashboardExportQuery, async ({ year, table }) =>
    file(`dasbor-${table}-${year}`, {
      name: `${DASHBOARD_KEY[table]} ${year}`,
      columns: dashboardColumns(table),
      rows:
        table === "partners"
          ? allPages(async (cursor) => {
              const page = await Dashboard.partners.trusted({ year, ...withCursor(cursor) });
              return { items: page.items, nextCursor: page.nextCursor };
            })
          : listed((await Dashboard.summary.trusted({ year }))[table]),
      narrowBy: [],
    }),
  );
}
