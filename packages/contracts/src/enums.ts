/** Roles a portal user can hold. LKS roles are tenant-scoped; the rest belong to Kemensos. */
export const LKS_ROLES = ["lks_admin", "lks_operator"] as const;
export const STAFF_ROLES = ["kemensos_reviewer", "kemensos_approver", "auditor", "admin"] as const;
export const ROLES = [...LKS_ROLES, ...STAFF_ROLES] as const;
export type Role = (typeof ROLES)[number];
export type LksRole = (typeof LKS_ROLES)[number];
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The five ATENSI clusters (Permensos 7/2021) plus disaster victims and other PPKS. */
export const CLUSTERS = [
  "anak",
  "penyandang_disabilitas",
  "tuna_sosial_korban_perdagangan_orang",
  "korban_penyalahgunaan_napza",
  "lanjut_usia",
  "korban_bencana",
  "ppks_lainnya",
] as const;
export type Cluster = (typeof CLUSTERS)[number];

/** ATENSI is delivered family-, community- and/or residence-based. */
export const SERVICE_BASES = ["keluarga", "komunitas", "residensial"] as const;
export type ServiceBase = (typeof SERVICE_BASES)[number];

export const LEGAL_FORMS = ["yayasan", "perkumpulan", "badan_hukum_lainnya"] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

export const PARTNER_STATUSES = ["pending_verification", "active", "suspended", "rejected"] as const;
export type PartnerStatus = (typeof PARTNER_STATUSES)[number];

/** Accreditation grades and how many years each stays valid. */
export const ACCREDITATION_VALIDITY_YEARS = { A: 5, B: 3, C: 2 } as const;
export const ACCREDITATION_GRADES = ["A", "B", "C"] as const;
export type AccreditationGrade = (typeof ACCREDITATION_GRADES)[number];

export const USER_STATUSES = ["invited", "active", "disabled"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** The seven forms ATENSI is delivered in (Permensos 7/2021 art. 11). */
export const SERVICE_FORMS = [
  "pemenuhan_kebutuhan_hidup_layak",
  "perawatan_sosial_pengasuhan_anak",
  "dukungan_keluarga",
  "terapi_fisik_psikososial_mental_spiritual",
  "pelatihan_vokasional_kewirausahaan",
  "bantuan_sosial_asistensi_sosial",
  "dukungan_aksesibilitas",
] as const;
export type ServiceForm = (typeof SERVICE_FORMS)[number];
