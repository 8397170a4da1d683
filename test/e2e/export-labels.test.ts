import { LABELS_ID } from "@atensi/contracts";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { activeAgreement } from "../support/agreements";
import { ADMIN, APPROVER, type Client, REVIEWER, signedIn, useTestHub } from "../support/hub";
import { eventually, referralInput, setUpProgram, startReceiver } from "../support/programs";
import { reportContent } from "../support/reports";

/**
 * Every spreadsheet names the hub's codes as staff read them (the contracts' labels the portal's
 * catalogues are made from), never as the codes themselves; the drill-down's groups carry the
 * same labels.
 */
const hub = useTestHub({ worker: true });
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());

const year = new Date().getUTCFullYear();

/** Every code whose label differs from it (`anak` → "Anak"): none may appear as a cell's text. */
const CODES = new Set(
  Object.values(LABELS_ID).flatMap((codes) =>
    Object.entries(codes)
      .filter(([code, text]) => code !== text)
      .map(([code]) => code),
  ),
);

const sheetOf = async (client: Client, path: string) => {
  const res = await fetch(hub.url + path, { headers: { cookie: client.cookie } });
  expect(res.status, path).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(headers.map((h, i) => [h, values[i]])));
  });
  // No code leaks into any text cell, alone or in a list ("anak, ppks_lainnya").
  for (const row of rows)
    for (const [header, value] of Object.entries(row))
      if (typeof value === "string" && header !== "Kode")
        for (const part of value.split(", "))
          expect(CODES.has(part), `${path} ${header}: ${value}`).toBe(false);
  return rows;
};

it("every XLSX export and the drill-down name clusters, forms, statuses, regions and periods in Indonesian", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const pkh = await setUpProgram(admin, { code: "PKH", endpointUrl: receiver.url });
  receiver.useSecret(pkh.endpoint!.secret);
  const { client: lks, partnerID, agreement } = await activeAgreement(hub.url, 91);
  const sent = await lks.post("/v1/referrals", referralInput(pkh.program.id));
  expect(sent.status).toBe(201);
  const reportID = (await lks.post("/v1/reports", { agreementID: agreement.id, period: `${year}-01` })).json
    .id as string;
  await lks.request("PUT", `/v1/reports/${reportID}`, { content: reportContent(60) });
  expect((await lks.post(`/v1/reports/${reportID}/submit`)).status).toBe(200);
  expect((await (await signedIn(hub.url, APPROVER)).post(`/v1/reports/${reportID}/accept`)).json.status).toBe(
    "accepted",
  );
  const reviewer = await signedIn(hub.url, REVIEWER);

  const [partner] = (await sheetOf(reviewer, "/v1/exports/partners.xlsx?status=active&province=32")).filter(
    (p) => p.ID === partnerID,
  );
  expect(partner).toMatchObject({
    "Bentuk hukum": "Yayasan",
    Klaster: "Anak, PPKS lainnya",
    "Basis layanan": "Berbasis komunitas",
    Status: "Aktif",
    Provinsi: "32 Jawa Barat",
  });
  expect(partner!["Kabupaten/kota"]).toMatch(/^32\d\d (Kota|Kabupaten) /);

  const [agreementRow] = await sheetOf(reviewer, `/v1/exports/agreements.xlsx?partnerID=${partnerID}`);
  expect(agreementRow).toMatchObject({
    Status: "Berlaku",
    Pelaporan: "Bulanan",
    Klaster: "Penyandang disabilitas",
    "Bentuk layanan":
      "Terapi fisik, psikososial, mental, dan spiritual, Pelatihan vokasional dan pembinaan kewirausahaan",
  });

  const [report] = await sheetOf(reviewer, `/v1/exports/reports.xlsx?agreementID=${agreement.id}`);
  expect(report).toMatchObject({ Status: "Diterima", Periode: `Januari ${year}`, Terlambat: "Ya" });

  const [referral] = await sheetOf(reviewer, `/v1/exports/referrals.xlsx?programID=${pkh.program.id}`);
  expect(referral).toMatchObject({
    Status: "Terkirim",
    Urgensi: "Rutin",
    Kriteria: "Kemiskinan, Disabilitas",
  });

  await eventually(async () => {
    const log = await admin.get(`/v1/endpoints/${pkh.endpoint!.id}/deliveries`);
    return log.json.items?.[0]?.status === "delivered";
  });
  const [delivery] = await sheetOf(admin, `/v1/exports/deliveries.xlsx?endpointID=${pkh.endpoint!.id}`);
  expect(delivery).toMatchObject({ Peristiwa: "Rujukan dikirim", Status: "Berhasil dikirim" });

  const clusters = await sheetOf(reviewer, `/v1/exports/dashboard.xlsx?year=${year}&table=clusters`);
  expect(clusters.find((r) => r.Kode === "penyandang_disabilitas")?.Klaster).toBe("Penyandang disabilitas");
  const periods = await sheetOf(reviewer, `/v1/exports/dashboard.xlsx?year=${year}&table=periods`);
  expect(periods.find((r) => r.Kode === `${year}-01`)?.Periode).toBe(`Januari ${year}`);
  const provinces = await sheetOf(reviewer, `/v1/exports/dashboard.xlsx?year=${year}&table=provinces`);
  expect(provinces.find((r) => r.Kode === "32")?.Provinsi).toBe("Jawa Barat");

  const drill = async (q: string) => (await reviewer.get(`/v1/analytics/drill?year=${year}&${q}`)).json;
  expect((await drill("by=cluster")).items).toContainEqual({
    key: "penyandang_disabilitas",
    label: "Penyandang disabilitas",
    value: 60,
  });
  expect((await drill("by=form")).items).toContainEqual({
    key: "terapi_fisik_psikososial_mental_spiritual",
    label: "Terapi fisik, psikososial, mental, dan spiritual",
    value: 120,
  });
  expect((await drill("by=period")).items).toContainEqual({
    key: `${year}-01`,
    label: `Januari ${year}`,
    value: 60,
  });
  expect((await drill("by=province")).items).toContainEqual({ key: "32", label: "Jawa Barat", value: 60 });
}, 90_000);
