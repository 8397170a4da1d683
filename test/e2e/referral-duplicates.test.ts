/**
 * The duplicate warning: a second open referral of one person (found by the NIK blind index) to
 * the same programme is answered 409 naming only the other referral's sender, and goes through
 * with a reason. Another programme, or a referral no longer open, is no duplicate.
 */
import { expect, it } from "vitest";
import { ADMIN, signedIn, useTestHub, verifiedLks } from "../support/hub";
import { nikFor, referralInput, setUpProgram } from "../support/programs";

const hub = useTestHub({ worker: true });

it("warns of an open referral of the same person to the same programme, without its data; a reason sends it anyway", {
  timeout: 60_000,
}, async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const pkh = await setUpProgram(admin, { code: "PKH" });
  const bpnt = await setUpProgram(admin, { code: "BPNT" });
  const first = await verifiedLks(hub.url, 81);
  const second = await verifiedLks(hub.url, 82);
  const nik = nikFor("1985-07-12", "female", 77);
  const person = (programID: string, extra: Record<string, unknown> = {}) => {
    const base = referralInput(programID);
    return { ...base, beneficiary: { ...base.beneficiary, nik }, ...extra };
  };

  const original = await first.client.post(
    "/v1/referrals",
    person(pkh.program.id, { needs: "Pendampingan khusus dari yayasan pertama" }),
  );
  expect(original.status, original.text).toBe(201);
  const firstName = (await first.client.get(`/v1/partners/${first.partnerID}`)).json.name as string;

  // The second LKS is told one exists, and by whom; nothing of its contents, nothing written.
  const before = (await second.client.get("/v1/referrals")).json.items.length;
  const refused = await second.client.post("/v1/referrals", person(pkh.program.id));
  expect(refused.status).toBe(409);
  expect(refused.headers.get("content-type")).toContain("application/problem+json");
  expect(refused.json).toMatchObject({
    code: "duplicate_referral",
    existing: [{ sender: firstName }],
    errors: [{ field: "duplicateReason" }],
  });
  expect(refused.text).not.toContain(original.json.id);
  expect(refused.text).not.toContain("Pendampingan khusus");
  expect(refused.text).not.toContain(nik);
  expect((await second.client.get("/v1/referrals")).json.items).toHaveLength(before);

  // The same LKS sending twice is told too.
  expect((await first.client.post("/v1/referrals", person(pkh.program.id))).status).toBe(409);

  // Another programme: no duplicate.
  expect((await second.client.post("/v1/referrals", person(bpnt.program.id))).status).toBe(201);

  // A reason too short is bad input naming the field; a real one sends it, recorded and shown.
  const short = await second.client.post("/v1/referrals", person(pkh.program.id, { duplicateReason: "ya" }));
  expect(short.status).toBe(400);
  expect(short.json.errors.map((e: { field: string }) => e.field)).toContain("duplicateReason");
  const reason = "Keadaan keluarga berubah sejak rujukan pertama";
  const sent = await second.client.post("/v1/referrals", person(pkh.program.id, { duplicateReason: reason }));
  expect(sent.status, sent.text).toBe(201);
  expect(sent.json.duplicateReason).toBe(reason);
  const timeline = (await second.client.get(`/v1/referrals/${sent.json.id}/timeline`)).json;
  expect(timeline.items[0]).toMatchObject({
    action: "referral.sent",
    data: { duplicates: 1, duplicateReason: reason },
  });

  // Once the first is no longer open (cancelled), it no longer counts; the second still does.
  expect(
    (await first.client.post(`/v1/referrals/${original.json.id}/cancel`, { note: "Dialihkan ke LKS lain" }))
      .status,
  ).toBe(200);
  const third = await first.client.post("/v1/referrals", person(pkh.program.id));
  expect(third.status).toBe(409);
  expect(third.json.existing).toEqual([
    { sender: (await second.client.get(`/v1/partners/${second.partnerID}`)).json.name },
  ]);

  // A person referred nowhere yet is sent without any question.
  const fresh = referralInput(pkh.program.id);
  expect((await first.client.post("/v1/referrals", fresh)).status).toBe(201);
});
