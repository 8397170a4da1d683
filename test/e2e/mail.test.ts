import { Actor } from "@atensi/core";
import { MailEntity } from "@atensi/core/mail";
import { expect, it } from "vitest";
import { agreementInput } from "../support/agreements";
import {
  ADMIN,
  APPROVER,
  Client,
  linkIn,
  REVIEWER,
  SECOND_APPROVER,
  signedIn,
  TEST_PASSWORD,
  useTestHub,
  verifiedLks,
} from "../support/hub";
import { referralInput, setUpProgram, startReceiver } from "../support/programs";
import { reportContent } from "../support/reports";

// A real SMTP server (the local mail catcher) receives everything the hub sends.
const hub = useTestHub({ worker: true, mail: true });
const catcher = () => hub.mail!;
const year = new Date().getUTCFullYear();

it("an invitation e-mail arrives; its link sets a password once, and the invitee signs in", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const invited = await admin.post("/v1/users/staff", {
    email: "dewi.lestari@kemensos.example",
    name: "Dewi Lestari",
    roles: ["kemensos_reviewer"],
  });
  expect(invited.status).toBe(201);
  // The link goes by e-mail only: the inviter never sees it.
  expect(invited.json.invitationToken).toBeUndefined();

  const mail = await catcher().waitFor((m) => m.to.includes("dewi.lestari@kemensos.example"));
  expect(mail.subject).toBe("Undangan ke Portal Mitra ATENSI");
  expect(mail.text).toContain("72 jam");
  expect(mail.html).toContain("<a href=");
  const { url, token } = linkIn(mail.text, "/invitation");
  expect(url.startsWith(`${hub.url}/invitation#token=`)).toBe(true);

  const password = "kata-sandi-undangan-baru";
  const accepted = await new Client(hub.url).post("/v1/auth/invitations/accept", { token, password });
  expect(accepted.status).toBe(200);
  expect(accepted.json).toMatchObject({ status: "active", emailConfirmedAt: expect.any(String) });
  const again = await new Client(hub.url).post("/v1/auth/invitations/accept", { token, password });
  expect(again.status).toBe(400);
  expect(again.json.errors).toEqual([expect.objectContaining({ field: "token" })]);
  expect((await new Client(hub.url).signIn("dewi.lestari@kemensos.example", password)).status).toBe(200);
});

it("a resent invitation ends the first link; a revoked one frees the address", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const email = "agus.permana@kemensos.example";
  const invited = await admin.post("/v1/users/staff", { email, name: "Agus Permana", roles: ["auditor"] });
  const first = linkIn((await catcher().waitFor((m) => m.to.includes(email))).text, "/invitation");
  catcher().clear();
  const resent = await admin.post(`/v1/users/${invited.json.user.id}/invitation/resend`);
  expect(resent.status).toBe(200);
  const second = linkIn((await catcher().waitFor((m) => m.to.includes(email))).text, "/invitation");
  expect(second.token).not.toBe(first.token);
  const stale = await new Client(hub.url).post("/v1/auth/invitations/accept", {
    token: first.token,
    password: "kata-sandi-yang-lama-sekali",
  });
  expect(stale.status).toBe(400);

  expect((await admin.post(`/v1/users/${invited.json.user.id}/invitation/revoke`)).status).toBe(204);
  const revoked = await new Client(hub.url).post("/v1/auth/invitations/accept", {
    token: second.token,
    password: "kata-sandi-yang-lama-sekali",
  });
  expect(revoked.status).toBe(400);
  const again = await admin.post("/v1/users/staff", { email, name: "Agus Permana", roles: ["auditor"] });
  expect(again.status).toBe(201);
});

