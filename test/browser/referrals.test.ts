import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, Client, signedIn, TEST_PASSWORD, useTestHub, verifiedLks } from "../support/hub";
import { eventually, nikFor, referralInput, setUpProgram, startReceiver } from "../support/programs";
import {
  accessible,
  attributeOf,
  countOf,
  focused,
  launchBrowser,
  POLL,
  signIn,
  snap,
  textOf,
  visible,
} from "./harness";

/**
 * Cross-programme referrals and programme integrations through the real portal in Chromium.
 * An LKS admin refers a person (with the NIK checked as it is typed), follows the referral in
 * the list and its timeline, sees the programme's answer, and cancels it through a stale
 * version (412) first. A Kemensos admin registers a programme, issues an API key (shown once,
 * then revoked), registers a webhook endpoint (secret shown once) and reads its delivery log.
 * axe-core checks every new page (no serious or critical violations).
 *
 * Needs the built portal (`pnpm --filter @atensi/portal build`) and Chromium (see harness.ts).
 */

const hub = useTestHub({ worker: true });
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let chromium: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  receiver = await startReceiver();
  chromium = await launchBrowser();
});

afterAll(async () => {
  await chromium?.close();
  await receiver?.close();
});

/** A receiving programme's own calls, with its API key. */
const programClient = (apiKey: string) => {
  const client = new Client(hub.url);
  const auth = { authorization: `Bearer ${apiKey}` };
  return {
    get: (path: string) => client.get(path, auth),
    post: (path: string, body: unknown) => client.post(path, body, auth),
  };
};

const BIRTH_DATE = "1985-07-12";

