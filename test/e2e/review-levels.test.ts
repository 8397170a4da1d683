/**
 * Multi-level review (issue 19.2): a report of an LKS in West Java goes to the Sentra whose region
 * covers it, is returned once with comments, comes back, is passed on, and is accepted nationally;
 * each level has its own queue (longest waiting first), claims keep two reviewers off the same
 * report, and the audit trail names every level.
 */
import { expect, it } from "vitest";
import { ADMIN, REVIEWER, signedIn, TEST_PASSWORD, useTestHub, verifiedLks } from "../support/hub";
import { activeAgreement, createUser, januaryReport } from "../support/regional";
import { reportContent } from "../support/reports";

const hub = useTestHub();
const ids = (res: { json: { items: { id: string }[] } }) => res.json.items.map((i) => i.id);
const createStaff = (input: { email: string; name: string; unitID: string }) => createUser(input);

it("a report goes LKS → Sentra review (returned once) → national acceptance, with every level in its audit trail", {
  timeout: 90_000,
}, async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const unit = (
    await admin.post("/v1/units", { kind: "sentra", name: "Sentra Wyata Guna Bandung", regions: ["32"] })
  ).json.id as string;
  const palembang = (
    await admin.post("/v1/units", { kind: "sentra", name: "Sentra Budi Perkasa Palembang", regions: ["16"] })
  ).json.id as string;
  const asepID = await createStaff({ email: "asep@kemensos.example", name: "Asep Sunandar", unitID: unit });
  await createStaff({ email: "neneng@kemensos.example", name: "Neneng Suryani", unitID: unit });
  const rahmatID = await createStaff({
    email: "rahmat@kemensos.example",
    name: "Rahmat Hidayat",
    unitID: palembang,
  });
  const asep = await signedIn(hub.url, { email: "asep@kemensos.example", password: TEST_PASSWORD });
  const neneng = await signedIn(hub.url, { email: "neneng@kemensos.example", password: TEST_PASSWORD });
  const rina = await signedIn(hub.url, REVIEWER);

  // An LKS in Kota Bandung with an active agreement fills and submits January's report.
  const { client: lks } = await verifiedLks(hub.url, 811, { provinceCode: "32", regencyCode: "3273" });
  const agreementID = await activeAgreement(hub.url, lks);
  const { id, submitted } = await januaryReport(lks, agreementID);
  expect(submitted).toMatchObject({
    status: "submitted",
    stage: "regional_review",
    reviewLevel: "regional",
  });

  // It waits in the Sentra's queue, not the national one; national staff cannot take the regional step.
  expect(ids(await asep.get("/v1/reports/queue"))).toEqual([id]);
  expect(ids(await rina.get("/v1/reports/queue"))).toEqual([]);
  const early = await rina.post(`/v1/reports/${id}/accept`);
  expect(early.status).toBe(409);
  expect(early.json.allowed).toEqual([]);
  expect(
    (await rina.post(`/v1/reports/${id}/request-revision`, { reason: "Bukan tingkat ini" })).json.code,
  ).toBe("other_level");
  // The Sentra's reviewer is offered its steps; accepting is not one of them (409 names the allowed).
  const opened = await asep.get(`/v1/reports/${id}`);
  expect(opened.json.allowed).toEqual(["forward", "request_revision", "claim"]);
  const wrong = await asep.post(`/v1/reports/${id}/accept`);
  expect(wrong.status).toBe(409);
  expect(wrong.json.allowed).toEqual(["forward", "request_revision"]);

  // Asep claims it: Neneng cannot decide it, nor claim it; it shows as Asep's in the queue.
  const claimed = await asep.post(`/v1/reports/${id}/claim`);
  expect(claimed.json.assignee).toEqual({ id: asepID, name: "Asep Sunandar" });
  expect((await neneng.post(`/v1/reports/${id}/forward`)).json.code).toBe("claimed");
  expect((await neneng.post(`/v1/reports/${id}/claim`)).json.code).toBe("claimed");
  expect(ids(await neneng.get("/v1/reports/queue?assignee=unassigned"))).toEqual([]);
  expect(ids(await asep.get("/v1/reports/queue?assignee=me"))).toEqual([id]);
  // A reviewer of another unit cannot be handed it (400 naming the field).
  const misassigned = await asep.post(`/v1/reports/${id}/assign`, { userID: rahmatID });
  expect(misassigned.status).toBe(400);
  expect(misassigned.json.errors[0].field).toBe("userID");

  // Returned once, with a comment.
  await asep.post(`/v1/reports/${id}/comments`, {
    section: "services",
    body: "Rincian sesi terapi belum lengkap",
  });
  const returned = await asep.post(`/v1/reports/${id}/request-revision`, {
    reason: "Lengkapi rincian layanan",
  });
  expect(returned.json).toMatchObject({ status: "revision_requested", stage: "editing" });
  expect(returned.json.assignee).toBeUndefined();
  const changed = reportContent();
  changed.services[0]!.count = 90;
  await lks.request("PUT", `/v1/reports/${id}`, { content: changed });
  expect((await lks.post(`/v1/reports/${id}/submit`)).json).toMatchObject({
    status: "resubmitted",
    stage: "regional_review",
  });

  // Passed on: it leaves the Sentra's queue and waits nationally.
  expect((await asep.post(`/v1/reports/${id}/forward`)).json).toMatchObject({
    status: "reviewed",
    stage: "national_review",
  });
  expect(ids(await asep.get("/v1/reports/queue"))).toEqual([]);
  expect(ids(await rina.get("/v1/reports/queue"))).toEqual([id]);
  expect((await asep.post(`/v1/reports/${id}/accept`)).json.code).toBe("other_level");
  const accepted = await rina.post(`/v1/reports/${id}/accept`);
  expect(accepted.json).toMatchObject({ status: "accepted", stage: "accepted" });

  // The trail shows each level, who acted, and verifies.
  const audit = await lks.get(`/v1/reports/${id}/audit`);
  expect(audit.json.verification.valid).toBe(true);
  const steps = audit.json.items.map(
    (e: { action: string; actor: { name?: string }; data: { level?: string } }) => [
      e.action,
      e.actor.name,
      e.data.level ?? null,
    ],
  );
  expect(steps.filter(([a]: [string]) => a !== "report.saved")).toEqual([
    ["report.opened", "Agus Salim", null],
    ["report.submitted", "Agus Salim", null],
    ["report.claimed", "Asep Sunandar", null],
    ["report.revision_requested", "Asep Sunandar", "regional"],
    ["report.resubmitted", "Agus Salim", null],
    ["report.reviewed", "Asep Sunandar", "regional"],
    ["report.accepted", "Rina Pratiwi", "national"],
  ]);
});
