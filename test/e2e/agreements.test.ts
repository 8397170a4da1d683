import { Actor, Agreement, Notification } from "@atensi/core";
import { expect, it } from "vitest";
import { agreementInput } from "../support/agreements";
import {
  APPROVER,
  countItems,
  REVIEWER,
  SECOND_APPROVER,
  signedIn,
  useTestHub,
  verifiedLks,
} from "../support/hub";

const hub = useTestHub();

const nextYear = new Date().getUTCFullYear() + 1;

it("an LKS drafts and submits; a reviewer asks for changes; the LKS resubmits; four-eyes approval assigns the number", async () => {
  const { client: lks, partnerID } = await verifiedLks(hub.url, 41);
  const reviewer = await signedIn(hub.url, APPROVER);
  const approver = await signedIn(hub.url, SECOND_APPROVER);

  const draft = await lks.post("/v1/agreements", agreementInput());
  expect(draft.status).toBe(201);
  const id = draft.json.id as string;
  expect(draft.json).toMatchObject({ status: "draft", partnerID, version: 1 });
  expect((await reviewer.get(`/v1/agreements?status=submitted`)).json.items).toEqual([]);

  expect((await lks.post(`/v1/agreements/${id}/submit`, undefined, { "if-match": '"1"' })).json.status).toBe(
    "submitted",
  );
  const queue = await reviewer.get(
    "/v1/agreements?status=submitted&province=32&cluster=penyandang_disabilitas",
  );
  expect(queue.json.items.map((a: { id: string }) => a.id)).toEqual([id]);

  const asked = await reviewer.post(`/v1/agreements/${id}/request-changes`, {
    reason: "Lengkapi target per tahun",
  });
  expect(asked.json).toMatchObject({
    status: "changes_requested",
    statusReason: "Lengkapi target per tahun",
  });
  await reviewer.post(`/v1/agreements/${id}/comments`, {
    body: "Mohon tambahkan target untuk klaster lansia bila ada.",
  });
  const thread = await lks.get(`/v1/agreements/${id}/comments`);
  expect(thread.json.items[0]).toMatchObject({
    body: expect.stringContaining("lansia"),
    author: { name: "Budi Santoso" },
  });

  const edited = await lks.request(
    "PUT",
    `/v1/agreements/${id}`,
    agreementInput({ valueRupiah: 300_000_000 }),
    {
      "if-match": `"${asked.json.version}"`,
    },
  );
  expect(edited.json).toMatchObject({ valueRupiah: 300_000_000 });
  expect((await lks.post(`/v1/agreements/${id}/resubmit`)).json.status).toBe("resubmitted");
  const recommended = await reviewer.post(`/v1/agreements/${id}/recommend`);
  expect(recommended.json).toMatchObject({ status: "recommended", recommendedBy: { name: "Budi Santoso" } });

  // What each person is offered is what the API will allow: four-eyes keeps "approve" from the
  // one who recommended; the approver's queue opens on what waits for it (recommended).
  expect((await reviewer.get(`/v1/agreements/${id}`)).json.allowed).toEqual(["reject"]);
  expect((await approver.get(`/v1/agreements/${id}`)).json.allowed).toEqual(["approve", "reject"]);
  expect((await lks.get(`/v1/agreements/${id}`)).json.allowed).toEqual([]);
  expect((await approver.get("/v1/auth/me")).json.queues).toEqual({
    agreements: "recommended",
    reports: "submitted",
  });
  expect((await lks.get("/v1/auth/me")).json.queues).toEqual({});
  const refused = await reviewer.post(`/v1/agreements/${id}/approve`);
  expect(refused.status).toBe(403);
  expect(refused.json).toMatchObject({ code: "four_eyes", detail: expect.stringMatching(/four-eyes/i) });
  const onlyReviewer = await signedIn(hub.url, REVIEWER);
  expect((await onlyReviewer.get(`/v1/agreements/${id}`)).json.allowed).toEqual(["reject"]);
  expect((await onlyReviewer.get("/v1/auth/me")).json.queues.agreements).toBe("submitted");
  expect((await onlyReviewer.post(`/v1/agreements/${id}/approve`)).status).toBe(403);

  const approved = await approver.post(`/v1/agreements/${id}/approve`);
  expect(approved.status).toBe(200);
  expect(approved.json.status).toBe("approved"); // starts next year
  expect(approved.json.number).toMatch(
    new RegExp(`^\\d{3}/NK/REHSOS/\\d{2}/${new Date().getUTCFullYear()}$`),
  );
  expect((await lks.get(`/v1/agreements/${id}`)).json.number).toBe(approved.json.number);

  const audit = await lks.get(`/v1/agreements/${id}/audit`);
  expect(audit.json.items.map((e: { action: string }) => e.action)).toEqual([
    "agreement.drafted",
    "agreement.submitted",
    "agreement.changes_requested",
    "agreement.edited",
    "agreement.resubmitted",
    "agreement.recommended",
    "agreement.approved",
  ]);
  expect(audit.json.verification.valid).toBe(true);

  // The start date comes: the schedule activates it; an addendum diffs against it.
  await Actor.provide({ type: "system", properties: { name: "test" } }, () =>
    Agreement.runSchedules(`${nextYear}-01-01`),
  );
  expect((await lks.get(`/v1/agreements/${id}`)).json.status).toBe("active");
  const addendum = await lks.post(`/v1/agreements/${id}/amendments`);
  expect(addendum.json).toMatchObject({ status: "draft", amends: id, amendmentNo: 1 });
  await lks.request(
    "PUT",
    `/v1/agreements/${addendum.json.id}`,
    agreementInput({
      title: "Addendum 1",
      yearlyTargets: [{ year: nextYear, cluster: "penyandang_disabilitas", target: 150 }],
    }),
  );
  const diff = await lks.get(`/v1/agreements/${addendum.json.id}/diff`);
  expect(diff.json.changes).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ field: "yearlyTargets" }),
      expect.objectContaining({ field: "valueRupiah", from: 300_000_000, to: 250_000_000 }),
    ]),
  );

  // Approved and started, the addendum replaces the original: its targets, not both, count.
  const addendumID = addendum.json.id as string;
  await lks.post(`/v1/agreements/${addendumID}/submit`);
  await reviewer.post(`/v1/agreements/${addendumID}/recommend`);
  await approver.post(`/v1/agreements/${addendumID}/approve`);
  await Actor.provide({ type: "system", properties: { name: "test" } }, () =>
    Agreement.runSchedules(`${nextYear}-01-02`),
  );
  expect((await lks.get(`/v1/agreements/${addendumID}`)).json.status).toBe("active");
  expect((await lks.get(`/v1/agreements/${id}`)).json).toMatchObject({
    status: "terminated",
    supersededBy: addendumID,
  });
  const partners = await approver.get(`/v1/dashboard/partners?year=${nextYear}`);
  expect(partners.json.items.find((r: { key: string }) => r.key === partnerID)).toMatchObject({
    target: 150,
  });
});

