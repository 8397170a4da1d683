import { APPROVER, SECOND_APPROVER, signedIn, verifiedLks } from "./hub";

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

/**
 * LKS number `n`, verified, with an active monthly agreement for this whole year (target 100 in
 * penyandang_disabilitas), recommended and approved by two different approvers (four-eyes).
 */
export const activeAgreement = async (base: string, n: number) => {
  const year = new Date().getUTCFullYear();
  const { client, partnerID } = await verifiedLks(base, n);
  const input = agreementInput({
    startDate: `${year}-01-01`,
    endDate: `${year}-12-31`,
    reportingCadence: "monthly",
    yearlyTargets: [{ year, cluster: "penyandang_disabilitas", target: 100 }],
  });
  const id = (await client.post("/v1/agreements", input)).json.id as string;
  await client.post(`/v1/agreements/${id}/submit`);
  await (await signedIn(base, APPROVER)).post(`/v1/agreements/${id}/recommend`);
  const approved = await (await signedIn(base, SECOND_APPROVER)).post(`/v1/agreements/${id}/approve`);
  if (approved.json?.status !== "active") throw new Error(`approve: ${approved.status} ${approved.text}`);
  return { client, partnerID, agreement: approved.json as { id: string; number: string } };
};