it("an LKS refers a person; the programme gets the signed webhook and answers; the LKS follows it", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { program, apiKey, endpoint } = await setUpProgram(admin, { code: "PKH", endpointUrl: receiver.url });
  receiver.useSecret(endpoint!.secret);
  await verifiedLks(hub.url, 51);
  const pkh = programClient(apiKey);

  // 400 (a refusal the test provokes) and 412 (a stale version) are expected on the way.
  const { page, failures } = await chromium.person(hub.url, [400, 412]);
  await signIn(page, "admin51@lks.example", TEST_PASSWORD);
  await page.waitForURL(/\/profile$/);

  // 1. The referral list, empty, then the form.
  await page.getByRole("link", { name: "Rujukan", exact: true }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Rujukan lintas program" }));
  await visible(page.getByTestId("referrals-empty"));
  await page.getByRole("link", { name: "Rujukan baru" }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Rujukan baru" }));
  await snap(page, "21-referral-form");
  await accessible(page, "referral form");

  // An empty form is refused by the shared schema: fields marked, focus on the first one.
  await page.getByRole("button", { name: "Kirim rujukan" }).click();
  const programSelect = page.getByLabel("Program tujuan");
  await focused(programSelect);
  await attributeOf(programSelect, "aria-invalid").toBe("true");
  await attributeOf(page.getByRole("radio", { name: "Perempuan" }), "aria-invalid").toBe("true");

  await programSelect.selectOption(program.id);
  await textOf(page.getByTestId("program-fields")).toContain("PKH akan menerima: NIK, nama");
  await page.getByLabel("Nama lengkap").fill("Siti Aminah");
  await page.getByLabel("Tanggal lahir").fill(BIRTH_DATE);
  await page.getByRole("radio", { name: "Perempuan" }).check();

  // 2. The NIK is checked while it is typed: an unknown province after two digits...
  const nik = page.getByLabel("NIK", { exact: true });
  const feedback = page.getByTestId("nik-feedback");
  await attributeOf(feedback, "aria-live").toBe("polite");
  await nik.pressSequentially("99");
  await textOf(feedback).toBe("Kode provinsi 99 pada NIK tidak dikenal");
  await attributeOf(nik, "aria-invalid").toBe("true");
  // ...then a man's NIK for a woman: the sex does not match.
  await nik.fill("");
  await nik.pressSequentially(nikFor(BIRTH_DATE, "male"));
  await textOf(feedback).toBe("NIK ini milik laki-laki, tetapi jenis kelamin yang dipilih perempuan");
  await attributeOf(nik, "aria-invalid").toBe("true");
  await snap(page, "22-nik-mismatch");
  // Fixed: the NIK agrees with the birth date and sex given.
  await nik.fill("");
  await nik.pressSequentially(nikFor(BIRTH_DATE, "female"));
  await textOf(feedback).toBe("NIK sesuai: Perempuan, lahir 12-07-85, Jawa Barat.");
  await attributeOf(nik, "aria-invalid").toBe("false");

  await page.getByLabel("Nomor KK").fill("3273010101090007");
  await page.getByLabel("Provinsi").selectOption("32");
  await page.getByLabel("Kabupaten/kota").selectOption("3273");
  await page.getByLabel("Alamat (jalan").fill("Jl. Cikutra No. 12, Cibeunying Kidul");
  await page.getByRole("checkbox", { name: "Kemiskinan" }).check();
  await page.getByRole("checkbox", { name: "Disabilitas", exact: true }).check();
  await page.getByLabel("Kebutuhan").fill("Bantuan sosial bersyarat untuk keluarga dengan anak sekolah");
  await page
    .getByLabel("Alasan rujukan")
    .fill("Keluarga miskin dengan kepala keluarga penyandang disabilitas");
  await page.getByRole("radio", { name: /^Rutin/ }).check();
  await page.getByRole("radio", { name: "Persetujuan penerima manfaat atau wali" }).check();
  await page.getByRole("radio", { name: "Penerima manfaat sendiri" }).check();
  await page.getByLabel("Tanggal persetujuan").fill("2025-11-01");
  await page.getByLabel("Cara persetujuan").selectOption("written");

  // 3. A field error in the API's problem+json lands on its field (answered once by the test).
  await page.route(
    "**/v1/referrals",
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
              field: "beneficiary.kk",
              code: "kk_serial",
              message: "The No. KK's serial number cannot be 0000",
            },
          ],
        }),
      }),
    { times: 1 },
  );
  await page.getByRole("button", { name: "Kirim rujukan" }).click();
  const kk = page.getByLabel("Nomor KK");
  await attributeOf(kk, "aria-invalid").toBe("true");
  await visible(page.getByText("Nomor urut pada Nomor KK tidak boleh 0000"));
  await kk.fill("3273010101090008");
  await attributeOf(kk, "aria-invalid").toBe("false");

  // 4. Sent: the detail page with the NIK masked and the first timeline entry.
  await page.getByRole("button", { name: "Kirim rujukan" }).click();
  await page.waitForURL(/\/referrals\/ref_[0-9a-z]{26}$/);
  const referralID = page.url().split("/").pop()!;
  await textOf(page.getByTestId("referral-sent")).toContain("PKH diberi tahu otomatis");
  await textOf(page.getByTestId("referral-status")).toBe("Terkirim");
  await textOf(page.getByTestId("referral-nik")).toBe("3273********0001");
  await textOf(page.getByTestId("referral-timeline")).toContain("Rujukan dikirim");
  expect(await page.content()).not.toContain(nikFor(BIRTH_DATE, "female"));

  // The programme's receiver gets the event, signed (verified with the standardwebhooks package).
  const sent = await eventually(() =>
    receiver.verified.find((r) => r.event.data.referral?.id === referralID),
  );
  expect(sent.event.type).toBe("referral.sent");
  expect(sent.event.data.referral.beneficiary.nik).toBe(nikFor(BIRTH_DATE, "female"));
  expect(receiver.invalid).toEqual([]);
  // The page follows the delivery until it is done.
  await textOf(page.getByTestId("referral-delivery-status")).toBe("Berhasil dikirim");
  await snap(page, "23-referral-sent");

  // 5. The list shows it; its link opens the detail.
  await page.getByRole("link", { name: "Daftar rujukan" }).click();
  const row = page.getByTestId(`referral-row-${referralID}`);
  await textOf(row).toContain("3273********0001");
  await textOf(row).toContain("PKH");
  await snap(page, "24-referral-list");
  await accessible(page, "referral list");
  await row.getByRole("link", { name: "Siti Aminah" }).click();
  await page.waitForURL(new RegExp(`/referrals/${referralID}$`));
  await textOf(page.getByTestId("referral-timeline")).toContain("Rujukan dikirim");
  await accessible(page, "referral detail");

  // 6. The programme acknowledges through the API; after a reload the LKS sees it.
  const ack = await pkh.post(`/v1/referrals/${referralID}/responses`, {
    action: "acknowledge",
    note: "Sedang diverifikasi pendamping PKH",
  });
  expect(ack.status).toBe(200);
  await page.reload();
  await textOf(page.getByTestId("referral-status")).toBe("Diterima program");
  const timeline = page.getByTestId("referral-timeline");
  await textOf(timeline).toContain("Program mengonfirmasi penerimaan");
  await textOf(timeline).toContain("oleh program PKH");
  await textOf(timeline).toContain("Sedang diverifikasi pendamping PKH");
  await textOf(page.getByTestId("timeline-verification")).toBe("Rantai hash utuh (2 catatan)");
  await snap(page, "25-referral-acknowledged");
  // In English too, and back.
  await page.getByRole("button", { name: "English" }).click();
  await textOf(page.getByTestId("referral-status")).toBe("Acknowledged");
  await textOf(timeline).toContain("Programme acknowledged receipt");
  await page.getByRole("button", { name: "Bahasa Indonesia" }).click();
  await textOf(page.getByTestId("referral-status")).toBe("Diterima program");

  // 7. Cancel, sent with If-Match of the version on screen (2). The programme accepted meanwhile
  // (version 3), so the first try is refused (412), explained, and the page reloads.
  expect((await pkh.post(`/v1/referrals/${referralID}/responses`, { action: "accept" })).status).toBe(200);
  await page.getByRole("button", { name: "Batalkan rujukan" }).click();
  const cancelForm = page.getByTestId("form-cancel");
  await textOf(cancelForm).toContain("PKH akan diberi tahu bahwa rujukan ini dibatalkan");
  await cancelForm.getByLabel("Alasan pembatalan").fill("Keluarga pindah ke luar kota");
  const stale = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/cancel"));
  await cancelForm.getByRole("button", { name: "Ya, batalkan rujukan" }).click();
  expect((await stale).headers()["if-match"]).toBe('"2"');
  await textOf(page.getByTestId("sender-action-error")).toContain("Rujukan ini baru saja berubah");
  await textOf(page.getByTestId("referral-status")).toBe("Disetujui");
  await page.getByRole("button", { name: "Batalkan rujukan" }).click();
  await page.getByTestId("form-cancel").getByLabel("Alasan pembatalan").fill("Keluarga pindah ke luar kota");
  const retry = page.waitForRequest((r) => r.method() === "POST" && r.url().endsWith("/cancel"));
  await page.getByRole("button", { name: "Ya, batalkan rujukan" }).click();
  expect((await retry).headers()["if-match"]).toBe('"3"');
  await textOf(page.getByTestId("sender-action-done")).toContain("Rujukan telah dibatalkan");
  await textOf(page.getByTestId("referral-status")).toBe("Dibatalkan");
  await textOf(timeline).toContain("Rujukan dibatalkan pengirim");
  await countOf(page.getByRole("button", { name: "Batalkan rujukan" })).toBe(0);
  const cancelled = await eventually(() =>
    receiver.verified.find(
      (r) => r.event.type === "referral.cancelled" && r.event.data.referral.id === referralID,
    ),
  );
  expect(cancelled.event.data.note).toBe("Keluarga pindah ke luar kota");

  // 8. The LKS's notifications tell of the programme's answers.
  await page.getByRole("link", { name: "Notifikasi" }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Notifikasi" }));
  // Rendered from the contracts catalogue (kind + params), in the reader's language.
  await textOf(page.getByTestId("notifications")).toContain(
    `Program PKH mengonfirmasi telah menerima rujukan ${referralID}.`,
  );
  await textOf(page.getByTestId("notifications")).toContain(`Program PKH menyetujui rujukan ${referralID}.`);
  await accessible(page, "notifications");

  expect(failures).toEqual([]);
}, 60_000);

