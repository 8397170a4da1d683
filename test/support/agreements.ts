/** A valid agreement for Art Therapy Center Widyatama-like work, next year by default. */
const nextYear = new Date().getUTCFullYear() + 1;
export const agreementInput = (overrides: Record<string, unknown> = {}) => ({
  title: "Terapi seni vokasional bagi penyandang disabilitas di Kota Bandung",
  scope: {
    clusters: ["penyandang_disabilitas"],
    serviceForms: ["terapi_fisik_psikososial_mental_spiritual", "pelatihan_vokasional_kewirausahaan"],
    bases: ["komunitas", "keluarga"],
    targetCriteria: ["disabilitas", "kemiskinan"],
    regions: [{ provinceCode: "32", regencyCode: "3273" }],
  },
  yearlyTargets: [{ year: nextYear, cluster: "penyandang_disabilitas", target: 120 }],
  valueRupiah: 250_000_000,
  startDate: `${nextYear}-01-01`,
  endDate: `${nextYear}-12-31`,
  reportingCadence: "quarterly",
  supervisingUnit: "Sentra Wyata Guna Bandung",
  ...overrides,
});
