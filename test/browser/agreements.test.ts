import { afterAll, beforeAll, expect, it } from "vitest";
import { APPROVER, SECOND_APPROVER, TEST_PASSWORD, useTestHub, verifiedLks } from "../support/hub";
import {
  accessible,
  attributeOf,
  countOf,
  focused,
  launchBrowser,
  signIn,
  snap,
  textOf,
  visible,
} from "./harness";

/**
 * Partnership agreements through the real portal in Chromium. An LKS admin drafts an agreement
 * with live validation (the API's AgreementDraft schema), uploads the signed document with
 * progress, sees the accreditation warning and submits. A reviewer (who is also an approver)
 * finds it in the review queue and asks for changes; the LKS edits and resubmits; the reviewer
 * recommends it, and is not offered the approval the four-eyes rule would refuse (the API's
 * `allowed`); a second approver finds it in its own queue (recommended) and approves; the LKS sees the number. The agreement started this year,
 * so it is active at once, and the LKS starts an addendum whose diff shows on its page.
 * axe-core checks each new page (no serious or critical violations).
 */

const hub = useTestHub({ worker: true });
let chromium: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  chromium = await launchBrowser();
});

afterAll(async () => {
  await chromium?.close();
});

const year = new Date().getUTCFullYear();
const TITLE = "Terapi seni vokasional bagi penyandang disabilitas di Kota Bandung";
/** A small but real PDF (the API checks the first bytes against the declared type). */
const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(4000, 32), Buffer.from("\n%%EOF\n")]);

