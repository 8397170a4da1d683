import type { AgreementStatus, REPORTING_CADENCES } from "./agreement";
import type { Cluster, LegalForm, PartnerStatus, Role, ServiceBase, ServiceForm } from "./enums";
import type { Language } from "./messages";
import type { DeliveryStatus, EventType } from "./program";
import type { AtensiCriterion, ReferralStatus, URGENCIES } from "./referral";
import type { ReportStatus } from "./report";

type Urgency = (typeof URGENCIES)[number];
type ReportingCadence = (typeof REPORTING_CADENCES)[number];

/**
 * What the hub's codes are called, in both languages: one source for the portal's catalogues
 * (`cluster.anak` …, spread into them by `labelMessages`) and for what the server writes for
 * people (spreadsheets, printouts, analytics labels), so a spreadsheet never says
 * `korban_penyalahgunaan_napza` where the screen says "Korban penyalahgunaan NAPZA".
 * `status` is a partner's (LKS) status; the other records' statuses have their own kinds.
 * The `satisfies` make a new enum value without its label a compile error.
 */
export const LABELS_ID = {
  cluster: {
    anak: "Anak",
    penyandang_disabilitas: "Penyandang disabilitas",
    tuna_sosial_korban_perdagangan_orang: "Tuna sosial dan korban perdagangan orang",
    korban_penyalahgunaan_napza: "Korban penyalahgunaan NAPZA",
    lanjut_usia: "Lanjut usia",
    korban_bencana: "Korban bencana",
    ppks_lainnya: "PPKS lainnya",
  } satisfies Record<Cluster, string>,
  serviceForm: {
    pemenuhan_kebutuhan_hidup_layak: "Pemenuhan kebutuhan hidup layak",
    perawatan_sosial_pengasuhan_anak: "Perawatan sosial dan/atau pengasuhan anak",
    dukungan_keluarga: "Dukungan keluarga",
    terapi_fisik_psikososial_mental_spiritual: "Terapi fisik, psikososial, mental, dan spiritual",
    pelatihan_vokasional_kewirausahaan: "Pelatihan vokasional dan pembinaan kewirausahaan",
    bantuan_sosial_asistensi_sosial: "Bantuan sosial dan asistensi sosial",
    dukungan_aksesibilitas: "Dukungan aksesibilitas",
  } satisfies Record<ServiceForm, string>,
  base: {
    keluarga: "Berbasis keluarga",
    komunitas: "Berbasis komunitas",
    residensial: "Berbasis residensial",
  } satisfies Record<ServiceBase, string>,
  legalForm: {
    yayasan: "Yayasan",
    perkumpulan: "Perkumpulan",
    badan_hukum_lainnya: "Badan hukum lainnya",
  } satisfies Record<LegalForm, string>,
  status: {
    pending_verification: "Menunggu verifikasi",
    active: "Aktif",
    suspended: "Dibekukan",
    rejected: "Ditolak",
  } satisfies Record<PartnerStatus, string>,
  agreementStatus: {
    draft: "Draf",
    submitted: "Diajukan",
    changes_requested: "Perlu perbaikan",
    resubmitted: "Diajukan ulang",
    recommended: "Direkomendasikan",
    approved: "Disetujui",
    rejected: "Ditolak",
    active: "Berlaku",
    expired: "Berakhir",
    terminated: "Diakhiri",
  } satisfies Record<AgreementStatus, string>,
  cadence: {
    monthly: "Bulanan",
    quarterly: "Triwulanan",
  } satisfies Record<ReportingCadence, string>,
  reportStatus: {
    draft: "Draf",
    submitted: "Dikirim",
    revision_requested: "Perlu revisi",
    resubmitted: "Dikirim ulang",
    accepted: "Diterima",
    reviewed: "Ditinjau wilayah",
  } satisfies Record<ReportStatus, string>,
  referralStatus: {
    sent: "Terkirim",
    acknowledged: "Diterima program",
    accepted: "Disetujui",
    rejected: "Ditolak",
    enrolled: "Terdaftar di program",
    closed: "Selesai",
    cancelled: "Dibatalkan",
    consent_withdrawn: "Persetujuan ditarik",
  } satisfies Record<ReferralStatus, string>,
  urgency: {
    routine: "Rutin",
    respon_kasus: "Respon kasus",
  } satisfies Record<Urgency, string>,
  criterion: {
    kemiskinan: "Kemiskinan",
    ketelantaran: "Ketelantaran",
    disabilitas: "Disabilitas",
    keterpencilan: "Keterpencilan",
    ketunaan_sosial_penyimpangan_perilaku: "Ketunaan sosial dan penyimpangan perilaku",
    korban_bencana: "Korban bencana",
    korban_kekerasan_eksploitasi_diskriminasi: "Korban tindak kekerasan, eksploitasi, dan diskriminasi",
  } satisfies Record<AtensiCriterion, string>,
  deliveryStatus: {
    pending: "Dalam antrean",
    delivered: "Berhasil dikirim",
    failed: "Gagal",
  } satisfies Record<DeliveryStatus, string>,
  event: {
    "referral.sent": "Rujukan dikirim",
    "referral.cancelled": "Rujukan dibatalkan",
    "referral.consent_withdrawn": "Persetujuan ditarik",
    "agreement.submitted": "Perjanjian diajukan",
    "agreement.approved": "Perjanjian disetujui",
    "agreement.rejected": "Perjanjian ditolak",
    "agreement.activated": "Perjanjian berlaku",
    "agreement.expiring": "Perjanjian akan berakhir",
    "agreement.expired": "Perjanjian berakhir",
    "agreement.terminated": "Perjanjian diakhiri",
    "report.due": "Laporan jatuh tempo",
    "report.overdue": "Laporan terlambat",
    "report.submitted": "Laporan dikirim",
    "report.accepted": "Laporan diterima",
  } satisfies Record<EventType, string>,
  role: {
    lks_admin: "Admin LKS",
    lks_operator: "Operator LKS",
    kemensos_reviewer: "Peninjau Kemensos",
    kemensos_approver: "Pemberi persetujuan Kemensos",
    auditor: "Auditor",
    admin: "Administrator",
  } satisfies Record<Role, string>,
} as const;

