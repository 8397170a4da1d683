/**
 * Regional staff (issue 19.1): a Sentra for West Java and Banten and the dinas sosial of Kota
 * Bandung see and decide only what is in their region, in every list and on every record; national
 * staff see everything. Lists are read by key per province of the region and merged.
 */
import { expect, it } from "vitest";
import {
  ADMIN,
  type Client,
  REVIEWER,
  signedIn,
  TEST_PASSWORD,
  useTestHub,
  verifiedLks,
} from "../support/hub";
import { referralInput } from "../support/programs";
import { activeAgreement, createUser, januaryReport } from "../support/regional";

const hub = useTestHub();

const ids = (res: { json: { items: { id: string }[] } }) => res.json.items.map((i) => i.id);

/** An LKS in a place, with an active agreement and a submitted report for January. */
const lksWithReport = async (n: number, provinceCode: string, regencyCode: string) => {
  const { client: lks, partnerID } = await verifiedLks(hub.url, n, { provinceCode, regencyCode });
  const agreementID = await activeAgreement(hub.url, lks);
  const { id: reportID, submitted } = await januaryReport(lks, agreementID);
  expect(submitted.status).toBe("submitted");
  return { lks, partnerID, agreementID, reportID };
};

const staffOf = async (admin: Client, key: string, unit: Record<string, unknown>) => {
  const created = await admin.post("/v1/units", unit);
  expect(created.status).toBe(201);
  const who = { email: `${key}@kemensos.example`, name: `Staf ${key}`, password: TEST_PASSWORD };
  await createUser({ ...who, unitID: created.json.id });
  return signedIn(hub.url, who);
};

it("a Sentra and a dinas sosial see and decide only their region; national staff see all", {
  timeout: 90_000,
}, async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const bandung = await lksWithReport(901, "32", "3273"); // Kota Bandung, West Java
  const tangsel = await lksWithReport(902, "36", "3674"); // Kota Tangerang Selatan, Banten
  const palembang = await lksWithReport(903, "16", "1671"); // Kota Palembang, South Sumatra

  const sentra = await staffOf(admin, "sentra-wyataguna", {
    kind: "sentra",
    name: "Sentra Wyata Guna Bandung",
    regions: ["32", "36"],
  });
  const dinsos = await staffOf(admin, "dinsos-kota-bandung", {
    kind: "dinsos_kabkota",
    name: "Dinas Sosial Kota Bandung",
    regions: ["3273"],
  });
  const national = await signedIn(hub.url, REVIEWER);

  // Partners: newest first, per region.
  expect(ids(await sentra.get("/v1/partners"))).toEqual([tangsel.partnerID, bandung.partnerID]);
  expect(ids(await sentra.get("/v1/partners?status=active"))).toEqual([tangsel.partnerID, bandung.partnerID]);
  expect(ids(await sentra.get("/v1/partners?province=16"))).toEqual([]);
  expect(ids(await dinsos.get("/v1/partners"))).toEqual([bandung.partnerID]);
  expect(ids(await national.get("/v1/partners"))).toEqual(
    expect.arrayContaining([bandung.partnerID, tangsel.partnerID, palembang.partnerID]),
  );

  // The report queue: longest waiting first, one page at a time across the region's provinces.
  const queue = await sentra.get("/v1/reports?status=submitted");
  expect(ids(queue)).toEqual([bandung.reportID, tangsel.reportID]);
  const first = await sentra.get("/v1/reports?status=submitted&limit=1");
  expect(ids(first)).toEqual([bandung.reportID]);
  const second = await sentra.get(
    `/v1/reports?status=submitted&limit=1&cursor=${encodeURIComponent(first.json.nextCursor)}`,
  );
  expect(ids(second)).toEqual([tangsel.reportID]);
  if (second.json.nextCursor) {
    const third = await sentra.get(
      `/v1/reports?status=submitted&limit=1&cursor=${encodeURIComponent(second.json.nextCursor)}`,
    );
    expect(ids(third)).toEqual([]);
  }
  expect(ids(await dinsos.get("/v1/reports"))).toEqual([bandung.reportID]);
  expect(ids(await sentra.get(`/v1/reports?agreementID=${palembang.agreementID}`))).toEqual([]);
  expect(ids(await national.get("/v1/reports"))).toEqual([
    bandung.reportID,
    tangsel.reportID,
    palembang.reportID,
  ]);

  // Agreements: one status's queue, and every status.
  expect(ids(await sentra.get("/v1/agreements?status=active"))).toEqual([
    bandung.agreementID,
    tangsel.agreementID,
  ]);
  expect(ids(await sentra.get("/v1/agreements")).sort()).toEqual(
    [bandung.agreementID, tangsel.agreementID].sort(),
  );
  expect(ids(await dinsos.get("/v1/agreements?status=active"))).toEqual([bandung.agreementID]);
  expect(ids(await sentra.get(`/v1/agreements?partnerID=${palembang.partnerID}`))).toEqual([]);

  // Outside the region: reading is 404 (it may not know the record exists), deciding is 403.
  expect((await sentra.get(`/v1/reports/${palembang.reportID}`)).status).toBe(404);
  expect((await sentra.get(`/v1/agreements/${palembang.agreementID}`)).status).toBe(404);
  expect((await sentra.get(`/v1/partners/${palembang.partnerID}`)).status).toBe(404);
  const refused = await sentra.post(`/v1/reports/${palembang.reportID}/accept`);
  expect(refused.status).toBe(403);
  expect(refused.json.code).toBe("outside_scope");
  expect(
    (await dinsos.post(`/v1/reports/${tangsel.reportID}/request-revision`, { reason: "Bukan wilayah" }))
      .status,
  ).toBe(403);
  // Inside it, the record opens; these reports were submitted before any unit existed, so they
  // wait at the national level and a regional reviewer has no step to take on them.
  const opened = await dinsos.get(`/v1/reports/${bandung.reportID}`);
  expect(opened.status).toBe(200);
  expect(opened.json).toMatchObject({ stage: "national_review", allowed: [] });
  expect((await sentra.get(`/v1/reports/${palembang.reportID}`)).status).toBe(404);

  // Referrals: those the region's LKS made about people in the region.
  const program = await admin.post("/v1/programs", {
    code: "PKH",
    name: "Program Keluarga Harapan",
    owningUnit: "Direktorat Jaminan Sosial Keluarga",
    kind: "perlindungan_sosial",
    allowedFields: ["nik", "name", "birthDate", "sex", "region", "criteria", "needs"],
  });
  const referral = await bandung.lks.post("/v1/referrals", referralInput(program.json.id));
  expect(referral.status).toBe(201);
  const elsewhere = await palembang.lks.post(
    "/v1/referrals",
    referralInput(program.json.id, {
      beneficiary: {
        ...referralInput(program.json.id).beneficiary,
        address: { street: "Jl. Merdeka No. 1", provinceCode: "16", regencyCode: "1671" },
      },
    }),
  );
  expect(elsewhere.status).toBe(201);
  expect(ids(await sentra.get("/v1/referrals"))).toEqual([referral.json.id]);
  expect(ids(await dinsos.get("/v1/referrals"))).toEqual([referral.json.id]);
  expect((await sentra.get(`/v1/referrals/${elsewhere.json.id}`)).status).toBe(404);
  expect(ids(await national.get("/v1/referrals"))).toEqual([elsewhere.json.id, referral.json.id]);

  // National-only decisions are not a regional unit's to take.
  expect(
    (await sentra.post(`/v1/reports/${bandung.reportID}/unlock`, { reason: "Dibuka lagi" })).status,
  ).toBe(403);
});
