import ExcelJS from "exceljs";
import { afterEach, expect, it } from "vitest";
import { agreementInput } from "../support/agreements";
import { ADMIN, Client, REVIEWER, signedIn, useTestHub, verifiedLks } from "../support/hub";
import { nikFor, referralInput, setUpProgram } from "../support/programs";

const hub = useTestHub();
afterEach(() => {
  delete process.env.ATENSI_EXPORT_MAX_ROWS;
});

/** Downloads an export as the portal does (session cookie) and reads it back with exceljs. */
const download = async (client: Client, path: string) => {
  const res = await fetch(hub.url + path, { headers: { cookie: client.cookie } });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) {
    const problem = JSON.parse(bytes.toString("utf8"));
    return { status: res.status, res, problem, sheet: undefined, headers: [], rows: [], column: () => [] };
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1);
  const rows: unknown[][] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) rows.push((row.values as unknown[]).slice(1));
  });
  const column = (header: string) => rows.map((r) => r[headers.indexOf(header)]);
  return { status: 200, res, sheet, headers, rows, column, problem: undefined };
};

/** Every item of a list, through its own pages. */
const listAll = async (client: Client, path: string) => {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const page = await client.get(
      `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    expect(page.status).toBe(200);
    items.push(...page.json.items);
    cursor = page.json.nextCursor ?? undefined;
  } while (cursor);
  return items;
};

it("staff export the filtered referral list: the same rows as the list, typed cells, frozen Indonesian headers, no identity", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const pkh = await setUpProgram(admin, { code: "PKH" });
  const bpnt = await setUpProgram(admin, { code: "BPNT" });
  const { client: lks } = await verifiedLks(hub.url, 71);
  for (let i = 1; i <= 3; i++) {
    const res = await lks.post(
      "/v1/referrals",
      referralInput(pkh.program.id, {
        beneficiary: { ...referralInput(pkh.program.id).beneficiary, nik: nikFor("1985-07-12", "female", i) },
      }),
    );
    expect(res.status).toBe(201);
  }
  expect((await lks.post("/v1/referrals", referralInput(bpnt.program.id))).status).toBe(201);
  const reviewer = await signedIn(hub.url, REVIEWER);

  const listed = await listAll(reviewer, `/v1/referrals?programID=${pkh.program.id}`);
  expect(listed).toHaveLength(3);
  const file = await download(reviewer, `/v1/exports/referrals.xlsx?programID=${pkh.program.id}`);
  expect(file.status).toBe(200);
  if (file.status !== 200 || !file.sheet) throw new Error("no file");
  expect(file.res.headers.get("content-type")).toBe(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  );
  expect(file.res.headers.get("content-disposition")).toMatch(
    /^attachment; filename="atensi-rujukan-.*\.xlsx"$/,
  );
  expect(file.res.headers.get("x-export-rows")).toBe("3");
  expect(file.headers).toEqual([
    "ID",
    "Program",
    "Pengirim",
    "Status",
    "Urgensi",
    "Provinsi",
    "Kriteria",
    "Urutan peristiwa",
    "Dibuat (WIB)",
    "Diperbarui (WIB)",
  ]);
  expect(file.rows).toHaveLength(listed.length);
  expect(file.column("ID")).toEqual(listed.map((r) => r.id));
  expect(new Set(file.column("Program"))).toEqual(new Set(["PKH"]));
  expect(file.column("Provinsi")[0]).toBe("32 Jawa Barat");
  // Typed cells: numbers are numbers, times are dates (WIB wall-clock), not text.
  expect(file.column("Urutan peristiwa").every((n) => typeof n === "number")).toBe(true);
  const created = file.column("Dibuat (WIB)")[0] as Date;
  expect(created).toBeInstanceOf(Date);
  expect(created.getTime() - Date.parse(String(listed[0]!.createdAt))).toBeCloseTo(7 * 3600e3, -3);
  expect(file.sheet.getColumn(9).numFmt).toBe("dd/mm/yyyy hh:mm");
  expect(file.sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  expect(file.sheet.getRow(1).font?.bold).toBe(true);
  // No beneficiary identity leaves in a spreadsheet.
  const text = JSON.stringify(file.rows);
  expect(text).not.toContain("Siti Aminah");
  expect(text).not.toMatch(/\d{16}/);

  // The unfiltered list over the row cap: 413 naming the filter to narrow, as problem+json.
  process.env.ATENSI_EXPORT_MAX_ROWS = "3";
  const refused = await download(reviewer, "/v1/exports/referrals.xlsx");
  expect(refused.status).toBe(413);
  expect(refused.res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(refused.problem).toMatchObject({ code: "export_too_large", errors: [{ field: "programID" }] });
  // The same cap with the filter set: it fits.
  expect((await download(reviewer, `/v1/exports/referrals.xlsx?programID=${pkh.program.id}`)).status).toBe(
    200,
  );
  delete process.env.ATENSI_EXPORT_MAX_ROWS;
  // Bad filters are the list's own 400s; an LKS exports only its own records.
  const bad = await download(reviewer, "/v1/exports/referrals.xlsx?status=lost");
  expect(bad.status).toBe(400);
  expect(bad.problem.errors[0].field).toBe("status");
  const own = await download(lks, "/v1/exports/referrals.xlsx");
  expect(own.rows).toHaveLength(4);
  expect((await download(new Client(hub.url), "/v1/exports/referrals.xlsx")).status).toBe(401);
}, 60_000);

it("agreements, partners, reports and dashboard tables export with their filters; formulas are escaped as in the CSV", async () => {
  const { client: lks, partnerID } = await verifiedLks(hub.url, 72);
  const trap = '=HYPERLINK("http://evil.example","klik")';
  const draft = await lks.post("/v1/agreements", agreementInput({ title: trap }));
  expect(draft.status).toBe(201);
  await lks.post("/v1/agreements", agreementInput({ valueRupiah: 1_250_000_000 }));
  const reviewer = await signedIn(hub.url, REVIEWER);

  const agreements = await download(reviewer, `/v1/exports/agreements.xlsx?partnerID=${partnerID}`);
  const listedAgreements = await listAll(reviewer, `/v1/agreements?partnerID=${partnerID}`);
  expect(agreements.rows).toHaveLength(listedAgreements.length);
  expect(agreements.rows).toHaveLength(2);
  expect(agreements.column("Judul")).toContain(`'${trap}`);
  expect(agreements.column("Nilai (Rp)")).toContain(1_250_000_000);
  expect(
    agreements.sheet!.getColumn((agreements.headers as unknown[]).indexOf("Nilai (Rp)") + 1).numFmt,
  ).toBe('"Rp"#,##0');
  expect(agreements.column("Mulai").every((d) => d instanceof Date)).toBe(true);

  const partners = await download(reviewer, "/v1/exports/partners.xlsx?status=active&province=32");
  const listedPartners = await listAll(reviewer, "/v1/partners?status=active&province=32");
  expect(partners.rows).toHaveLength(listedPartners.length);
  expect(partners.column("ID")).toEqual(listedPartners.map((p) => p.id));
  expect(partners.headers).toContain("Nama LKS");

  const reports = await download(reviewer, "/v1/exports/reports.xlsx?status=accepted");
  expect(reports.status).toBe(200);
  expect(reports.rows).toHaveLength((await listAll(reviewer, "/v1/reports?status=accepted")).length);

  const year = new Date().getUTCFullYear() + 1;
  const summary = (await reviewer.get(`/v1/dashboard?year=${year}`)).json;
  for (const table of ["clusters", "provinces", "periods", "partners"] as const) {
    const sheet = await download(reviewer, `/v1/exports/dashboard.xlsx?year=${year}&table=${table}`);
    expect(sheet.status).toBe(200);
    if (table !== "partners") expect(sheet.rows).toHaveLength(summary[table].length);
    expect(sheet.headers).toContain("Realisasi (%)");
  }
  // The dashboard is staff-only, the export too.
  expect((await download(lks, `/v1/exports/dashboard.xlsx?year=${year}&table=clusters`)).status).toBe(403);
  expect(
    (await download(reviewer, `/v1/exports/dashboard.xlsx?year=${year}&table=cats`)).problem.errors[0].field,
  ).toBe("table");
}, 60_000);
