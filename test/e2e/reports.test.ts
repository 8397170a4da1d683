import { Actor, Notification, Report } from "@atensi/core";
import { expect, it } from "vitest";
import { agreementInput } from "../support/agreements";
import { APPROVER, countItems, SECOND_APPROVER, signedIn, useTestHub, verifiedLks } from "../support/hub";
import { reportContent } from "../support/reports";

const hub = useTestHub();
const year = new Date().getUTCFullYear();

/** An active, monthly agreement that started at the beginning of this year. */
const activeAgreement = async (n: number) => {
  const { client: lks, partnerID } = await verifiedLks(hub.url, n);
  const input = agreementInput({
    startDate: `${year}-01-01`,
    endDate: `${year}-12-31`,
    reportingCadence: "monthly",
    yearlyTargets: [{ year, cluster: "penyandang_disabilitas", target: 100 }],
  });
  const id = (await lks.post("/v1/agreements", input)).json.id;
  await lks.post(`/v1/agreements/${id}/submit`);
  await (await signedIn(hub.url, APPROVER)).post(`/v1/agreements/${id}/recommend`);
  const approved = await (await signedIn(hub.url, SECOND_APPROVER)).post(`/v1/agreements/${id}/approve`);
  expect(approved.json.status).toBe("active");
  return { lks, partnerID, agreementID: id as string };
};

it("an LKS fills a report, meets a validation error, fixes it; review with revision; acceptance updates the dashboard", async () => {
  const { lks, agreementID } = await activeAgreement(51);
  const reviewer = await signedIn(hub.url, APPROVER);
  const period = `${year}-01`;
  const opened = await lks.post("/v1/reports", { agreementID, period });
  expect(opened.status).toBe(201);
  const id = opened.json.id;
  expect(opened.json).toMatchObject({ status: "draft", dueDate: `${year}-02-10` });

  const unbalanced = reportContent();
  unbalanced.caseFlow[0]!.atEnd = 50;
  unbalanced.beneficiaries.breakdown[0]!.count = 31;
  let saved = await lks.request("PUT", `/v1/reports/${id}`, { content: unbalanced }, { "if-match": '"1"' });
  expect(saved.status).toBe(200);
  const refused = await lks.post(`/v1/reports/${id}/submit`);
  expect(refused.status).toBe(400);
  const fields = refused.json.errors.map((e: { field: string }) => e.field);
  expect(fields).toEqual(
    expect.arrayContaining(["content.caseFlow.0.atEnd", "content.beneficiaries.totals.0.count"]),
  );
  expect(
    refused.json.errors.find((e: { field: string }) => e.field === "content.caseFlow.0.atEnd").message,
  ).toMatch(/48/);

  // A stale autosave from another device is a conflict, not an overwrite.
  expect(
    (await lks.request("PUT", `/v1/reports/${id}`, { content: reportContent() }, { "if-match": '"1"' }))
      .status,
  ).toBe(412);
  saved = await lks.request(
    "PUT",
    `/v1/reports/${id}`,
    { content: reportContent() },
    { "if-match": `"${saved.json.version}"` },
  );
  const submitted = await lks.post(`/v1/reports/${id}/submit`);
  expect(submitted.json).toMatchObject({ status: "submitted", submissions: 1 });

  const revision = await reviewer.post(`/v1/reports/${id}/request-revision`, {
    reason: "Periksa jumlah layanan terapi",
  });
  expect(revision.json.status).toBe("revision_requested");
  await reviewer.post(`/v1/reports/${id}/comments`, {
    section: "services",
    body: "Jumlah sesi terapi tampak terlalu tinggi",
  });
  const changed = reportContent();
  changed.services[0]!.count = 90;
  await lks.request("PUT", `/v1/reports/${id}`, { content: changed });
  expect((await lks.post(`/v1/reports/${id}/submit`)).json).toMatchObject({
    status: "resubmitted",
    submissions: 2,
  });
  const diff = await reviewer.get(`/v1/reports/${id}/diff`);
  expect(diff.json.changes).toEqual([
    { field: "services.terapi_fisik_psikososial_mental_spiritual.count", from: 120, to: 90 },
  ]);

  const accepted = await reviewer.post(`/v1/reports/${id}/accept`);
  expect(accepted.json.status).toBe("accepted");
  expect((await lks.request("PUT", `/v1/reports/${id}`, { content: changed })).status).toBe(409);
  const board = await reviewer.get(`/v1/dashboard?year=${year}`);
  const disabilities = board.json.clusters.find((r: { key: string }) => r.key === "penyandang_disabilitas");
  expect(disabilities).toMatchObject({ target: 100, realised: 60, realisationPercent: 60 });
  const csv = await reviewer.get(`/v1/dashboard/export?year=${year}&table=clusters`);
  expect(csv.headers.get("content-type")).toContain("text/csv");
  expect(csv.text).toMatch(/^key,label,target,realised/);
  expect(csv.text).toContain("penyandang_disabilitas,,100,60,60");

  // An approver unlocks it: its figures leave the dashboard until it is accepted again.
  await reviewer.post(`/v1/reports/${id}/unlock`, { reason: "Koreksi data penerima manfaat" });
  const after = await reviewer.get(`/v1/dashboard?year=${year}`);
  expect(after.json.clusters.find((r: { key: string }) => r.key === "penyandang_disabilitas").realised).toBe(
    0,
  );
});

