import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, signedIn, TEST_PASSWORD, useTestHub, verifiedLks } from "../support/hub";
import { nikFor, referralInput, setUpProgram } from "../support/programs";
import { accessible, focused, launchBrowser, signIn, snap, textOf, visible } from "./harness";

/**
 * The duplicate warning in the portal: an LKS refers a person another LKS has already referred
 * to the same programme; the form says who (no contents of the other referral), asks for the
 * reason, and sends with it. Needs the built portal (`pnpm --filter @atensi/portal build`).
 */

const hub = useTestHub({ worker: true });
let chromium: Awaited<ReturnType<typeof launchBrowser>>;
beforeAll(async () => {
  chromium = await launchBrowser();
});
afterAll(() => chromium?.close());

const BIRTH_DATE = "1990-03-15";

it("the new-referral page warns of the person's open referral to the programme and sends it with a reason", {
  timeout: 120_000,
}, async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { program } = await setUpProgram(admin, { code: "PKH" });
  const first = await verifiedLks(hub.url, 91);
  await verifiedLks(hub.url, 92);
  const nik = nikFor(BIRTH_DATE, "male", 12);
  const base = referralInput(program.id);
  const original = await first.client.post("/v1/referrals", {
    ...base,
    beneficiary: { ...base.beneficiary, nik, birthDate: BIRTH_DATE, sex: "male", name: "Dedi Kurniawan" },
    needs: "Catatan rahasia yayasan pertama tentang kebutuhan",
  });
  expect(original.status, original.text).toBe(201);
  const firstName = (await first.client.get(`/v1/partners/${first.partnerID}`)).json.name as string;

  // 409 is the warning itself, provoked on purpose.
  const { page, failures } = await chromium.person(hub.url, [409]);
  await signIn(page, "admin92@lks.example", TEST_PASSWORD);
  await page.waitForURL(/\/profile$/);
  await page.goto("/referrals/new");
  await visible(page.getByRole("heading", { level: 1, name: "Rujukan baru" }));

  await page.getByLabel("Program tujuan").selectOption(program.id);
  await page.getByLabel("Nama lengkap").fill("Dedi Kurniawan");
  await page.getByLabel("Tanggal lahir").fill(BIRTH_DATE);
  await page.getByRole("radio", { name: "Laki-laki" }).check();
  await page.getByLabel("NIK", { exact: true }).fill(nik);
  await page.getByLabel("Nomor KK").fill("3273010101090007");
  await page.getByLabel("Provinsi").selectOption("32");
  await page.getByLabel("Kabupaten/kota").selectOption("3273");
  await page.getByLabel("Alamat (jalan").fill("Jl. Cikutra No. 40, Cibeunying Kidul");
  await page.getByRole("checkbox", { name: "Kemiskinan" }).check();
  await page.getByLabel("Kebutuhan").fill("Bantuan sosial bersyarat untuk keluarga");
  await page.getByLabel("Alasan rujukan").fill("Keluarga miskin dengan tiga anak usia sekolah");
  await page.getByRole("radio", { name: /^Rutin/ }).check();
  await page.getByRole("radio", { name: "Persetujuan penerima manfaat atau wali" }).check();
  await page.getByRole("radio", { name: "Penerima manfaat sendiri" }).check();
  await page.getByLabel("Tanggal persetujuan").fill("2025-11-01");
  await page.getByLabel("Cara persetujuan").selectOption("written");
  await page.getByRole("button", { name: "Kirim rujukan" }).click();

  // The warning: who sent the open referral, nothing of what it says; focus moves to it.
  const warning = page.getByTestId("duplicate-warning");
  await visible(warning);
  await focused(warning);
  await textOf(warning).toContain("sudah memiliki rujukan ke PKH");
  await textOf(warning).toContain(firstName);
  expect(await page.content()).not.toContain("Catatan rahasia");
  expect(await page.content()).not.toContain(original.json.id);
  expect(page.url()).toMatch(/\/referrals\/new$/);
  await snap(page, "26-referral-duplicate-warning");
  await accessible(page, "duplicate warning");

  // Sending without a reason is refused on the field; with one it goes.
  await page.getByRole("button", { name: "Tetap kirim rujukan" }).click();
  const reasonField = page.getByLabel("Alasan merujuk lagi");
  await textOf(page.getByText("Tuliskan mengapa orang ini dirujuk lagi")).toBe(
    "Tuliskan mengapa orang ini dirujuk lagi",
  );
  await reasonField.fill("Keluarga pindah domisili; pendamping baru perlu menindaklanjuti");
  await page.getByRole("button", { name: "Tetap kirim rujukan" }).click();
  await page.waitForURL(/\/referrals\/ref_[0-9a-z]{26}$/);
  await textOf(page.getByTestId("referral-duplicate-reason")).toBe(
    "Keluarga pindah domisili; pendamping baru perlu menindaklanjuti",
  );
  expect(failures).toEqual([]);
});
