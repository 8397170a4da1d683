import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestHub } from "../support/hub";
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
 * The registration journey through the real portal in Chromium: an LKS registers through the
 * public form, a Kemensos reviewer finds it among pending partners and verifies it, and the
 * LKS admin then signs in and sees its profile active. Also: the language switch, profile editing,
 * disabling and enabling a user, and axe-core checks (no serious or critical violations) on the
 * registration form, the staff partner detail, the LKS own profile and the users page.
 *
 * Needs the built portal (`pnpm --filter @atensi/portal build`) and Chromium at /usr/bin/chromium
 * (Debian: `apt-get install chromium`; override with CHROMIUM_PATH). Set ATENSI_SCREENSHOTS to a
 * directory to keep screenshots of each step at 360 px and 1280 px (see harness.ts).
 */

const PASSWORD = "kata-sandi-yang-panjang";
const REVIEWER = { email: "rina.pratiwi@kemensos.go.id", name: "Rina Pratiwi", password: PASSWORD };
const LKS = {
  name: "Yayasan Balarenik",
  registrationNumber: "AHU-0012345.AH.01.04.TAHUN 2012",
  admin: { name: "Agus Salim", email: "admin@balarenik.or.id" },
};

let hub: Awaited<ReturnType<typeof startTestHub>>;
let chromium: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  chromium = await launchBrowser();
  hub = await startTestHub();
  await hub.createUser({ ...REVIEWER, roles: ["kemensos_reviewer"] });
});

afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
});

const person = () => chromium.person(hub.url);