it("a reset link works once, ends the old sessions, and unknown addresses get the same 202", async () => {
  const old = await signedIn(hub.url, REVIEWER);
  expect((await old.get("/v1/auth/me")).status).toBe(200);

  const asked = await new Client(hub.url).post("/v1/auth/password-reset", { email: REVIEWER.email });
  const unknown = await new Client(hub.url).post("/v1/auth/password-reset", {
    email: "tidak.ada@kemensos.example",
  });
  expect(asked.status).toBe(202);
  expect(unknown.status).toBe(202);
  expect(unknown.text).toBe(asked.text);

  const mail = await catcher().waitFor((m) => m.to.includes(REVIEWER.email) && /kata sandi/i.test(m.subject));
  expect(mail.text).toContain("30 menit");
  const { token } = linkIn(mail.text, "/reset-password");
  const password = "kata-sandi-setelah-reset";
  const reset = await new Client(hub.url).post("/v1/auth/password-reset/confirm", { token, password });
  expect(reset.status).toBe(204);
  expect((await old.get("/v1/auth/me")).status).toBe(401);
  const twice = await new Client(hub.url).post("/v1/auth/password-reset/confirm", { token, password });
  expect(twice.status).toBe(400);
  expect(twice.json.errors).toEqual([expect.objectContaining({ field: "token" })]);
  expect((await new Client(hub.url).signIn(REVIEWER.email, TEST_PASSWORD)).status).toBe(401);
  const fresh = new Client(hub.url);
  expect((await fresh.signIn(REVIEWER.email, password)).status).toBe(200);
  // The security notice lands in the reviewer's own inbox.
  const inbox = await fresh.get("/v1/notifications");
  expect(inbox.json.items.map((n: { kind: string }) => n.kind)).toContain("account.password_changed");
  // Put it back for the other tests.
  await fresh.post("/v1/auth/password", { currentPassword: password, newPassword: TEST_PASSWORD });
});

it("more than five reset requests for one address in an hour are refused with Retry-After", async () => {
  const email = "siapa.saja@lks.example";
  for (let i = 0; i < 5; i++) {
    expect((await new Client(hub.url).post("/v1/auth/password-reset", { email })).status).toBe(202);
  }
  const refused = await new Client(hub.url).post("/v1/auth/password-reset", { email });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3000);
  const bad = await new Client(hub.url).post("/v1/auth/password-reset/confirm", {
    token: "x".repeat(43),
    password: "kata-sandi-yang-panjang",
  });
  expect(bad.status).toBe(400);
  expect(bad.json.errors[0].field).toBe("token");
});

it("a report returned for revision e-mails the LKS in Indonesian, and its inbox counts it unread", async () => {
  const { client: lks } = await verifiedLks(hub.url, 81);
  const input = agreementInput({
    startDate: `${year}-01-01`,
    endDate: `${year}-12-31`,
    reportingCadence: "monthly",
    yearlyTargets: [{ year, cluster: "penyandang_disabilitas", target: 100 }],
  });
  const agreementID = (await lks.post("/v1/agreements", input)).json.id;
  await lks.post(`/v1/agreements/${agreementID}/submit`);
  await (await signedIn(hub.url, APPROVER)).post(`/v1/agreements/${agreementID}/recommend`);
  await (await signedIn(hub.url, SECOND_APPROVER)).post(`/v1/agreements/${agreementID}/approve`);
  const report = (await lks.post("/v1/reports", { agreementID, period: `${year}-01` })).json;
  await lks.request("PUT", `/v1/reports/${report.id}`, { content: reportContent() }, { "if-match": '"1"' });
  expect((await lks.post(`/v1/reports/${report.id}/submit`)).status).toBe(200);
  const returned = await (await signedIn(hub.url, APPROVER)).post(
    `/v1/reports/${report.id}/request-revision`,
    {
      reason: "Jumlah penerima manfaat per klaster belum sesuai",
    },
  );
  expect(returned.status, returned.text).toBe(200);

  const mail = await catcher().waitFor(
    (m) => m.to.includes("admin81@lks.example") && m.subject.includes("dikembalikan"),
  );
  // Periods and dates are written as Indonesian readers write them, not as ISO strings.
  expect(mail.subject).toBe(`Laporan Januari ${year} dikembalikan untuk perbaikan`);
  expect(mail.text).toContain("Alasan: Jumlah penerima manfaat per klaster belum sesuai");
  expect(mail.text).toContain(`${hub.url}/reports/${report.id}`);
  expect(mail.html).toContain('lang="id"');

  const count = await lks.get("/v1/notifications/unread-count");
  expect(count.json.unread).toBeGreaterThanOrEqual(1);
  const unread = await lks.get("/v1/notifications?unread=true");
  const notice = unread.json.items.find((n: { kind: string }) => n.kind === "report.revision_requested");
  expect(notice).toMatchObject({ params: { period: `${year}-01` }, read: false });
  expect((await lks.post(`/v1/notifications/${notice.id}/read`)).json.read).toBe(true);
  expect((await lks.get("/v1/notifications/unread-count")).json.unread).toBe(count.json.unread - 1);
  await lks.post("/v1/notifications/read-all");
  expect((await lks.get("/v1/notifications/unread-count")).json.unread).toBe(0);
  // Staff were told of the submission; the LKS was not (its inbox is filtered by role and scope).
  const kinds = (await lks.get("/v1/notifications")).json.items.map((n: { kind: string }) => n.kind);
  expect(kinds).not.toContain("report.submitted");
});

