import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { activeAgreement } from "../support/agreements";
import { APPROVER, type Client, TEST_PASSWORD, useTestHub } from "../support/hub";
import { reportContent } from "../support/reports";
import { accessible, attributeOf, launchBrowser, POLL, signIn, snap, textOf, visible } from "./harness";

/**
 * Supervision reports and the dashboard through the real portal in Chromium. An active monthly
 * agreement (made through the API for speed) gets its January report: the LKS fills the sections,
 * meets the case-flow balance rule live (ReportContent, the API's schema) and fixes it, sees a
 * server field error land on its input, works offline (kept on the device, synced on the
 * `online` event with If-Match), resolves a conflicting save, and submits. The reviewer asks for
 * a revision with a section comment; the LKS revises and resubmits; the reviewer sees the diff
 * and accepts; the dashboard shows the new figures and exports them as CSV.
 *
 * Two journeys on one agreement (made, with the browser's launch, before the tests: seeding a
 * cold hub took a fifth of the time): the LKS's editing up to the submission of January, and the
 * review of February, submitted through the API, up to acceptance and the dashboard.
 */

const hub = useTestHub();
let chromium: Awaited<ReturnType<typeof launchBrowser>>;
let seeded: Awaited<ReturnType<typeof activeAgreement>>;

beforeAll(async () => {
  [chromium, seeded] = await Promise.all([launchBrowser(), activeAgreement(hub.url, 71)]);
});

afterAll(async () => {
  await chromium?.close();
});

const year = new Date().getUTCFullYear();

const saved = (page: Page) => textOf(page.getByTestId("save-status")).toMatch(/^Tersimpan di server/);
const serverReport = async (lks: Client, id: string) => (await lks.get(`/v1/reports/${id}`)).json;

