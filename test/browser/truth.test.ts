import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, Client, signedIn, TEST_PASSWORD, useTestHub, verifiedLks } from "../support/hub";
import { referralInput, setUpProgram } from "../support/programs";
import { accessible, launchBrowser, POLL, signIn, textOf } from "./harness";

/**
 * What the portal says at the moments people act, in Chromium (issue 15): a programme that only
 * polls is not said to be told by webhook, neither when it is picked nor on the referral; the
 * referral page follows the programme's answer without a reload. Records are made through the
 * API, so each journey is only the part the person sees.
 */

const hub = useTestHub();
let chromium: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  chromium = await launchBrowser();
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
