import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, REVIEWER, signedIn, TEST_PASSWORD, useTestHub, verifiedLks } from "../support/hub";
import { nikFor, referralInput, setUpProgram } from "../support/programs";
import { accessible, launchBrowser, signIn, visible } from "./harness";

/**
 * Kemensos staff filter the referral list in the portal and download it as Excel: the browser
 * receives the file the API writes, with exactly the rows the filtered list shows.
 *
 * Needs the built portal (`pnpm --filter @atensi/portal build`) and Chromium (see harness.ts).
 */
const hub = useTestHub();
let chromium: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  chromium = await launchBrowser();
});
afterAll(async () => {
  await chromium?.close();
});

it("staff filter the referral list by programme and download it as XLSX", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const pkh = await setUpProgram(admin, { code: "PKH" });
  const bpnt = await setUpProgram(admin, { code: "BPNT" });
  const { client: lks } = await verifiedLks(hub.url, 61);
  const person = (serial: number) => ({
    ...referralInput(pkh.program.id).beneficiary,
    nik: nikFor("1985-07-12", "female", serial),
  });
  const sent = await Promise.all([
    lks.post("/v1/referrals", referralInput(pkh.program.id, { beneficiary: person(1) })),
    lks.post("/v1/referrals", referralInput(pkh.program.id, { beneficiary: person(2) })),
    lks.post("/v1/referrals", referralInput(bpnt.program.id, { beneficiary: person(3) })),
  ]);
  expect(sent.map((r) => r.status)).toEqual([201, 201, 201]);
  const pkhIDs = sent.slice(0, 2).map((r) => r.json.id as string);

  const { page, failures } = await chromium.person(hub.url);
  await signIn(page, REVIEWER.email, TEST_PASSWORD);
  await page.waitForURL((url) => url.pathname !== "/sign-in");
  await page.goto("/referrals");
  await visible(page.getByRole("heading", { level: 1, name: "Rujukan lintas program" }));
  await page.getByLabel("Program tujuan").selectOption({ label: `PKH · Program PKH` });
  await page.waitForURL(/program=prg_/);
  for (const id of pkhIDs) await visible(page.getByTestId(`referral-row-${id}`));
  await expect.poll(() => page.locator("[data-testid^=referral-row-]").count()).toBe(2);
  await accessible(page, "filtered referral list");

  const link = page.getByTestId("xlsx-referrals");
  expect(await link.getAttribute("href")).toBe(`/v1/exports/referrals.xlsx?programID=${pkh.program.id}`);
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^atensi-rujukan-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const path = await download.path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  expect(sheet.getRow(1).getCell(1).value).toBe("ID");
  const ids: unknown[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) ids.push(row.getCell(1).value);
  });
  expect(new Set(ids)).toEqual(new Set(pkhIDs));
  expect(failures).toEqual([]);
}, 90_000);
