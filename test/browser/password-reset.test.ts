import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestHub } from "../support/hub";
import { accessible, focused, launchBrowser, POLL, signIn, textOf, visible } from "./harness";

/**
 * The forgotten-password journey through the real portal in Chromium, with the real local mail
 * catcher: the link is asked for from the sign-in page, read on the catcher's page and followed
 * from the e-mail itself; the new password is set, the person signs in with it, and the session
 * that was open elsewhere has ended.
 *
 * Needs the built portal (`pnpm --filter @atensi/portal build`) and Chromium at /usr/bin/chromium.
 */

const OLD = "kata-sandi-yang-lama-sekali";
const NEW = "kata-sandi-baru-setelah-lupa";
const USER = { email: "wulan.sari@kemensos.go.id", name: "Wulan Sari", password: OLD };

let hub: Awaited<ReturnType<typeof startTestHub>>;
let chromium: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  chromium = await launchBrowser();
  hub = await startTestHub({ worker: true, mail: true });
  await hub.createUser({ ...USER, roles: ["kemensos_reviewer"] });
});

afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
});

// About 27 s alone on 2 cores (argon2 hashes, two axe runs, the portal's first loads).
it("forgotten password: the link is e-mailed, followed from the mail, sets a new password once, and ends the old session", {
  timeout: 120_000,
}, async () => {
  // A session left open on another device.
  const other = await chromium.person(hub.url);
  await signIn(other.page, USER.email, OLD);
  await other.page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));

  // The link is asked for from the sign-in page.
  const { page, failures } = await chromium.person(hub.url, [400]);
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Lupa kata sandi?" }).click();
  await visible(page.getByRole("heading", { level: 1, name: "Lupa kata sandi" }));
  await accessible(page, "forgot password");
  // Bad input is caught in the form, by the API's own schema.
  await page.getByLabel("Email").fill("bukan-alamat");
  await page.getByRole("button", { name: "Kirim tautan" }).click();
  await focused(page.getByLabel("Email"));
  await page.getByLabel("Email").fill(USER.email);
  await page.getByRole("button", { name: "Kirim tautan" }).click();
  await textOf(page.getByTestId("reset-requested")).toContain(USER.email);

  // The e-mail is in the catcher, and its page lists it.
  const mail = await hub.mail!.waitFor(
    (m) => m.to.includes(USER.email) && m.subject === "Atur ulang kata sandi",
  );
  await page.goto("/_mail/");
  const entry = page.locator("article", { hasText: USER.email }).filter({ hasText: "Atur ulang kata sandi" });
  await textOf(entry).toContain("30 menit");
  // Followed from the e-mail itself, as the person would.
  await entry.getByRole("link", { name: "HTML" }).click();
  await page.getByRole("link", { name: "Buka di Portal Mitra ATENSI" }).click();
  await page.waitForURL((url) => url.pathname === "/reset-password");
  expect(mail.html).toContain(page.url().split("#")[0]);
  await visible(page.getByRole("heading", { level: 1, name: "Buat kata sandi baru" }));
  // The token leaves the address bar once read.
  await expect.poll(() => page.url().includes("token="), POLL).toBe(false);
  await accessible(page, "reset password");

  await page.getByLabel("Kata sandi baru", { exact: true }).fill(NEW);
  await page.getByLabel("Ulangi kata sandi baru").fill(NEW);
  await page.getByRole("button", { name: "Simpan kata sandi baru" }).click();
  await page.waitForURL((url) => url.pathname === "/sign-in");
  await textOf(page.getByTestId("reset-done")).toContain("Kata sandi baru sudah disimpan");

  // The old password no longer signs in; the new one does.
  await page.getByLabel("Email").fill(USER.email);
  await page.getByLabel("Kata sandi", { exact: true }).fill(OLD);
  await page.getByRole("button", { name: "Masuk" }).click();
  await visible(page.getByTestId("sign-in-error"));
  await page.getByLabel("Kata sandi", { exact: true }).fill(NEW);
  await page.getByRole("button", { name: "Masuk" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));

  // The session on the other device has ended: the portal sends it to sign in again.
  await other.page.reload();
  await other.page.waitForURL((url) => url.pathname.startsWith("/sign-in"));

  // The link works once: followed again, the portal says it is no longer valid.
  await page.goto(mail.text.match(/https?:\/\/\S+\/reset-password#token=\S+/)![0]);
  await page.getByLabel("Kata sandi baru", { exact: true }).fill("kata-sandi-ketiga-kalinya");
  await page.getByLabel("Ulangi kata sandi baru").fill("kata-sandi-ketiga-kalinya");
  await page.getByRole("button", { name: "Simpan kata sandi baru" }).click();
  await visible(page.getByRole("alert"));
  expect(failures.filter((f) => !/status of 401/.test(f))).toEqual([]);
});
