import { Sweep } from "@atensi/core";
import { expect, it } from "vitest";
import { agreementInput } from "../support/agreements";
import { APPROVER, SECOND_APPROVER, signedIn, useTestHub, verifiedLks } from "../support/hub";

const hub = useTestHub();
const year = new Date().getUTCFullYear();

/** A report whose clusters served exactly these counts (every content rule holds). */
const contentFor = (counts: Record<string, number>) => {
  const totals = Object.entries(counts).map(([cluster, count]) => ({ cluster, count }));
  return {
    beneficiaries: {
      totals,
      breakdown: totals.flatMap((t) => [
        { cluster: t.cluster, sex: "female", ageBand: "18-59", count: Math.ceil(t.count / 2) },
        { cluster: t.cluster, sex: "male", ageBand: "18-59", count: Math.floor(t.count / 2) },
      ]),
      byCriterion: [{ criterion: "kemiskinan", count: totals.reduce((s, t) => s + t.count, 0) }],
    },
    services: [{ form: "dukungan_keluarga", count: 40 }],
    caseFlow: [{ stage: "asesmen", atStart: 5, entered: 5, completed: 3, terminated: 0, atEnd: 7 }],
    indicators: [{ level: "keluaran", name: "Penerima manfaat terlayani", target: 30, realised: 30 }],
    socialWorker: { name: "Maria Ulfa, S.Tr.Sos.", certificateNumber: "PEKSOS-32-2019-0211" },
    issues: [],
  };
};

const get = async (path: string) => {
  const res = await fetch(hub.url + path);
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
};