it("a mandatory kind cannot be switched off; others can go to the portal only", async () => {
  const lks = (await verifiedLks(hub.url, 82)).client;
  const refused = await lks.request("PUT", "/v1/notifications/preferences", {
    preferences: { "report.due": "portal" },
  });
  expect(refused.status).toBe(400);
  expect(refused.json.errors[0].field).toBe("preferences.report.due");
  const set = await lks.request("PUT", "/v1/notifications/preferences", {
    language: "en",
    preferences: { "report.accepted": "digest", "agreement.approved": "portal" },
  });
  expect(set.status).toBe(200);
  expect(set.json.language).toBe("en");
  const item = (k: string) => set.json.items.find((i: { kind: string }) => i.kind === k);
  expect(item("report.accepted").preference).toBe("digest");
  expect(item("report.due")).toMatchObject({ preference: "email", mandatory: true });
});

it("an SMTP server that refuses the first attempts: every mail is retried, none lost, none doubled", async () => {
  catcher().clear();
  const before = catcher().attempts();
  catcher().refuseNext(4);
  const admin = await signedIn(hub.url, ADMIN);
  const emails = [1, 2, 3].map((n) => `penerima${n}@kemensos.example`);
  for (const [i, email] of emails.entries()) {
    const res = await admin.post("/v1/users/staff", { email, name: `Penerima ${i + 1}`, roles: ["auditor"] });
    // The refusing server never fails the admin's action.
    expect(res.status).toBe(201);
  }
  for (const email of emails) await catcher().waitFor((m) => m.to.includes(email), 15_000);
  // Let any stray duplicate arrive before counting.
  await new Promise((r) => setTimeout(r, 300));
  const caught = catcher()
    .messages()
    .filter((m) => emails.some((e) => m.to.includes(e)));
  expect(caught).toHaveLength(3);
  expect(new Set(caught.map((m) => m.messageId)).size).toBe(3);
  expect(catcher().attempts() - before).toBe(3 + 4);
  // The delivery log shows the refusals.
  const log = await admin.get(`/v1/mail?to=${encodeURIComponent(emails[0]!)}`);
  expect(log.json.items[0]).toMatchObject({ status: "sent" });
  const retried = await Actor.provide({ type: "system", properties: { name: "test" } }, async () => {
    const { data } = await MailEntity.query.byStatus({ status: "sent" }).go({ pages: "all" });
    return data.filter((m) => emails.includes(m.to) && m.attempts > 1).length;
  });
  expect(retried).toBeGreaterThan(0);
});

