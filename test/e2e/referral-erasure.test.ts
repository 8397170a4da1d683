import { Clock } from "@atensi/core/clock";
import { Sweep } from "@atensi/core/sweep";
import { afterAll, expect, it } from "vitest";
import { ADMIN, Client, countItems, REVIEWER, signedIn, useTestHub, verifiedLks } from "../support/hub";
import { eventually, referralInput, setUpProgram } from "../support/programs";

/**
 * Consent withdrawal with proof (UU PDP 27/2022): the programme confirms erasure or restriction
 * within 3 × 24 hours through the API; the clock, the confirmation and an overdue escalation are
 * on the timeline and in the audit trail. The clock is core's `Clock`, moved by the test.
 */
const hub = useTestHub({ worker: true });
afterAll(() => Clock.reset());

const START = "2026-12-01T02:00:00Z";
const HOUR = 3600e3;

const programClient = (apiKey: string) => {
  const client = new Client(hub.url);
  const auth = { authorization: `Bearer ${apiKey}` };
  return {
    get: (path: string) => client.get(path, auth),
    post: (path: string, body: unknown) => client.post(path, body, auth),
  };
};

it("a programme confirms erasure within 3 × 24 h, and a late one is escalated, taken and marked late", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { program, apiKey } = await setUpProgram(admin, { code: "PKH" });
  const { client: lks } = await verifiedLks(hub.url, 72);
  const pkh = programClient(apiKey);
  const reviewer = await signedIn(hub.url, REVIEWER);

  Clock.set(START);
  const withdraw = async () => {
    const r = (await lks.post("/v1/referrals", referralInput(program.id))).json;
    await pkh.post(`/v1/referrals/${r.id}/responses`, { action: "acknowledge" });
    const w = await lks.post(`/v1/referrals/${r.id}/withdraw-consent`, {
      note: "Penerima menarik persetujuan",
    });
    expect(w.status, w.text).toBe(200);
    return w.json;
  };

  // Confirming before any withdrawal is refused and writes nothing.
  const plain = (await lks.post("/v1/referrals", referralInput(program.id))).json;
  const before = await countItems();
  const early = await pkh.post(`/v1/referrals/${plain.id}/erasure`, { measure: "erased" });
  expect(early.status).toBe(409);
  expect(early.json.code).toBe("not_withdrawn");
  const bad = await pkh.post(`/v1/referrals/${plain.id}/erasure`, { measure: "forgotten" });
  expect(bad.status).toBe(400);
  expect(bad.json.errors[0].field).toBe("measure");
  expect(await countItems()).toBe(before);

  // Within the deadline.
  const inTime = await withdraw();
  expect(inTime.erasure).toMatchObject({
    dueBy: "2026-12-04T02:00:00.000Z",
    overdue: false,
    secondsLeft: 72 * 3600,
    escalations: 0,
  });
  // The programme's inbox shows what it must still do: the erasure.
  expect((await pkh.get("/v1/referrals/inbox")).json.items.map((r: { id: string }) => r.id)).toContain(
    inTime.id,
  );
  Clock.set(Date.parse(START) + 70 * HOUR);
  const confirmed = await pkh.post(`/v1/referrals/${inTime.id}/erasure`, {
    measure: "erased",
    note: "Data dihapus dari basis data PKH",
  });
  expect(confirmed.status, confirmed.text).toBe(200);
  expect(confirmed.json.erasure).toMatchObject({ measure: "erased", late: false, overdue: false });
  const again = await pkh.post(`/v1/referrals/${inTime.id}/erasure`, { measure: "erased" });
  expect(again.status).toBe(409);
  const trail = (await lks.get(`/v1/referrals/${inTime.id}/timeline`)).json;
  const confirmation = trail.items.find((e: { action: string }) => e.action === "referral.erasure_confirmed");
  expect(confirmation).toMatchObject({
    actor: { type: "program" },
    data: { measure: "erased", late: false },
  });
  expect(trail.verification.valid).toBe(true);
  // The sender is told.
  await eventually(async () =>
    (await lks.get("/v1/notifications")).json.items.some(
      (n: { kind: string; params: { referral: string } }) =>
        n.kind === "referral.erasure_confirmed" && n.params.referral === inTime.id,
    )
      ? true
      : undefined,
  );

  // After the deadline: escalated (to the programme's contacts, then a day later to staff),
  // once each; a confirmation then is still taken, and marked late.
  Clock.set(START);
  const overdue = await withdraw();
  Clock.set(Date.parse(START) + 73 * HOUR);
  await Promise.all([Sweep.clocks("test-a"), Sweep.clocks("test-b")]);
  expect((await lks.get(`/v1/referrals/${overdue.id}`)).json.erasure).toMatchObject({
    overdue: true,
    escalations: 1,
  });
  const overdueList = await reviewer.get(`/v1/referrals/overdue?programID=${program.id}`);
  expect(overdueList.json.items.map((r: { id: string }) => r.id)).toContain(overdue.id);
  Clock.set(Date.parse(START) + 97 * HOUR);
  await Promise.all([Sweep.clocks("test-a"), Sweep.clocks("test-b")]);
  expect((await Sweep.clocks("test-c")).escalated).toBe(0);
  const staffNotices = async () =>
    (await reviewer.get("/v1/notifications")).json.items.filter(
      (n: { kind: string; params: { referral: string } }) =>
        n.kind === "referral.escalated" && n.params.referral === overdue.id,
    );
  await eventually(async () => ((await staffNotices()).length ? true : undefined));
  expect(await staffNotices()).toHaveLength(1);

  const late = await pkh.post(`/v1/referrals/${overdue.id}/erasure`, { measure: "restricted" });
  expect(late.status, late.text).toBe(200);
  expect(late.json.erasure).toMatchObject({ measure: "restricted", late: true, escalations: 2 });
  const lateTrail = (await lks.get(`/v1/referrals/${overdue.id}/timeline`)).json;
  expect(lateTrail.items.map((e: { action: string }) => e.action)).toEqual(
    expect.arrayContaining([
      "referral.withdraw_consent",
      "referral.overdue",
      "referral.escalated",
      "referral.erasure_confirmed",
    ]),
  );
  expect(
    lateTrail.items.find((e: { action: string }) => e.action === "referral.erasure_confirmed").data.late,
  ).toBe(true);
  const after = await reviewer.get(`/v1/referrals/overdue?programID=${program.id}`);
  expect(after.json.items.map((r: { id: string }) => r.id)).not.toContain(overdue.id);
});
