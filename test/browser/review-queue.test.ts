import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, signedIn, TEST_PASSWORD, useTestHub, verifiedLks } from "../support/hub";
import { activeAgreement, createUser, januaryReport } from "../support/regional";
import { accessible, launchBrowser, signIn, textOf, visible } from "./harness";

/**
 * A Sentra's reviewer claims a report from its regional review queue and returns it to the LKS,
 * through the real portal in Chromium. The report (an LKS in Kota Bandung, under Sentra Wyata
 * Guna's region) is made and submitted through the API beside the browser's launch.
 */

const hub = useTestHub();
let chromium: Awaited<ReturnType<typeof launchBrowser>>;
let reportID: string;
const REVIEWER = { email: "asep.sentra@kemensos.example", password: TEST_PASSWORD };

const submittedReport = async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const unit = await admin.post("/v1/units", {
    kind: "sentra",
    name: "Sentra Wyata Guna Bandung",
    regions: ["32"],
  });
  await createUser({ email: REVIEWER.email, name: "Asep Sunandar", unitID: unit.json.id });
  const { client: lks } = await verifiedLks(hub.url, 831, { provinceCode: "32", regencyCode: "3273" });
  const { id, submitted } = await januaryReport(lks, await activeAgreement(hub.url, lks));
  expect(submitted.stage).toBe("regional_review");
  return { id, lks };
};

let lks: Awaited<ReturnType<typeof submittedReport>>["lks"];
beforeAll(async () => {
  const [browser, made] = await Promise.all([launchBrowser(), submittedReport()]);
  chromium = browser;
  reportID = made.id;
  lks = made.lks;
});

afterAll(async () => {
  await chromium?.close();
});

it("a Sentra reviewer claims a report from its queue and returns it", async () => {
  const { page } = await chromium.person(hub.url);
  await signIn(page, REVIEWER.email, REVIEWER.password);
  await visible(page.getByRole("link", { name: "Antrean tinjauan" }));
  await page.getByRole("link", { name: "Antrean tinjauan" }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Antrean tinjauan" }));
  const row = page.getByTestId(`queue-row-${reportID}`);
  await visible(row);
  await textOf(row).toContain("Yayasan Balarenik 831");
  await accessible(page, "review queue");

  // Claim: the row now names the reviewer.
  await page.getByTestId(`claim-${reportID}`).click();
  await textOf(page.getByTestId(`assignee-${reportID}`)).toContain("Asep Sunandar");

  // Open it and return it with a reason.
  await row.getByRole("link").click();
  await page.waitForURL(new RegExp(`/reports/${reportID}$`));
  await visible(page.getByRole("button", { name: "Teruskan ke pusat" }));
  await page.getByRole("button", { name: "Minta revisi" }).click();
  const revise = page.getByTestId("form-request_revision");
  await revise.getByLabel("Yang perlu direvisi").fill("Lengkapi rincian layanan terapi");
  await revise.getByRole("button", { name: "Kirim permintaan revisi" }).click();
  await textOf(page.getByTestId("report-status")).toBe("Perlu revisi");

  // The LKS has it back; the trail names the regional level.
  const report = (await lks.get(`/v1/reports/${reportID}`)).json;
  expect(report).toMatchObject({
    status: "revision_requested",
    statusReason: "Lengkapi rincian layanan terapi",
  });
  const trail = (await lks.get(`/v1/reports/${reportID}/audit`)).json.items as {
    action: string;
    data: { level?: string };
  }[];
  expect(trail.map((e) => [e.action, e.data.level ?? null]).slice(-2)).toEqual([
    ["report.claimed", null],
    ["report.revision_requested", "regional"],
  ]);
});