it("an LKS registers, a reviewer verifies it, and the LKS admin sees its profile active", async () => {
  // 1. The LKS registers through the public form.
  const lks = await person();
  const { page } = lks;
  await page.goto("/register");
  await visible(page.getByRole("heading", { level: 1, name: "Pendaftaran LKS" }));
  await snap(page, "01-register");
  await accessible(page, "registration form");

  // Submitting an empty form marks the fields and moves focus to the first one.
  await page.getByRole("button", { name: "Kirim pendaftaran" }).click();
  const name = page.getByLabel("Nama lembaga");
  await focused(name);
  await attributeOf(name, "aria-invalid").toBe("true");
  await visible(page.getByText("Wajib diisi").first());

  await name.fill(LKS.name);
  await attributeOf(name, "aria-invalid").toBe("false");
  await page.getByLabel("Bentuk badan hukum").selectOption("yayasan");
  await page.getByLabel("Nomor tanda daftar LKS").fill(LKS.registrationNumber);
  await page.getByLabel("NPWP").fill("01.000.013.1-093.000");
  await page.getByLabel("Peringkat akreditasi").selectOption("B");
  await page.getByLabel("Tanggal akreditasi").fill("2024-06-20");
  await visible(page.getByText("Akreditasi berlaku sampai 20 Juni 2027."));
  await page.getByLabel("Provinsi").selectOption("32");
  await page.getByLabel("Kabupaten/kota").selectOption("3275");
  await page.getByLabel("Alamat").fill("Jl. Pangkalan II No. 5, Ciketing Udik, Bantar Gebang, Kota Bekasi");
  await page.getByRole("checkbox", { name: "Anak" }).check();
  await page.getByRole("checkbox", { name: "Tuna sosial dan korban perdagangan orang" }).check();
  await page.getByRole("checkbox", { name: "Berbasis komunitas" }).check();

  const contact = page.getByRole("group", { name: "Narahubung 1" });
  await contact.getByLabel("Nama", { exact: true }).fill("Siti Rahmawati");
  await contact.getByLabel("Jabatan").fill("Ketua Yayasan");
  await contact.getByLabel("Email").fill("siti@balarenik.or.id");
  // Live validation: a wrong phone number is flagged as soon as the field is left.
  const phone = contact.getByLabel("Nomor telepon");
  await phone.fill("12345");
  await phone.blur();
  await attributeOf(phone, "aria-invalid").toBe("true");
  await visible(contact.getByText("Gunakan nomor Indonesia"));
  await phone.fill("081234567890");
  await attributeOf(phone, "aria-invalid").toBe("false");

  await page.getByLabel("Nama admin").fill(LKS.admin.name);
  await page.getByLabel("Email admin").fill(LKS.admin.email);
  await page.getByLabel("Kata sandi", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Kirim pendaftaran" }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Pendaftaran diterima" }));
  await textOf(page.getByTestId("registration-done")).toContain("Menunggu verifikasi");
  await snap(page, "02-registered");

  // Before verification the admin cannot sign in, and is told why.
  await signIn(page, LKS.admin.email, PASSWORD);
  await textOf(page.getByRole("alert")).toContain("masih menunggu verifikasi Kemensos");

  // 2. A Kemensos reviewer finds it among the pending partners and verifies it.
  const reviewer = await person();
  const staff = reviewer.page;
  await signIn(staff, REVIEWER.email, REVIEWER.password);
  await staff.waitForURL(/\/partners$/);
  await visible(staff.getByRole("heading", { level: 1, name: "Mitra LKS" }));
  await staff.getByLabel("Status").selectOption("pending_verification");
  await staff.waitForURL(/status=pending_verification/);
  const row = staff.getByRole("link", { name: LKS.name });
  await visible(row);
  await snap(staff, "03-partner-list");
  await row.click();

  await visible(staff.getByRole("heading", { level: 1, name: LKS.name }));
  await textOf(staff.getByTestId("partner-status")).toBe("Menunggu verifikasi");
  await textOf(staff.getByTestId("audit-verification")).toBe("Rantai hash utuh (1 catatan)");
  await snap(staff, "04-partner-detail");
  await accessible(staff, "staff partner detail");
  await staff.getByRole("button", { name: "Verifikasi", exact: true }).click();
  await textOf(staff.getByTestId("decision-done")).toBe("Mitra telah diverifikasi dan sekarang aktif.");
  await textOf(staff.getByTestId("partner-status")).toBe("Aktif");
  await textOf(staff.getByTestId("audit-verification")).toBe("Rantai hash utuh (2 catatan)");
  await countOf(staff.getByRole("button", { name: "Verifikasi", exact: true })).toBe(0);
  await snap(staff, "05-partner-verified");

  // 3. The LKS admin signs in and sees the institution's profile, active.
  await signIn(page, LKS.admin.email, PASSWORD);
  await page.waitForURL(/\/profile$/);
  await visible(page.getByRole("heading", { level: 1, name: LKS.name }));
  await textOf(page.getByTestId("partner-status").first()).toBe("Aktif");
  const accreditation = page.getByTestId("own-accreditation");
  await textOf(accreditation).toContain("Peringkat B");
  await textOf(accreditation).toContain("berlaku sampai 20 Juni 2027");
  await snap(page, "06-own-profile");
  await accessible(page, "LKS own profile");

  // The language switch: English everywhere, remembered across a reload, and back.
  await page.getByRole("button", { name: "English" }).click();
  await attributeOf(page.locator("html"), "lang").toBe("en");
  await visible(page.getByRole("link", { name: "Institution profile" }));
  await textOf(page.getByTestId("partner-status").first()).toBe("Active");
  await textOf(page.getByTestId("own-accreditation")).toContain("valid until 20 June 2027");
  await page.reload();
  await visible(page.getByRole("button", { name: "Sign out" }));
  await attributeOf(page.getByRole("button", { name: "English" }), "aria-pressed").toBe("true");
  await snap(page, "07-own-profile-en");
  await page.getByRole("button", { name: "Bahasa Indonesia" }).click();
  await visible(page.getByRole("button", { name: "Keluar" }));

  // 4. The LKS admin edits the profile: the contact's new position shows on the profile.
  await page.getByRole("link", { name: "Ubah profil" }).click();
  await page.waitForURL(/\/profile\/edit$/);
  await visible(page.getByRole("heading", { level: 1, name: "Ubah profil" }));
  // Identity fields are read-only, with a hint that Kemensos changes them.
  await textOf(page.getByTestId("profile-fixed")).toContain(LKS.name);
  await textOf(page.getByTestId("profile-fixed")).toContain("hanya Kemensos yang dapat mengubahnya");
  await countOf(page.getByLabel("Nama lembaga")).toBe(0);
  const editContact = page.getByRole("group", { name: "Narahubung 1" });
  const position = editContact.getByLabel("Jabatan");
  await expect.poll(() => position.inputValue(), POLL).toBe("Ketua Yayasan");
  await snap(page, "08-edit-profile");
  // Live validation with the shared schema.
  await position.fill("K");
  await position.blur();
  await attributeOf(position, "aria-invalid").toBe("true");
  await position.fill("Sekretaris Yayasan");
  await attributeOf(position, "aria-invalid").toBe("false");
  const patch = page.waitForRequest((r) => r.method() === "PATCH" && /\/v1\/partners\//.test(r.url()));
  await page.getByRole("button", { name: "Simpan perubahan" }).click();
  // Only the changed field is sent, with the version on screen.
  const sent = await patch;
  expect(Object.keys(sent.postDataJSON())).toEqual(["contacts"]);
  expect(sent.headers()["if-match"]).toBe('"2"');
  await page.waitForURL(/\/profile$/);
  await textOf(page.getByTestId("profile-saved")).toBe("Profil telah disimpan.");
  await visible(page.getByText("Sekretaris Yayasan"));
  await countOf(page.getByText("Ketua Yayasan")).toBe(0);
  await snap(page, "09-profile-saved");

  // 5. The LKS admin invites an operator, disables them (after confirming) and enables them again;
  // there is no such button on the admin's own row.
  await page.goto("/users");
  await visible(page.getByRole("heading", { level: 1, name: "Pengguna" }));
  const invite = page.getByRole("form", { name: "Undang operator LKS" });
  await invite.getByLabel("Nama").fill("Dewi Lestari");
  await invite.getByLabel("Email").fill("dewi@balarenik.or.id");
  await invite.getByRole("button", { name: "Kirim undangan" }).click();
  await visible(page.getByTestId("invitation-result"));
  const operatorRow = page.getByRole("row").filter({ hasText: "dewi@balarenik.or.id" });
  const ownRow = page.getByRole("row").filter({ hasText: LKS.admin.email });
  await textOf(operatorRow.locator(".badge")).toBe("Diundang");
  await countOf(ownRow.getByRole("button")).toBe(0);
  await operatorRow.getByRole("button", { name: "Nonaktifkan Dewi Lestari" }).click();
  await operatorRow.getByRole("button", { name: "Ya, nonaktifkan" }).click();
  await textOf(page.getByTestId("user-status-changed")).toBe("Dewi Lestari telah dinonaktifkan.");
  await textOf(operatorRow.locator(".badge")).toBe("Nonaktif");
  await accessible(page, "users");
  await operatorRow.getByRole("button", { name: "Aktifkan Dewi Lestari" }).click();
  await textOf(page.getByTestId("user-status-changed")).toBe("Dewi Lestari telah diaktifkan kembali.");
  await textOf(operatorRow.locator(".badge")).toBe("Diundang");

  expect(lks.failures).toEqual([]);
  expect(reviewer.failures).toEqual([]);
}, 60_000);