it("an admin registers a programme, issues an API key shown once, and follows an endpoint's deliveries", async () => {
  const { page, failures } = await chromium.person(hub.url);
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.waitForURL(/\/partners$/);

  // 1. A new programme through the form.
  await page.getByRole("link", { name: "Program", exact: true }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Program penerima rujukan" }));
  await page.getByRole("link", { name: "Tambah program" }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Tambah program" }));
  await accessible(page, "new programme");
  await page.getByLabel("Kode program").fill("BPNT");
  await page.getByLabel("Nama program", { exact: true }).fill("Bantuan Pangan Non Tunai");
  await page.getByLabel("Unit pengelola").fill("Direktorat Penanganan Fakir Miskin");
  await page.getByLabel("Jenis program").selectOption("penanganan_fakir_miskin");
  for (const field of ["NIK", "nama", "provinsi dan kabupaten/kota", "kriteria ATENSI"])
    await page.getByRole("checkbox", { name: field, exact: true }).check();
  await page.getByRole("button", { name: "Simpan program" }).click();
  await page.waitForURL(/\/programs\/prg_[0-9a-z]{26}$/);
  const programID = page.url().split("/").pop()!;
  await visible(page.getByRole("heading", { level: 1, name: "BPNT · Bantuan Pangan Non Tunai" }));
  await textOf(page.getByTestId("program-allowed-fields")).toContain("kriteria ATENSI");

  // 2. An API key: the key is shown once, works, is gone after closing, and is revoked.
  const keys = page.getByTestId("api-keys");
  await keys.getByLabel("Nama kunci").fill("produksi");
  await keys.getByRole("button", { name: "Buat kunci API" }).click();
  const box = page.getByTestId("api-key-secret");
  await textOf(box).toContain("hanya ditampilkan sekali");
  const secret = await page.getByTestId("api-key-secret-value").inputValue();
  expect(secret).toMatch(/^ahk_[0-9a-z]{26}\.[A-Za-z0-9_-]{43}$/);
  await snap(page, "31-api-key-once");
  await accessible(page, "programme detail with a new key");
  expect((await programClient(secret).get("/v1/referrals")).status).toBe(200);
  await box.getByRole("button", { name: "Sudah saya simpan" }).click();
  await countOf(page.getByTestId("api-key-secret")).toBe(0);
  await page.reload();
  const keyRow = keys.getByRole("row").filter({ hasText: "produksi" });
  await textOf(keyRow).toContain(secret.slice(0, 18));
  expect(await page.content()).not.toContain(secret);
  await keyRow.getByRole("button", { name: "Cabut produksi" }).click();
  await keyRow.getByRole("button", { name: "Ya, cabut" }).click();
  await textOf(page.getByTestId("api-key-revoked")).toBe('Kunci "produksi" telah dicabut.');
  await textOf(keyRow).toContain("Dicabut");
  expect((await programClient(secret).get("/v1/referrals")).status).toBe(401);

  // 3. A webhook endpoint: its signing secret shown once.
  const endpoints = page.getByTestId("endpoints");
  await endpoints.getByRole("button", { name: "Tambah endpoint" }).click();
  await endpoints.getByLabel("URL endpoint").fill(receiver.url);
  await endpoints.getByRole("checkbox", { name: /^Rujukan dikirim/ }).check();
  await endpoints.getByRole("button", { name: "Daftarkan endpoint" }).click();
  const signing = await page.getByTestId("endpoint-secret-value").inputValue();
  expect(signing).toMatch(/^whsec_/);
  receiver.useSecret(signing);
  await page.getByTestId("endpoint-secret").getByRole("button", { name: "Sudah saya simpan" }).click();

  // 4. A referral to the programme (by API) is delivered; the log and the attempt show it.
  const { client: lks } = await verifiedLks(hub.url, 52);
  const referral = (await lks.post("/v1/referrals", referralInput(programID))).json;
  await eventually(() => receiver.verified.find((r) => r.event.data.referral?.id === referral.id));
  await endpoints.getByRole("link", { name: receiver.url }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Endpoint webhook" }));
  const log = page.getByTestId("delivery-log");
  await expect
    .poll(async () => {
      await log.getByRole("button", { name: "Muat ulang" }).click();
      return (await log.textContent()) ?? "";
    }, POLL)
    .toContain("Berhasil dikirim");
  await snap(page, "32-delivery-log");
  await accessible(page, "endpoint detail");
  await log.getByRole("row").nth(1).getByRole("link").click();
  await page.waitForURL(/\/deliveries\/dlv_/);
  await textOf(page.getByTestId("delivery-status")).toBe("Berhasil dikirim");
  const attempts = page.getByTestId("delivery-attempts");
  await textOf(attempts).toContain("Percobaan 1");
  await textOf(attempts).toContain("HTTP 204");
  await accessible(page, "delivery detail");

  // Redelivered by hand: a second attempt appears without a reload.
  await page.getByRole("button", { name: "Kirim ulang" }).click();
  await visible(page.getByTestId("redelivered"));
  await countOf(page.getByTestId("delivery-attempt")).toBe(2);
  await textOf(page.getByTestId("delivery-status")).toBe("Berhasil dikirim");
  await snap(page, "33-delivery-detail");

  // 5. Back on the endpoint: rotate the signing secret (the new one shown once, the old one
  // signing on for 24 hours), disable and enable it, and redeliver failures in a time window.
  await page.getByRole("link", { name: "Endpoint webhook" }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Endpoint webhook" }));
  await page.getByRole("button", { name: "Ganti kunci penandatanganan" }).click();
  await page.getByRole("button", { name: "Ya, buat kunci baru" }).click();
  await textOf(page.getByTestId("rotated-secret")).toContain("selama 24 jam");
  const rotated = await page.getByTestId("rotated-secret-value").inputValue();
  expect(rotated).toMatch(/^whsec_/);
  expect(rotated).not.toBe(signing);
  await page.getByTestId("rotated-secret").getByRole("button", { name: "Sudah saya simpan" }).click();
  await visible(page.getByText(/berhenti menandatangani/));
  await page.getByRole("button", { name: "Nonaktifkan", exact: true }).click();
  await page.getByRole("button", { name: "Ya, nonaktifkan" }).click();
  await textOf(page.getByTestId("endpoint-action-done")).toBe("Endpoint telah dinonaktifkan.");
  await textOf(page.getByTestId("endpoint-state").first()).toBe("Nonaktif");
  await page.getByRole("button", { name: "Aktifkan", exact: true }).click();
  await textOf(page.getByTestId("endpoint-action-done")).toBe("Endpoint telah diaktifkan.");
  await textOf(page.getByTestId("endpoint-state").first()).toBe("Aktif");
  await page
    .getByRole("form", { name: "Kirim ulang yang gagal" })
    .getByRole("button", { name: "Kirim ulang" })
    .click();
  await textOf(page.getByTestId("redeliver-result")).toBe("0 pengiriman gagal dijadwalkan ulang.");
  await accessible(page, "endpoint detail after actions");

  expect(failures).toEqual([]);
}, 60_000);
