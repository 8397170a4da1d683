import { Actor, Notification, Report } from "@atensi/core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { activeAgreement } from "../support/agreements";
import { ADMIN, APPROVER, Client, signedIn, TEST_PASSWORD, useTestHub, verifiedLks } from "../support/hub";
import { referralInput, setUpProgram } from "../support/programs";
import { reportContent } from "../support/reports";
import { accessible, launchBrowser, POLL, signIn, textOf } from "./harness";

/**
 * What the portal says at the moments people act, in Chromium (issue 15): a programme that only
 * polls is not said to be told by webhook, neither when it is picked nor on the referral; the
 * referral page follows the programme's answer without a reload; the LKS's report list shows
 * the overdue period the hub told it about; the dashboard counts a report submitted in time the
 * moment it is accepted. Records are made through the API (an active agreement beside the
 * browser's launch), so each journey is only the part the person sees.
 */

const hub = useTestHub();
let chromium: Awaited<ReturnType<typeof launchBrowser>>;
const year = new Date().getUTCFullYear();

let seeded: Awaited<ReturnType<typeof activeAgreement>>;

beforeAll(async () => {
  // LKS 92, none of whose reports is opened yet.
  [chromium, seeded] = await Promise.all([launchBrowser(), activeAgreement(hub.url, 92)]);
});

afterAll(async () => {
  await chromium?.close();
});

it("a programme without a webhook endpoint: the picker warns, the referral says it waits, and the page follows the answer", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { program, apiKey } = await setUpProgram(admin, { code: "PENA" });
  const { client: lks } = await verifiedLks(hub.url, 91);
  const referral = (await lks.post("/v1/referrals", referralInput(program.id))).json as { id: string };

  const person = await chromium.person(hub.url);
  const page = person.page;
  await signIn(page, "admin91@lks.example", TEST_PASSWORD);
  await page.waitForURL(/\/profile$/);

  // 1. Picking the programme says it will not be told automatically.
  await page.goto("/referrals/new");
  await page.getByLabel("Program tujuan").selectOption(program.id);
  await textOf(page.getByTestId("program-notice")).toContain("PENA tidak diberi tahu otomatis");

  // 2. The referral says it waits for the programme, and nothing claims a webhook told it.
  await page.goto(`/referrals/${referral.id}`);
  await textOf(page.getByTestId("referral-status")).toBe("Terkirim");
  await textOf(page.getByTestId("referral-notice")).toContain("menunggu sampai PENA memeriksa");
  await accessible(page, "referral waiting for a polling programme");

  // 3. The programme answers through the API; badge and timeline follow without a reload.
  const pena = new Client(hub.url);
  const answered = await pena.post(
    `/v1/referrals/${referral.id}/responses`,
    { action: "acknowledge", note: "Sedang diperiksa" },
    { authorization: `Bearer ${apiKey}` },
  );
  expect(answered.status).toBe(200);
  await textOf(page.getByTestId("referral-status")).toBe("Diterima program");
  await textOf(page.getByTestId("referral-timeline")).toContain("Sedang diperiksa");
  await expect.poll(() => person.failures, POLL).toEqual([]);
});

// Before the schedule run of the next journey, which counts this year's past periods as expected.
it("the dashboard counts a report submitted in time as expected, received and on time once accepted", async () => {
  // This month's report is in before its due date (the 10th of next month).
  const period = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 7);
  const { client: lks, agreement } = seeded;
  const agreementID = agreement.id;
  const id = (await lks.post("/v1/reports", { agreementID, period })).json.id as string;
  await lks.request("PUT", `/v1/reports/${id}`, { content: reportContent() });
  expect((await lks.post(`/v1/reports/${id}/submit`)).json.late).toBe(false);
  expect((await (await signedIn(hub.url, APPROVER)).post(`/v1/reports/${id}/accept`)).status).toBe(200);

  const person = await chromium.person(hub.url);
  const page = person.page;
  await signIn(page, APPROVER.email, APPROVER.password);
  await page.waitForURL(/\/partners$/);
  await page.getByRole("link", { name: "Dasbor", exact: true }).click();
  await textOf(page.getByTestId("dashboard-completeness")).toContain(
    "1 dari 1 laporan yang diharapkan masuk",
  );
  await textOf(page.getByTestId("dashboard-timeliness")).toContain("1 dari 1 laporan tepat waktu");
  await textOf(page.getByTestId("cluster-row-penyandang_disabilitas").getByTestId("realisation")).toBe(
    "60 dari 100 = 60%",
  );
  await expect.poll(() => person.failures, POLL).toEqual([]);
});

it("the overdue notice, in Indonesian, leads to the report list that shows the period, and opens its report", async () => {
  // Today's schedule run tells the LKS which periods are overdue; the notices are fanned out.
  await Actor.provide({ type: "system", properties: { name: "test" } }, async () => {
    await Report.runSchedules();
    await Notification.sweep();
  });
  const person = await chromium.person(hub.url);
  const page = person.page;
  await signIn(page, "admin92@lks.example", TEST_PASSWORD);
  await page.waitForURL(/\/profile$/);
  await page.getByRole("link", { name: "Notifikasi" }).click();
  const notices = page.getByTestId("notifications");
  const notice = notices.getByRole("listitem").filter({ hasText: `Laporan Januari ${year} terlambat` });
  // Periods and dates as Indonesian readers write them, not as ISO strings.
  await textOf(notice).toContain(`melewati tenggat 10 Februari ${year}`);
  expect(await notices.textContent()).not.toMatch(/\d{4}-\d{2}/);
  await notice.getByRole("link", { name: "Buka" }).click();
  const owed = page.getByTestId(`outstanding-${seeded.agreement.id}-${year}-01`);
  await textOf(owed).toContain(`Terlambat Januari ${year}`);
  await textOf(owed).toContain(`batas 10 Februari ${year}`);
  await accessible(page, "report list with what is owed");
  await owed.getByRole("button", { name: `Buka laporan Januari ${year}` }).click();
  await page.waitForURL(/\/reports\/rpt_[0-9a-z]{26}$/);
  await textOf(page.getByRole("heading", { level: 1 })).toBe(`Laporan periode Januari ${year}`);
  await expect.poll(() => person.failures, POLL).toEqual([]);
});