it("sends expiry reminders 90, 30 and 7 days ahead, once each, and expires after the end date", async () => {
  const { client: lks } = await verifiedLks(hub.url, 42);
  const reviewer = await signedIn(hub.url, APPROVER);
  const approver = await signedIn(hub.url, SECOND_APPROVER);
  const id = (await lks.post("/v1/agreements", agreementInput())).json.id;
  await lks.post(`/v1/agreements/${id}/submit`);
  await reviewer.post(`/v1/agreements/${id}/recommend`);
  await approver.post(`/v1/agreements/${id}/approve`);
  const run = (day: string) =>
    Actor.provide({ type: "system", properties: { name: "test" } }, () => Agreement.runSchedules(day));
  // Other tests' agreements share the schedule, so count this agreement's own audit events.
  const reminders = async () =>
    (await lks.get(`/v1/agreements/${id}/audit`)).json.items.filter(
      (e: { action: string }) => e.action === "agreement.expiring",
    ).length;
  const status = async () => (await lks.get(`/v1/agreements/${id}`)).json.status;
  await run(`${nextYear}-01-01`);
  expect(await status()).toBe("active");
  await run(`${nextYear}-10-01`);
  expect(await reminders()).toBe(0);
  await run(`${nextYear}-10-02`); // 90 days before 31 December
  expect(await reminders()).toBe(1);
  await run(`${nextYear}-10-03`);
  expect(await reminders()).toBe(1);
  await run(`${nextYear}-12-24`); // 30 and 7 days have both passed: one notice, not two
  expect(await reminders()).toBe(2);
  await run(`${nextYear}-12-31`);
  expect(await status()).toBe("active");
  await run(`${nextYear + 1}-01-01`);
  expect(await status()).toBe("expired");
  expect(await reminders()).toBe(2);
  // No worker in this file: fan the notices out to the inboxes here.
  await Actor.provide({ type: "system", properties: { name: "test" } }, () => Notification.sweep());
  const notes = await lks.get("/v1/notifications");
  expect(notes.json.items).toContainEqual(
    expect.objectContaining({ kind: "agreement.expiring", params: expect.objectContaining({ days: 90 }) }),
  );
});