it("an LKS drafts and submits; changes are requested and made; four-eyes approval gives the number", async () => {
  await verifiedLks(hub.url, 61);
  const lks = await chromium.person(hub.url, [400]);
  const page = lks.page;
  await signIn(page, "admin61@lks.example", TEST_PASSWORD);
  await page.waitForURL(/\/profile$/);

  // 1. The LKS's (empty) list, then the form; an empty form is refused by the shared schema.
  await page.getByRole("link", { name: "Perjanjian", exact: true }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Perjanjian kerja sama" }));
  await visible(page.getByTestId("agreements-empty"));
  await page.getByRole("link", { name: "Buat draf perjanjian" }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Draf perjanjian baru" }));
  await accessible(page, "agreement form");
  await page.getByRole("button", { name: "Simpan draf" }).click();
  const title = page.getByLabel("Judul perjanjian");
  await focused(title);
  await attributeOf(title, "aria-invalid").toBe("true");
  await attributeOf(page.getByRole("checkbox", { name: "Penyandang disabilitas" }), "aria-invalid").toBe(
    "true",
  );

  await title.fill(TITLE);
  await attributeOf(title, "aria-invalid").toBe("false");
  await page.getByLabel("Unit pembina").fill("Sentra Wyata Guna Bandung");
  // Live validation of a rule across fields: the end must come after the start.
  await page.getByLabel("Tanggal mulai").fill(`${year}-01-01`);
  const end = page.getByLabel("Tanggal berakhir");
  await end.fill(`${year - 1}-12-31`);
  await end.blur();
  await attributeOf(end, "aria-invalid").toBe("true");
  await visible(page.getByText("Harus sesudah tanggal mulai"));
  await end.fill(`${year + 1}-12-31`);
  await attributeOf(end, "aria-invalid").toBe("false");
  await page.getByRole("radio", { name: "Triwulanan" }).check();
  // The value is grouped as it is typed.
  const value = page.getByTestId("value-rupiah");
  await value.pressSequentially("250000000");
  await expect.poll(() => value.inputValue()).toBe("250.000.000");

  await page.getByRole("checkbox", { name: "Penyandang disabilitas" }).check();
  await page.getByRole("checkbox", { name: "Terapi fisik, psikososial, mental, dan spiritual" }).check();
  await page.getByRole("checkbox", { name: "Pelatihan vokasional dan pembinaan kewirausahaan" }).check();
  await page.getByRole("checkbox", { name: "Berbasis komunitas" }).check();
  await page.getByRole("checkbox", { name: "Disabilitas", exact: true }).check();
  await page.getByRole("checkbox", { name: "Kemiskinan" }).check();
  const region = page.getByTestId("region-0");
  await region.getByLabel("Provinsi").selectOption("32");
  await region.getByLabel("Kabupaten/kota").selectOption("3273");
  const target = page.getByTestId("target-0");
  await target.getByLabel("Tahun").selectOption(String(year));
  await target.getByLabel("Klaster").selectOption("penyandang_disabilitas");
  await target.getByLabel("Target").fill("120");
  // A second row for next year, added and filled.
  await page.getByRole("button", { name: "Tambah target" }).click();
  const second = page.getByTestId("target-1");
  await second.getByLabel("Tahun").selectOption(String(year + 1));
  await second.getByLabel("Klaster").selectOption("penyandang_disabilitas");
  await second.getByLabel("Target").fill("150");
  await snap(page, "41-agreement-form");
  await page.getByRole("button", { name: "Simpan draf" }).click();

  // 2. The draft: the accreditation lapses before the end (a warning, not a block).
  await page.waitForURL(/\/agreements\/agr_[0-9a-z]{26}$/);
  const agreementPath = new URL(page.url()).pathname;
  await textOf(page.getByTestId("agreement-saved")).toContain("Draf perjanjian telah disimpan");
  await textOf(page.getByTestId("agreement-status")).toBe("Draf");
  await textOf(page.getByTestId("agreement-warnings")).toContain("Akreditasi LKS berakhir pada 2027-06-20");
  await textOf(page.getByTestId("agreement-value")).toBe("Rp 250.000.000");

  // 3. The signed agreement: a wrong type is refused before upload; a PDF uploads with progress.
  const upload = page.getByTestId("document-upload");
  await upload.getByLabel("Jenis dokumen").selectOption("signed_agreement");
  const file = upload.getByLabel("Berkas");
  await file.setInputFiles({ name: "foto.gif", mimeType: "image/gif", buffer: Buffer.from("GIF89a") });
  await attributeOf(file, "aria-invalid").toBe("true");
  await visible(upload.getByText("Hanya PDF, JPEG, atau PNG"));
  await file.setInputFiles({ name: "nota-kesepahaman.pdf", mimeType: "application/pdf", buffer: pdf });
  await attributeOf(file, "aria-invalid").toBe("false");
  await upload.getByRole("button", { name: "Unggah" }).click();
  await textOf(page.getByTestId("upload-done")).toContain("nota-kesepahaman.pdf telah diunggah");
  await textOf(page.getByTestId("agreement-documents")).toContain("Perjanjian yang sudah ditandatangani");
  await accessible(page, "agreement draft");
  await snap(page, "42-agreement-draft");

  await page.getByRole("button", { name: "Ajukan untuk ditinjau" }).click();
  await textOf(page.getByTestId("agreement-action-done")).toContain("Perjanjian telah diajukan");
  await textOf(page.getByTestId("agreement-status")).toBe("Diajukan");

  // 4. The reviewer (also an approver) finds it in the queue and asks for changes.
  const reviewerPerson = await chromium.person(hub.url);
  const reviewer = reviewerPerson.page;
  await signIn(reviewer, APPROVER.email, APPROVER.password);
  await reviewer.waitForURL(/\/partners$/);
  await reviewer.getByRole("link", { name: "Perjanjian", exact: true }).click();
  await visible(reviewer.getByRole("heading", { level: 1, name: "Peninjauan perjanjian" }));
  // An approver's queue opens on what waits for its decision (recommended); new submissions
  // are one choice away.
  const status = reviewer.getByRole("form", { name: "Saring perjanjian" }).getByLabel("Status");
  await expect.poll(() => status.inputValue()).toBe("recommended");
  await status.selectOption("submitted");
  const row = reviewer.getByRole("row").filter({ hasText: TITLE });
  await textOf(row).toContain("Yayasan Balarenik 61");
  await textOf(row.getByTestId("waiting")).toMatch(/^\d+ menit$/);
  await accessible(reviewer, "review queue");
  await snap(reviewer, "43-review-queue");
  await row.getByRole("link", { name: TITLE }).click();
  await reviewer.waitForURL(new RegExp(`${agreementPath}$`));
  await reviewer.getByRole("button", { name: "Minta perbaikan" }).click();
  const ask = reviewer.getByTestId("form-request_changes");
  await ask.getByLabel("Perbaikan yang diminta").fill("Naikkan nilai perjanjian sesuai RAB");
  await ask.getByRole("button", { name: "Kirim permintaan perbaikan" }).click();
  await textOf(reviewer.getByTestId("agreement-status")).toBe("Perlu perbaikan");
  const comments = reviewer.getByRole("form", { name: "Tambah komentar" });
  await comments.getByLabel("Komentar").fill("Lampirkan juga RAB sebagai lampiran.");
  await comments.getByRole("button", { name: "Kirim komentar" }).click();
  await textOf(reviewer.getByTestId("agreement-comments")).toContain("Lampirkan juga RAB");

  // 5. The LKS reads the request and the comment, edits (If-Match) and resubmits.
  await page.reload();
  await textOf(page.getByTestId("agreement-status")).toBe("Perlu perbaikan");
  await textOf(page.getByTestId("agreement-reason")).toContain("Naikkan nilai perjanjian sesuai RAB");
  await textOf(page.getByTestId("agreement-comments")).toContain("Budi Santoso");
  await page.getByRole("link", { name: "Ubah perjanjian" }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Ubah perjanjian" }));
  await expect.poll(() => page.getByTestId("value-rupiah").inputValue()).toBe("250.000.000");
  await page.getByTestId("value-rupiah").fill("300000000");
  const put = page.waitForRequest((r) => r.method() === "PUT" && r.url().includes("/v1/agreements/"));
  await page.getByRole("button", { name: "Simpan perubahan" }).click();
  expect((await put).headers()["if-match"]).toMatch(/^"\d+"$/);
  await textOf(page.getByTestId("agreement-saved")).toBe("Perubahan telah disimpan.");
  await textOf(page.getByTestId("agreement-value")).toBe("Rp 300.000.000");
  await page.getByRole("button", { name: "Ajukan ulang" }).click();
  await textOf(page.getByTestId("agreement-status")).toBe("Diajukan ulang");

  // 6. The reviewer recommends; approving it too is refused (four-eyes), with the API's detail.
  await reviewer.reload();
  await textOf(reviewer.getByTestId("agreement-status")).toBe("Diajukan ulang");
  await reviewer.getByRole("button", { name: "Rekomendasikan" }).click();
  // A decision that moves the agreement on is asked once more (issue 15.9): nothing is sent yet.
  await textOf(reviewer.getByTestId("confirm-recommend")).toContain("Rekomendasikan?");
  await textOf(reviewer.getByTestId("agreement-status")).toBe("Diajukan ulang");
  await reviewer.getByRole("button", { name: "Ya, rekomendasikan" }).click();
  await textOf(reviewer.getByTestId("agreement-status")).toBe("Direkomendasikan");
  // The API does not allow it to approve what it recommended, so it is not offered at all.
  await textOf(reviewer.getByTestId("four-eyes-hint")).toContain("aturan empat mata");
  await visible(reviewer.getByRole("button", { name: "Tolak" }));
  await countOf(reviewer.getByRole("button", { name: "Setujui" })).toBe(0);
  await accessible(reviewer, "agreement detail under the four-eyes rule");
  await snap(reviewer, "44-four-eyes");

  // 7. Another approver approves: it starts this year, so it is active at once, with a number.
  const approverPerson = await chromium.person(hub.url);
  const approver = approverPerson.page;
  await signIn(approver, SECOND_APPROVER.email, SECOND_APPROVER.password);
  await approver.waitForURL(/\/partners$/);
  await approver.getByRole("link", { name: "Perjanjian", exact: true }).click();
  // Its queue opens on the recommended agreements that wait for it.
  await approver.getByRole("row").filter({ hasText: TITLE }).getByRole("link", { name: TITLE }).click();
  await approver.getByRole("button", { name: "Setujui", exact: true }).click();
  await approver.getByRole("button", { name: "Ya, setujui" }).click();
  await textOf(approver.getByTestId("agreement-status")).toBe("Berlaku");
  const number = new RegExp(`^\\d{3}/NK/REHSOS/\\d{2}/${year}$`);
  await textOf(approver.getByTestId("agreement-number")).toMatch(number);
  await textOf(approver.getByTestId("agreement-audit")).toContain("Disetujui");
  await textOf(approver.getByTestId("audit-verification")).toMatch(/^Rantai hash utuh/);

  // 8. The LKS sees the number, and starts an addendum whose changes show field by field.
  await page.reload();
  await textOf(page.getByTestId("agreement-number")).toMatch(number);
  await page.getByRole("button", { name: "Buat adendum" }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Ubah perjanjian" }));
  await page.getByTestId("value-rupiah").fill("350000000");
  await page.getByRole("button", { name: "Simpan perubahan" }).click();
  const diff = page.getByTestId("agreement-diff");
  await textOf(diff).toContain("Adendum 1 atas");
  const changed = diff.getByTestId("diff-valueRupiah");
  await textOf(changed).toContain("Rp 300.000.000");
  await textOf(changed).toContain("Rp 350.000.000");
  await countOf(diff.getByRole("row")).toBe(3); // header, title ("Addendum 1: …"), value
  await accessible(page, "addendum with its diff");
  await snap(page, "45-addendum-diff");

  // 9. The LKS's notifications tell of it in Indonesian, and link to the agreement.
  await page.getByRole("link", { name: "Notifikasi" }).click();
  const notices = page.getByTestId("notifications");
  await textOf(notices).toMatch(/disetujui dengan nomor \d{3}\/NK\/REHSOS/);
  await notices
    .getByRole("listitem")
    .filter({ hasText: "Kemensos meminta perbaikan" })
    .getByRole("link")
    .click();
  await page.waitForURL(new RegExp(`${agreementPath}$`));

  expect(lks.failures).toEqual([]);
  expect(reviewerPerson.failures).toEqual([]);
  expect(approverPerson.failures).toEqual([]);
}, 60_000);