it("staff drill down into report content; open data per province, cluster and period suppresses cells under 10 persons as <10 (9 → <10; 10 and 11 shown), publicly, in JSON and CSV, and as scheduled files", async () => {
  const { client: lks } = await verifiedLks(hub.url, 91);
  const clusters = ["anak", "lanjut_usia", "penyandang_disabilitas"];
  const agreementID = (
    await lks.post(
      "/v1/agreements",
      agreementInput({
        scope: { ...agreementInput().scope, clusters },
        yearlyTargets: clusters.map((cluster) => ({ year, cluster, target: 100 })),
        startDate: `${year}-01-01`,
        endDate: `${year}-12-31`,
        reportingCadence: "monthly",
      }),
    )
  ).json.id as string;
  await lks.post(`/v1/agreements/${agreementID}/submit`);
  const reviewer = await signedIn(hub.url, APPROVER);
  await reviewer.post(`/v1/agreements/${agreementID}/recommend`);
  expect(
    (await (await signedIn(hub.url, SECOND_APPROVER)).post(`/v1/agreements/${agreementID}/approve`)).json
      .status,
  ).toBe("active");
  const period = `${year}-01`;
  const reportID = (await lks.post("/v1/reports", { agreementID, period })).json.id as string;
  const content = contentFor({ anak: 9, lanjut_usia: 10, penyandang_disabilitas: 11 });
  expect((await lks.request("PUT", `/v1/reports/${reportID}`, { content })).status).toBe(200);
  expect((await lks.post(`/v1/reports/${reportID}/submit`)).status).toBe(200);
  expect((await reviewer.post(`/v1/reports/${reportID}/accept`)).json.status).toBe("accepted");

  // Public: no credentials.
  const live = await get(`/v1/open-data/atensi.json?year=${year}`);
  expect(live.status).toBe(200);
  const table = JSON.parse(live.text);
  expect(table.schema.fields.map((f: { name: string }) => f.name)).toEqual([
    "tahun",
    "periode",
    "kode_provinsi",
    "nama_provinsi",
    "klaster",
    "jumlah_penerima_manfaat",
  ]);
  const cell = (cluster: string) =>
    table.rows.find(
      (r: { klaster: string; periode: string }) => r.klaster === cluster && r.periode === period,
    )?.jumlah_penerima_manfaat;
  expect(cell("anak")).toBe("<10");
  expect(cell("lanjut_usia")).toBe("10");
  expect(cell("penyandang_disabilitas")).toBe("11");
  expect(table.rows[0]).toMatchObject({ tahun: year, kode_provinsi: "32", nama_provinsi: "Jawa Barat" });
  // The finest table only: no total row a suppressed cell could be recovered from.
  expect(table.rows).toHaveLength(3);
  expect(live.text).not.toContain('"9"');
  expect(JSON.stringify(table.rows)).not.toMatch(/"jumlah_penerima_manfaat":"0"/);

  const csv = await get(`/v1/open-data/atensi.csv?year=${year}`);
  expect(csv.type).toMatch(/^text\/csv/);
  const lines = csv.text.trim().split("\n");
  expect(lines[0]).toBe("tahun,periode,kode_provinsi,nama_provinsi,klaster,jumlah_penerima_manfaat");
  expect(lines.slice(1)).toEqual([
    `${year},${period},32,Jawa Barat,anak,<10`,
    `${year},${period},32,Jawa Barat,penyandang_disabilitas,11`,
    `${year},${period},32,Jawa Barat,lanjut_usia,10`,
  ]);

  // The schedule publishes the same table as files in the file store.
  expect((await get(`/v1/open-data/files/${year}/atensi.csv`)).status).toBe(404);
  const run = await Sweep.schedules("test");
  expect(run.openData.years).toContain(String(year));
  const file = await get(`/v1/open-data/files/${year}/atensi.csv`);
  expect(file.status).toBe(200);
  expect(file.text).toBe(csv.text);
  const json = JSON.parse((await get(`/v1/open-data/files/${year}/atensi.json`)).text);
  expect(json.rows).toEqual(table.rows);

  // Staff drill down into the same content: persons per cluster, services per form, filtered.
  const drill = async (q: string) => (await reviewer.get(`/v1/analytics/drill?year=${year}&${q}`)).json;
  expect(await drill("by=cluster")).toMatchObject({
    measure: "persons",
    total: 30,
    items: [
      { key: "anak", value: 9 },
      { key: "penyandang_disabilitas", value: 11 },
      { key: "lanjut_usia", value: 10 },
    ],
  });
  expect(await drill("by=form")).toMatchObject({
    measure: "services",
    items: [{ key: "dukungan_keluarga", value: 40 }],
  });
  expect((await drill("by=province&cluster=anak")).items).toEqual([
    { key: "32", label: "Jawa Barat", value: 9 },
  ]);
  expect((await drill(`by=period&cluster=lanjut_usia`)).items).toEqual([
    { key: period, label: `Januari ${year}`, value: 10 },
  ]);
  expect((await drill("by=cluster&province=31")).items).toEqual([]);
  const mixed = await reviewer.get(`/v1/analytics/drill?year=${year}&by=form&cluster=anak`);
  expect(mixed.status).toBe(400);
  expect(mixed.json.errors[0].field).toBe("cluster");
  expect((await lks.get(`/v1/analytics/drill?year=${year}&by=cluster`)).status).toBe(403);

  // Unlocked: the figures leave, and an emptied cell still reads <10, never 0.
  const approver = await signedIn(hub.url, SECOND_APPROVER);
  expect(
    (await approver.post(`/v1/reports/${reportID}/unlock`, { reason: "Angka perlu diperiksa ulang" })).status,
  ).toBe(200);
  const after = JSON.parse((await get(`/v1/open-data/atensi.json?year=${year}`)).text);
  expect(
    new Set(after.rows.map((r: { jumlah_penerima_manfaat: string }) => r.jumlah_penerima_manfaat)),
  ).toEqual(new Set(["<10"]));

  const schema = JSON.parse((await get("/v1/open-data/schema")).text);
  expect(schema.suppression).toEqual({ below: 10, marker: "<10" });
  expect((await get("/v1/open-data/atensi.json?year=20x6")).status).toBe(400);
  expect((await get("/v1/open-data/files/passwd/atensi.csv")).status).toBe(400);
}, 120_000);
