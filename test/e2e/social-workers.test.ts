/**
 * The pekerja sosial registry (issue 19.3): a report's supervising social worker is chosen from
 * the registry, with a certificate valid over the period (an expired one is refused naming the
 * field), and the social worker, as a portal user, signs off before the report can be submitted.
 */
import { expect, it } from "vitest";
import { ADMIN, signedIn, TEST_PASSWORD, useTestHub, verifiedLks } from "../support/hub";
import { activeAgreement, createUser, januaryReport } from "../support/regional";
import { reportContent } from "../support/reports";

const hub = useTestHub();
const year = new Date().getUTCFullYear();

it("chooses the report's social worker from the registry, refuses an expired certificate, and requires the sign-off", {
  timeout: 90_000,
}, async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { client: lks, partnerID } = await verifiedLks(hub.url, 821, {
    provinceCode: "32",
    regencyCode: "3273",
  });
  const operatorID = await createUser({
    email: "ratna@lks.example",
    name: "Ratna Sari",
    roles: ["lks_operator"],
    partnerID,
  });
  const ratna = await signedIn(hub.url, { email: "ratna@lks.example", password: TEST_PASSWORD });

  const valid = await admin.post("/v1/social-workers", {
    name: "Ratna Sari, S.Sos.",
    certificateNumber: "PEKSOS-32-2021-0457",
    certificateValidFrom: "2021-03-01",
    certificateValidUntil: `${year + 3}-02-28`,
    partnerID,
    clusters: ["penyandang_disabilitas"],
    userID: operatorID,
  });
  expect(valid.status).toBe(201);
  const expired = await admin.post("/v1/social-workers", {
    name: "Hendra Gunawan, S.Tr.Sos.",
    certificateNumber: "PEKSOS-32-2019-0102",
    certificateValidFrom: "2019-01-01",
    certificateValidUntil: `${year}-01-15`,
    clusters: ["anak"],
  });
  expect(expired.status).toBe(201);
  const badDates = await admin.post("/v1/social-workers", {
    name: "Tanggal Terbalik",
    certificateNumber: "PEKSOS-X",
    certificateValidFrom: "2025-01-01",
    certificateValidUntil: "2024-01-01",
    clusters: ["anak"],
  });
  expect(badDates.status).toBe(400);
  expect(badDates.json.errors[0].field).toBe("certificateValidUntil");
  const onJanuary = await lks.get(`/v1/social-workers?validOn=${year}-01-31`);
  expect(onJanuary.json.items.map((w: { id: string }) => w.id)).toEqual([valid.json.id]);

  const agreementID = await activeAgreement(hub.url, lks);
  const { id } = await januaryReport(lks, agreementID, false);

  // An expired certificate cannot be chosen; nothing is written.
  const before = (await lks.get(`/v1/reports/${id}`)).json.version;
  const refused = await lks.request("PUT", `/v1/reports/${id}/social-worker`, {
    socialWorkerID: expired.json.id,
  });
  expect(refused.status).toBe(400);
  expect(refused.json.errors[0].field).toBe("socialWorkerID");
  expect((await lks.get(`/v1/reports/${id}`)).json.version).toBe(before);

  const chosen = await lks.request("PUT", `/v1/reports/${id}/social-worker`, {
    socialWorkerID: valid.json.id,
  });
  expect(chosen.status).toBe(200);
  expect(chosen.json.content.socialWorker).toEqual({
    name: "Ratna Sari, S.Sos.",
    certificateNumber: "PEKSOS-32-2021-0457",
  });

  // Not signed off: not submitted. Only the social worker's own user signs off.
  const early = await lks.post(`/v1/reports/${id}/submit`);
  expect(early.status).toBe(400);
  expect(early.json.errors[0].field).toBe("content.socialWorker");
  expect((await lks.post(`/v1/reports/${id}/sign-off`)).json.code).toBe("not_the_social_worker");
  const signed = await ratna.post(`/v1/reports/${id}/sign-off`);
  expect(signed.status).toBe(200);
  expect(signed.json.signedOff.by).toMatchObject({ id: operatorID, name: "Ratna Sari" });

  // Changing the case-management section undoes the sign-off; signed again, it goes in.
  const changed = reportContent();
  changed.caseFlow[0]!.completed = 11;
  changed.caseFlow[0]!.atEnd = 47;
  const resaved = await lks.request("PUT", `/v1/reports/${id}`, {
    content: { ...changed, socialWorker: chosen.json.content.socialWorker },
  });
  expect(resaved.json.signedOff).toBeUndefined();
  expect((await lks.post(`/v1/reports/${id}/submit`)).status).toBe(400);
  await ratna.post(`/v1/reports/${id}/sign-off`);
  expect((await lks.post(`/v1/reports/${id}/submit`)).json.status).toBe("submitted");

  const actions = (await lks.get(`/v1/reports/${id}/audit`)).json.items.map(
    (e: { action: string }) => e.action,
  );
  expect(actions).toEqual(
    expect.arrayContaining(["report.social_worker_chosen", "report.signed_off", "report.submitted"]),
  );
});