export const LABELS_EN = {
  cluster: {
    anak: "Children",
    penyandang_disabilitas: "Persons with disabilities",
    tuna_sosial_korban_perdagangan_orang: "Socially marginalised people and victims of trafficking",
    korban_penyalahgunaan_napza: "Victims of drug abuse (NAPZA)",
    lanjut_usia: "Older persons",
    korban_bencana: "Disaster victims",
    ppks_lainnya: "Other PPKS",
  } satisfies Record<Cluster, string>,
  serviceForm: {
    pemenuhan_kebutuhan_hidup_layak: "Meeting basic living needs",
    perawatan_sosial_pengasuhan_anak: "Social care and/or childcare",
    dukungan_keluarga: "Family support",
    terapi_fisik_psikososial_mental_spiritual: "Physical, psychosocial, mental and spiritual therapy",
    pelatihan_vokasional_kewirausahaan: "Vocational training and entrepreneurship",
    bantuan_sosial_asistensi_sosial: "Social assistance",
    dukungan_aksesibilitas: "Accessibility support",
  } satisfies Record<ServiceForm, string>,
  base: {
    keluarga: "Family-based",
    komunitas: "Community-based",
    residensial: "Residential",
  } satisfies Record<ServiceBase, string>,
  legalForm: {
    yayasan: "Foundation (yayasan)",
    perkumpulan: "Association (perkumpulan)",
    badan_hukum_lainnya: "Other legal entity",
  } satisfies Record<LegalForm, string>,
  status: {
    pending_verification: "Waiting for verification",
    active: "Active",
    suspended: "Suspended",
    rejected: "Rejected",
  } satisfies Record<PartnerStatus, string>,
  agreementStatus: {
    draft: "Draft",
    submitted: "Submitted",
    changes_requested: "Changes requested",
    resubmitted: "Resubmitted",
    recommended: "Recommended",
    approved: "Approved",
    rejected: "Rejected",
    active: "Active",
    expired: "Expired",
    terminated: "Terminated",
  } satisfies Record<AgreementStatus, string>,
  cadence: {
    monthly: "Monthly",
    quarterly: "Quarterly",
  } satisfies Record<ReportingCadence, string>,
  reportStatus: {
    draft: "Draft",
    submitted: "Submitted",
    revision_requested: "Revision requested",
    resubmitted: "Resubmitted",
    accepted: "Accepted",
    reviewed: "Reviewed regionally",
  } satisfies Record<ReportStatus, string>,
  referralStatus: {
    sent: "Sent",
    acknowledged: "Acknowledged",
    accepted: "Accepted",
    rejected: "Rejected",
    enrolled: "Enrolled",
    closed: "Closed",
    cancelled: "Cancelled",
    consent_withdrawn: "Consent withdrawn",
  } satisfies Record<ReferralStatus, string>,
  urgency: {
    routine: "Routine",
    respon_kasus: "Case response",
  } satisfies Record<Urgency, string>,
  criterion: {
    kemiskinan: "Poverty",
    ketelantaran: "Neglect",
    disabilitas: "Disability",
    keterpencilan: "Remoteness",
    ketunaan_sosial_penyimpangan_perilaku: "Social marginalisation and deviant behaviour",
    korban_bencana: "Disaster victim",
    korban_kekerasan_eksploitasi_diskriminasi: "Victim of violence, exploitation or discrimination",
  } satisfies Record<AtensiCriterion, string>,
  deliveryStatus: {
    pending: "Pending",
    delivered: "Delivered",
    failed: "Failed",
  } satisfies Record<DeliveryStatus, string>,
  event: {
    "referral.sent": "Referral sent",
    "referral.cancelled": "Referral cancelled",
    "referral.consent_withdrawn": "Consent withdrawn",
    "agreement.submitted": "Agreement submitted",
    "agreement.approved": "Agreement approved",
    "agreement.rejected": "Agreement rejected",
    "agreement.activated": "Agreement in force",
    "agreement.expiring": "Agreement expiring",
    "agreement.expired": "Agreement expired",
    "agreement.terminated": "Agreement terminated",
    "report.due": "Report due",
    "report.overdue": "Report overdue",
    "report.submitted": "Report submitted",
    "report.accepted": "Report accepted",
  } satisfies Record<EventType, string>,
  role: {
    lks_admin: "LKS admin",
    lks_operator: "LKS operator",
    kemensos_reviewer: "Kemensos reviewer",
    kemensos_approver: "Kemensos approver",
    auditor: "Auditor",
    admin: "Administrator",
  } satisfies Record<Role, string>,
} as const satisfies { [K in keyof typeof LABELS_ID]: Record<keyof (typeof LABELS_ID)[K], string> };

export type LabelKind = keyof typeof LABELS_ID;
const LABELS = { id: LABELS_ID, en: LABELS_EN } as const;

/** A code's label; an unknown code (a newer server, a retired value) shows as it is. */
export const label = (kind: LabelKind, code: string, language: Language = "id"): string =>
  (LABELS[language][kind] as Record<string, string>)[code] ?? code;

/** Each code of a list labelled, joined as a person writes a list. */
export const labels = (kind: LabelKind, codes: readonly string[] | undefined, language: Language = "id") =>
  (codes ?? []).map((c) => label(kind, c, language)).join(", ");

type Flat<T> = {
  [K in keyof T & string]: `${K}.${keyof T[K] & string}`;
}[keyof T & string];
export type LabelMessageKey = Flat<typeof LABELS_ID>;

/** The labels as catalogue entries (`cluster.anak`: "Anak"), for the portal's i18n. */
export const labelMessages = (language: Language) =>
  Object.fromEntries(
    Object.entries(LABELS[language]).flatMap(([kind, codes]) =>
      Object.entries(codes).map(([code, text]) => [`${kind}.${code}`, text]),
    ),
  ) as Record<LabelMessageKey, string>;