it("a disabled endpoint e-mails the programme's contacts and Kemensos staff, each in their language, with nothing about the person referred", async () => {
  // The programme's receiver answers 410 Gone: the hub disables the endpoint at the first attempt.
  const receiver = await startReceiver(() => "gone");
  const reviewer = await signedIn(hub.url, REVIEWER);
  try {
    const admin = await signedIn(hub.url, ADMIN);
    // A reviewer who reads English, who is also one of the programme's contacts.
    expect((await reviewer.request("PUT", "/v1/notifications/preferences", { language: "en" })).status).toBe(
      200,
    );
    const contact = "pusdatin.pbijk@kemkes.example";
    const { program, endpoint } = await setUpProgram(admin, {
      code: "PBIJK",
      endpointUrl: receiver.url,
      contactEmails: [contact, REVIEWER.email],
    });
    receiver.useSecret(endpoint!.secret);
    const { client: lks } = await verifiedLks(hub.url, 83);
    const input = referralInput(program.id);
    expect((await lks.post("/v1/referrals", input)).status).toBe(201);

    const isDisabledMail = (m: { subject: string }) => /endpoint/i.test(m.subject);
    // The contact has no account: Bahasa Indonesia, and a link to the API reference.
    const toContact = await catcher().waitFor((m) => m.to.includes(contact) && isDisabledMail(m), 15_000);
    expect(toContact.subject).toBe("Endpoint webhook program PBIJK dinonaktifkan");
    expect(toContact.text).toContain(receiver.url);
    expect(toContact.text).toContain("410 Gone");
    expect(toContact.text).toContain(`${hub.url}/docs`);
    expect(toContact.html).toContain('lang="id"');
    // Staff get it in their inbox and by e-mail (a mandatory kind), with the programme's page.
    const toAdmin = await catcher().waitFor(
      (m) => m.to.includes(ADMIN.email) && m.subject === "Endpoint webhook dinonaktifkan",
      15_000,
    );
    expect(toAdmin.text).toContain(`${hub.url}/programs/${program.id}`);
    expect(toAdmin.text).toContain("menjawab 410 Gone");
    const toReviewer = await catcher().waitFor(
      (m) => m.to.includes(REVIEWER.email) && m.subject === "Webhook endpoint disabled",
      15_000,
    );
    expect(toReviewer.text).toContain("the receiver answered 410 Gone");
    const asContact = await catcher().waitFor(
      (m) =>
        m.to.includes(REVIEWER.email) && m.subject === "Webhook endpoint of the PBIJK programme disabled",
      15_000,
    );
    expect(asContact.html).toContain('lang="en"');
    const inbox = await admin.get("/v1/notifications?unread=true");
    expect(inbox.json.items).toContainEqual(
      expect.objectContaining({
        kind: "endpoint.disabled",
        params: expect.objectContaining({ program: "PBIJK" }),
      }),
    );

    // Once each, and none of them names the person or carries an identity number.
    await new Promise((r) => setTimeout(r, 300));
    const sent = catcher()
      .messages()
      .filter((m) => isDisabledMail(m) && m.text.includes(receiver.url));
    const lines = sent.map((m) => `${m.to.join(",")} ${m.subject}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        `${ADMIN.email} Endpoint webhook dinonaktifkan`,
        `${REVIEWER.email} Webhook endpoint disabled`,
        `${REVIEWER.email} Webhook endpoint of the PBIJK programme disabled`,
        `${contact} Endpoint webhook program PBIJK dinonaktifkan`,
      ]),
    );
    expect(new Set(lines).size).toBe(lines.length);
    // Staff and the programme only: the LKS that referred is not told.
    expect(sent.filter((m) => m.to.some((to) => to.endsWith("@lks.example")))).toEqual([]);
    for (const m of sent) {
      for (const personal of [input.beneficiary.nik, input.beneficiary.kk, input.beneficiary.name]) {
        expect(m.text).not.toContain(personal);
        expect(m.html).not.toContain(personal);
      }
    }
  } finally {
    await reviewer.request("PUT", "/v1/notifications/preferences", { language: "id" });
    await receiver.close();
  }
});