it("an LKS fills, fixes, works offline and submits a report", async () => {
  const { client: lks, agreement } = seeded;
  const person = await chromium.person(hub.url, [400, 412]);
  const page = person.page;
  const context: BrowserContext = page.context();
  await signIn(page, "admin71@lks.example", TEST_PASSWORD);
  await page.waitForURL(/\/profile$/);

  // 1. Open the January report of the active agreement.
  await page.getByRole("link", { name: "Laporan", exact: true }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Laporan pelaksanaan" }));
  const open = page.getByRole("form", { name: "Buka laporan periode" });
  await open.getByLabel("Perjanjian").selectOption(agreement.id);
  await open.getByLabel("Periode").selectOption(`${year}-01`);
  await open.getByRole("button", { name: "Buka laporan" }).click();
  await page.waitForURL(/\/reports\/rpt_[0-9a-z]{26}$/);
  const reportID = page.url().split("/").pop() ?? "";
  await visible(page.getByRole("heading", { level: 1, name: `Laporan periode Januari ${year}` }));
  await textOf(page.getByTestId("report-status")).toBe("Draf");
  await accessible(page, "report editor");

  // 2. The sections, filled in; the case flow does not balance, and says so as it is typed.
  const cluster = page.getByTestId("cluster-penyandang_disabilitas");
  await cluster.getByLabel("Jumlah penerima manfaat").fill("60");
  await cluster.getByLabel("Penyandang disabilitas, Perempuan, 18-59 tahun").fill("30");
  await cluster.getByLabel("Penyandang disabilitas, Laki-laki, 18-59 tahun").fill("30");
  await page.getByRole("group", { name: "Menurut kriteria ATENSI" }).getByLabel("Disabilitas").fill("60");
  const therapy = page.getByLabel("Terapi fisik, psikososial, mental, dan spiritual");
  await therapy.fill("120");
  const stage = page.getByTestId("stage-implementasi");
  await stage.getByLabel("Awal periode").fill("40");
  await stage.getByLabel("Masuk").fill("20");
  await stage.getByLabel("Selesai").fill("10");
  await stage.getByLabel("Dihentikan").fill("2");
  const atEnd = stage.getByLabel("Akhir periode");
  await atEnd.fill("50");
  await atEnd.blur();
  await attributeOf(atEnd, "aria-invalid").toBe("true");
  await visible(stage.getByText("Awal + masuk − selesai − dihentikan = 48, bukan 50"));
  await textOf(stage.getByTestId("flow-expected")).toBe(
    "Menurut angka di atas, akhir periode seharusnya 48.",
  );
  await snap(page, "51-report-unbalanced");
  await atEnd.fill("48");
  await attributeOf(atEnd, "aria-invalid").toBe("false");

  await page.getByRole("button", { name: "Tambah indikator" }).click();
  const indicator = page.getByTestId("indicator-0");
  await indicator.getByLabel("Tingkat").selectOption("keluaran");
  await indicator.getByLabel("Nama indikator").fill("Penerima manfaat terlayani");
  await indicator.getByLabel("Target").fill("100");
  await indicator.getByLabel("Realisasi").fill("60");
  await page.getByLabel("Nama pekerja sosial").fill("Ratna Sari, S.Sos.");
  await page.getByLabel("Nomor sertifikat pekerja sosial").fill("PEKSOS-32-2021-0457");
  await page.getByRole("button", { name: "Tambah permasalahan" }).click();
  const issue = page.getByTestId("issue-0");
  await issue.getByLabel("Permasalahan").fill("Keterbatasan transportasi peserta");
  await issue.getByLabel("Tindak lanjut").fill("Koordinasi dengan dinas sosial kota");
  await textOf(page.getByTestId("report-referrals")).toContain("0 rujukan dikirim");
  await saved(page);
  await accessible(page, "report editor, filled in");
  await snap(page, "52-report-filled");

  // 3. Offline: the change is kept on this device; back online, it is saved with If-Match.
  const before = (await serverReport(lks, reportID)).version as number;
  await context.setOffline(true);
  await therapy.fill("110");
  await textOf(page.getByTestId("save-status")).toContain("tersimpan di perangkat ini");
  const local = await page.evaluate((id) => localStorage.getItem(`atensi.report-draft.${id}`), reportID);
  expect(JSON.parse(local ?? "{}")).toMatchObject({ dirty: true, content: { services: [{ count: 110 }] } });
  expect((await serverReport(lks, reportID)).version).toBe(before);
  await snap(page, "53-report-offline");
  const put = page.waitForRequest((r) => r.method() === "PUT" && r.url().endsWith(`/v1/reports/${reportID}`));
  await context.setOffline(false);
  expect((await put).headers()["if-match"]).toBe(`"${before}"`);
  await saved(page);
  const synced = await serverReport(lks, reportID);
  expect(synced.version).toBe(before + 1);
  expect(synced.content.services).toEqual([
    { form: "terapi_fisik_psikososial_mental_spiritual", count: 110 },
  ]);

  // 4. Saved from elsewhere meanwhile: the next autosave is refused (412) and the LKS chooses.
  await lks.request("PUT", `/v1/reports/${reportID}`, { content: { ...synced.content, issues: [] } });
  await indicator.getByLabel("Penjelasan").fill("Sesuai rencana kerja");
  await visible(page.getByTestId("save-conflict"));
  await accessible(page, "report editor in conflict");
  await page.getByRole("button", { name: "Pakai salinan saya (timpa server)" }).click();
  await saved(page);
  const mine = await serverReport(lks, reportID);
  expect(mine.content.issues).toHaveLength(1);
  expect(mine.content.indicators[0].narrative).toBe("Sesuai rencana kerja");

  // 5. A field error in the API's answer lands on its input (answered once by the test).
  await page.route(
    `**/v1/reports/${reportID}/submit`,
    (route) =>
      route.fulfill({
        status: 400,
        contentType: "application/problem+json",
        body: JSON.stringify({
          type: "https://atensi.kemensos.go.id/problems/invalid_input",
          title: "Invalid input",
          status: 400,
          code: "invalid_input",
          errors: [
            {
              field: "content.caseFlow.0.atEnd",
              code: "flow_balance",
              params: { end: 48, atEnd: 47 },
              message: "At start + entered − completed − terminated is 48, not 47",
            },
          ],
        }),
      }),
    { times: 1 },
  );
  await page.getByRole("button", { name: "Kirim laporan" }).click();
  await attributeOf(atEnd, "aria-invalid").toBe("true");
  await visible(stage.getByText("Awal + masuk − selesai − dihentikan = 48, bukan 47"));
  await textOf(page.getByTestId("report-submit-error")).toContain("periksa isian yang ditandai");
  await page.getByRole("button", { name: "Kirim laporan" }).click();
  await textOf(page.getByTestId("report-status")).toBe("Dikirim");
  expect(await page.evaluate((id) => localStorage.getItem(`atensi.report-draft.${id}`), reportID)).toBeNull();
  await expect.poll(() => person.failures, POLL).toEqual([]);
}, 60_000);

it("a reviewer comments and asks for a revision; the LKS revises; the reviewer sees the diff and accepts; the dashboard follows", async () => {
  const { client: lks, agreement } = seeded;
  // February, filled and submitted through the API with 110 therapy sessions.
  const opened = await lks.post("/v1/reports", { agreementID: agreement.id, period: `${year}-02` });
  expect(opened.status).toBe(201);
  const reportID = opened.json.id as string;
  const content = reportContent();
  content.services[0]!.count = 110;
  expect((await lks.request("PUT", `/v1/reports/${reportID}`, { content })).status).toBe(200);
  expect((await lks.post(`/v1/reports/${reportID}/submit`)).json.status).toBe("submitted");
  const person = await chromium.person(hub.url);
  const page = person.page;

  // 6. The reviewer finds it in the queue, comments on a section and asks for a revision.
  const reviewerPerson = await chromium.person(hub.url);
  const reviewer = reviewerPerson.page;
  await signIn(reviewer, APPROVER.email, APPROVER.password);
  await reviewer.waitForURL(/\/partners$/);
  await reviewer.getByRole("link", { name: "Laporan", exact: true }).click();
  await visible(reviewer.getByRole("heading", { level: 1, name: "Peninjauan laporan" }));
  await reviewer.getByTestId(`report-row-${reportID}`).getByRole("link").click();
  await textOf(reviewer.getByTestId("view-services")).toContain("110");
  await accessible(reviewer, "report review");
  // On a phone: the wide tables scroll inside focusable, named regions; the page itself does not.
  await reviewer.setViewportSize({ width: 360, height: 740 });
  await accessible(reviewer, "report review at 360 px");
  expect(await reviewer.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await reviewer.setViewportSize({ width: 1280, height: 900 });
  const services = reviewer.getByTestId("comments-services");
  await services.getByRole("button", { name: /^Tambah komentar/ }).click();
  await services.getByLabel("Komentar", { exact: true }).fill("Jumlah sesi terapi tampak terlalu tinggi");
  await services.getByRole("button", { name: "Kirim komentar" }).click();
  await textOf(services).toContain("Jumlah sesi terapi tampak terlalu tinggi");
  await reviewer.getByRole("button", { name: "Minta revisi" }).click();
  const revise = reviewer.getByTestId("form-request_revision");
  await revise.getByLabel("Yang perlu direvisi").fill("Periksa jumlah layanan terapi");
  await revise.getByRole("button", { name: "Kirim permintaan revisi" }).click();
  await textOf(reviewer.getByTestId("report-status")).toBe("Perlu revisi");

  // 7. The LKS reads the reason and the comment, revises and resubmits.
  await signIn(page, "admin71@lks.example", TEST_PASSWORD);
  await page.waitForURL(/\/profile$/);
  await page.goto(`/reports/${reportID}`);
  const therapy = page.getByLabel("Terapi fisik, psikososial, mental, dan spiritual");
  await textOf(page.getByTestId("report-status")).toBe("Perlu revisi");
  await textOf(page.getByTestId("report-reason")).toContain("Periksa jumlah layanan terapi");
  await textOf(page.getByTestId("comments-services")).toContain("Jumlah sesi terapi tampak terlalu tinggi");
  await therapy.fill("90");
  await saved(page);
  await page.getByRole("button", { name: "Kirim ulang laporan" }).click();
  await textOf(page.getByTestId("report-status")).toBe("Dikirim ulang");

  // 8. The reviewer sees what changed since the first submission, and accepts.
  await reviewer.reload();
  const diff = reviewer.getByTestId("report-diff");
  await textOf(diff).toContain("Layanan ATENSI: Terapi fisik, psikososial, mental, dan spiritual");
  await textOf(diff).toContain("110");
  await textOf(diff).toContain("90");
  await reviewer.getByRole("button", { name: "Terima laporan" }).click();
  // Accepting is asked once more (issue 15.9); the report stays as it was until confirmed.
  await visible(reviewer.getByTestId("confirm-accept"));
  await accessible(reviewer, "report acceptance confirmation");
  await reviewer.getByRole("button", { name: "Ya, terima laporan" }).click();
  await textOf(reviewer.getByTestId("report-status")).toBe("Diterima");
  await snap(reviewer, "54-report-accepted");

  // 9. The dashboard has the new figures, as a chart with its table, and exports them as CSV.
  await reviewer.getByRole("link", { name: "Dasbor", exact: true }).click();
  await visible(reviewer.getByRole("heading", { level: 1, name: "Dasbor program ATENSI" }));
  const row = reviewer.getByTestId("cluster-row-penyandang_disabilitas");
  await textOf(row.getByTestId("realisation")).toBe("60 dari 100 = 60%");
  await visible(reviewer.getByTestId("chart-clusters").locator("canvas"));
  await textOf(reviewer.getByTestId("dashboard-partners")).toContain("Yayasan Balarenik 71");
  await accessible(reviewer, "dashboard");
  await snap(reviewer, "55-dashboard");
  const download = reviewer.waitForEvent("download");
  await reviewer.getByTestId("export-clusters").click();
  const csv = await download;
  expect(csv.suggestedFilename()).toBe(`atensi-clusters-${year}.csv`);
  const path = await csv.path();
  const { readFile } = await import("node:fs/promises");
  expect(await readFile(path, "utf8")).toContain("penyandang_disabilitas,,100,60,60");

  await expect.poll(() => person.failures, POLL).toEqual([]);
  expect(reviewerPerson.failures).toEqual([]);
}, 60_000);