it("refuses a second report for a period, a period outside the agreement, and bad counts, writing nothing", async () => {
  const { lks, agreementID } = await activeAgreement(52);
  await lks.post("/v1/reports", { agreementID, period: `${year}-02` });
  const before = await countItems();
  const again = await lks.post("/v1/reports", { agreementID, period: `${year}-02` });
  expect(again.status).toBe(409);
  const outside = await lks.post("/v1/reports", { agreementID, period: `${year + 1}-01` });
  expect(outside.status).toBe(400);
  expect(outside.json.errors[0].field).toBe("period");
  const quarterly = await lks.post("/v1/reports", { agreementID, period: `${year}-Q1` });
  expect(quarterly.json.errors[0]).toMatchObject({
    field: "period",
    message: expect.stringMatching(/monthly/),
  });
  expect(await countItems()).toBe(before);

  const id = (await lks.post("/v1/reports", { agreementID, period: `${year}-03` })).json.id;
  const bad = reportContent();
  bad.services[0]!.count = 2.5;
  bad.caseFlow[0]!.entered = -1;
  bad.indicators[0] = {
    level: "keluaran",
    name: "Penerima manfaat terlayani",
    target: 100,
    realised: 30,
    narrative: "",
  };
  await lks.request("PUT", `/v1/reports/${id}`, { content: bad });
  const refused = await lks.post(`/v1/reports/${id}/submit`);
  expect(refused.json.errors.map((e: { field: string }) => e.field)).toEqual(
    expect.arrayContaining([
      "content.services.0.count",
      "content.caseFlow.0.entered",
      "content.indicators.0.narrative",
    ]),
  );
  expect((await lks.get(`/v1/reports/${id}`)).json.status).toBe("draft");
});

it("counts expected, submitted and on-time reports when due dates pass, with overdue notices", async () => {
  const { lks, agreementID } = await activeAgreement(53);
  const id = (await lks.post("/v1/reports", { agreementID, period: `${year}-01` })).json.id;
  await lks.request("PUT", `/v1/reports/${id}`, { content: reportContent() });
  await lks.post(`/v1/reports/${id}/submit`);
  const run = (day: string) =>
    Actor.provide({ type: "system", properties: { name: "test" } }, () => Report.runSchedules(day));
  // Submitted today, long after its due date: late, so submitted but not on time.
  expect((await lks.get(`/v1/reports/${id}`)).json.late).toBe(true);
  await run(`${year}-03-11`); // January and February are past due; only January was submitted
  await run(`${year}-03-11`); // counting twice changes nothing
  const board = await (await signedIn(hub.url, APPROVER)).get(`/v1/dashboard/partners?year=${year}`);
  const mine = board.json.items.find((r: { label?: string }) => r.label === "Yayasan Balarenik 53");
  expect(mine).toMatchObject({ expected: 2, submitted: 1, onTime: 0, completenessPercent: 50 });
  // No worker in this file: fan the notices out to the inboxes here.
  await Actor.provide({ type: "system", properties: { name: "test" } }, () => Notification.sweep());
  const notes = await lks.get("/v1/notifications");
  expect(notes.json.items).toContainEqual(
    expect.objectContaining({
      kind: "report.overdue",
      params: expect.objectContaining({ period: `${year}-02` }),
    }),
  );
  // The notice links to the reports, which name what is owed: February, never opened, and March,
  // opened as a draft; January was submitted. Staff have no such list.
  const march = (await lks.post("/v1/reports", { agreementID, period: `${year}-03` })).json.id;
  const owed = (await lks.get("/v1/reports/outstanding")).json.items as {
    period: string;
    state: string;
    report?: { id: string; status: string };
  }[];
  expect(owed.map((o) => o.period)).not.toContain(`${year}-01`);
  expect(owed.find((o) => o.period === `${year}-02`)).toMatchObject({
    agreementID,
    state: "overdue",
    dueDate: `${year}-03-10`,
  });
  expect(owed.find((o) => o.period === `${year}-02`)).not.toHaveProperty("report");
  expect(owed.find((o) => o.period === `${year}-03`)).toMatchObject({
    state: "overdue",
    report: { id: march, status: "draft" },
  });
  expect((await (await signedIn(hub.url, APPROVER)).get("/v1/reports/outstanding")).status).toBe(403);
});