it("refuses bad input naming the field, writes nothing, and lets one of two concurrent decisions win", async () => {
  const { client: lks } = await verifiedLks(hub.url, 43);
  const before = await countItems();
  const cases: [Record<string, unknown>, string][] = [
    [agreementInput({ endDate: `${nextYear - 1}-12-31` }), "endDate"],
    [agreementInput({ scope: { ...agreementInput().scope, clusters: ["unknown"] } }), "scope.clusters.0"],
    [
      agreementInput({ scope: { ...agreementInput().scope, serviceForms: ["pijat"] } }),
      "scope.serviceForms.0",
    ],
    [
      agreementInput({ yearlyTargets: [{ year: nextYear, cluster: "penyandang_disabilitas", target: -5 }] }),
      "yearlyTargets.0.target",
    ],
    [agreementInput({ valueRupiah: 10.5 }), "valueRupiah"],
  ];
  for (const [input, field] of cases) {
    const res = await lks.post("/v1/agreements", input);
    expect(res.status, field).toBe(400);
    expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
  }
  expect(await countItems()).toBe(before);

  const id = (await lks.post("/v1/agreements", agreementInput())).json.id;
  await lks.post(`/v1/agreements/${id}/submit`);
  const reviewer = await signedIn(hub.url, APPROVER);
  const other = await signedIn(hub.url, REVIEWER);
  const version = (await reviewer.get(`/v1/agreements/${id}`)).json.version;
  const [a, b] = await Promise.all([
    reviewer.post(`/v1/agreements/${id}/recommend`, undefined, { "if-match": `"${version}"` }),
    other.post(
      `/v1/agreements/${id}/request-changes`,
      { reason: "Perbaiki wilayah layanan" },
      { "if-match": `"${version}"` },
    ),
  ]);
  expect([a.status, b.status].sort()).toEqual([200, 412]);
});

it("keeps documents: declared type and size, the upload checked against them, downloads by signed URL", async () => {
  const { client: lks } = await verifiedLks(hub.url, 44);
  const id = (await lks.post("/v1/agreements", agreementInput())).json.id;
  const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(2000, 32), Buffer.from("\n%%EOF\n")]);

  const before = await countItems();
  for (const [input, field] of [
    [{ kind: "annex", fileName: "foto.gif", contentType: "image/gif", size: 10 }, "contentType"],
    [
      { kind: "annex", fileName: "besar.pdf", contentType: "application/pdf", size: 11 * 1024 * 1024 },
      "size",
    ],
    [{ kind: "lampiran", fileName: "a.pdf", contentType: "application/pdf", size: 10 }, "kind"],
  ] as const) {
    const res = await lks.post(`/v1/agreements/${id}/documents`, input);
    expect(res.status, field).toBe(400);
    expect(res.json.errors[0].field).toBe(field);
  }
  expect(await countItems()).toBe(before);

  const declared = await lks.post(`/v1/agreements/${id}/documents`, {
    kind: "signed_agreement",
    fileName: "nota-kesepahaman.pdf",
    contentType: "application/pdf",
    size: pdf.length,
  });
  expect(declared.status).toBe(201);
  const { document, upload } = declared.json;
  expect(upload.method).toBe("PUT");
  const put = (body: Buffer, type = "application/pdf", url = upload.url) =>
    fetch(hub.url + url, { method: "PUT", headers: { "content-type": type }, body: new Uint8Array(body) });
  expect((await put(pdf, "image/png")).status).toBe(415);
  expect((await put(Buffer.concat([pdf, pdf]))).status).toBe(413);
  expect((await put(pdf, "application/pdf", `${upload.url.slice(0, -3)}xyz`)).status).toBe(403);

  // Declared PDF, uploaded something else: refused at completion, naming the file.
  expect((await put(Buffer.alloc(pdf.length, 65))).status).toBe(200);
  const wrong = await lks.post(`/v1/agreements/${id}/documents/${document.id}/complete`);
  expect(wrong.status).toBe(400);
  expect(wrong.json.errors[0]).toMatchObject({
    field: "file",
    message: expect.stringMatching(/not application\/pdf/),
  });

  expect((await put(pdf)).status).toBe(200);
  const completed = await lks.post(`/v1/agreements/${id}/documents/${document.id}/complete`);
  expect(completed.json.documents[0]).toMatchObject({ id: document.id, uploadedAt: expect.any(String) });
  expect(completed.json.documents[0]).not.toHaveProperty("key");

  const reviewer = await signedIn(hub.url, APPROVER);
  const link = await reviewer.get(`/v1/agreements/${id}/documents/${document.id}`);
  const download = await fetch(hub.url + link.json.url);
  expect(download.headers.get("content-disposition")).toContain("nota-kesepahaman.pdf");
  expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
  const { client: stranger } = await verifiedLks(hub.url, 45);
  expect((await stranger.get(`/v1/agreements/${id}/documents/${document.id}`)).status).toBe(404);
});