it("keeps attachments of an editable report: declared, uploaded, checked, downloaded", async () => {
  const { lks, agreementID } = await activeAgreement(54);
  const id = (await lks.post("/v1/reports", { agreementID, period: `${year}-04` })).json.id;
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(500, 7),
  ]);
  const tooMany = await lks.post(`/v1/reports/${id}/attachments`, {
    kind: "photo",
    fileName: "kegiatan.png",
    contentType: "image/png",
    size: 11 * 1024 * 1024,
  });
  expect(tooMany.json.errors[0].field).toBe("size");
  const declared = await lks.post(`/v1/reports/${id}/attachments`, {
    kind: "attendance_list",
    fileName: "daftar-hadir.png",
    contentType: "image/png",
    size: png.length,
  });
  expect(declared.status).toBe(201);
  expect(declared.json.attachment).not.toHaveProperty("key");
  const put = await fetch(hub.url + declared.json.upload.url, {
    method: "PUT",
    headers: { "content-type": "image/png" },
    body: new Uint8Array(png),
  });
  expect(put.status).toBe(200);
  const done = await lks.post(`/v1/reports/${id}/attachments/${declared.json.attachment.id}/complete`);
  expect(done.json.attachments[0]).toMatchObject({
    fileName: "daftar-hadir.png",
    uploadedAt: expect.any(String),
  });
  const link = await lks.get(`/v1/reports/${id}/attachments/${declared.json.attachment.id}`);
  expect(Buffer.from(await (await fetch(hub.url + link.json.url)).arrayBuffer()).equals(png)).toBe(true);
});

it("keeps every dashboard figure consistent with the reports the moment one is submitted in time and accepted", async () => {
  const { lks, agreementID } = await activeAgreement(55);
  // The current month's report is due on the 10th of next month: submitted now, it is in time.
  const month = new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 7);
  if (!month.startsWith(String(year))) return; // the agreement covers this UTC year only
  const id = (await lks.post("/v1/reports", { agreementID, period: month })).json.id;
  await lks.request("PUT", `/v1/reports/${id}`, { content: reportContent() });
  expect((await lks.post(`/v1/reports/${id}/submit`)).json).toMatchObject({
    status: "submitted",
    late: false,
  });
  const reviewer = await signedIn(hub.url, APPROVER);
  expect((await reviewer.post(`/v1/reports/${id}/accept`)).json.status).toBe("accepted");

  const board = (await reviewer.get(`/v1/dashboard?year=${year}`)).json;
  // Without waiting for the due date or any schedule: one report is in, of one expected, on time.
  expect(board.periods.find((r: { key: string }) => r.key === month)).toMatchObject({
    expected: 1,
    submitted: 1,
    onTime: 1,
    realised: 60,
  });
  const partners = (await reviewer.get(`/v1/dashboard/partners?year=${year}`)).json;
  expect(partners.items.find((r: { label?: string }) => r.label === "Yayasan Balarenik 55")).toMatchObject({
    expected: 1,
    submitted: 1,
    onTime: 1,
    completenessPercent: 100,
  });

  // When the due date passes, the schedule does not count the period a second time.
  const [y, m] = month.split("-").map(Number) as [number, number];
  const after = new Date(Date.UTC(y, m, 11)).toISOString().slice(0, 10);
  await Actor.provide({ type: "system", properties: { name: "test" } }, () => Report.runSchedules(after));
  const later = (await reviewer.get(`/v1/dashboard/partners?year=${year}`)).json;
  // Every month through this one has passed its due date: each counts once, this one included.
  expect(later.items.find((r: { label?: string }) => r.label === "Yayasan Balarenik 55")).toMatchObject({
    expected: m,
    submitted: 1,
    onTime: 1,
  });
});
