import { Clock } from "@atensi/core/clock";
import { Sweep } from "@atensi/core/sweep";
import { afterAll, expect, it } from "vitest";
import { ADMIN, Client, REVIEWER, signedIn, useTestHub, verifiedLks } from "../support/hub";
import { eventually, referralInput, setUpProgram } from "../support/programs";

/**
 * Service-level clocks end to end with a controllable clock (core's `Clock`): nothing sleeps;
 * the test stands the clock at instants of the referrals' lives and runs the sweep there.
 */
const hub = useTestHub({ worker: true, mail: true });
afterAll(() => Clock.reset());

// Wednesday 23 December 2026, 09:00 in Jakarta: 24 December is cuti bersama, 25 December
// Christmas, then a weekend.
const START = "2026-12-23T02:00:00Z";
const HOUR = 3600e3;

const programClient = (apiKey: string) => {
  const client = new Client(hub.url);
  const auth = { authorization: `Bearer ${apiKey}` };
  return {
    get: (path: string) => client.get(path, auth),
    post: (path: string, body: unknown) => client.post(path, body, auth),
  };
};

it("deadlines skip holidays; overdue referrals escalate once to the programme, then to staff; late answers are marked late", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { program, apiKey } = await setUpProgram(admin, { code: "PKH" });
  const contacts = ["pusdatin.pkh@kemensos.example", "linjamsos.pkh@kemensos.example"];
  const patched = await admin.request("PATCH", `/v1/programs/${program.id}`, { contactEmails: contacts });
  expect(patched.status, patched.text).toBe(200);
  const { client: lks } = await verifiedLks(hub.url, 71);
  const pkh = programClient(apiKey);

  Clock.set(START);
  const routine = (await lks.post("/v1/referrals", referralInput(program.id))).json;
  const urgent = (await lks.post("/v1/referrals", referralInput(program.id, { urgency: "respon_kasus" })))
    .json;
  // Routine: 3 working days after Wednesday, skipping 24 (cuti bersama), 25 (Natal) and the weekend.
  expect(routine.sla).toMatchObject({
    acknowledgeBy: "2026-12-30T16:59:59.999Z",
    due: { stage: "acknowledge", overdue: false },
    escalations: 0,
  });
  // Respon kasus: 24 hours and 3 days, holidays or not.
  expect(urgent.sla).toMatchObject({
    acknowledgeBy: "2026-12-24T02:00:00.000Z",
    decideBy: "2026-12-26T02:00:00.000Z",
    due: { stage: "acknowledge", at: "2026-12-24T02:00:00.000Z", secondsLeft: 24 * 3600, overdue: false },
  });

  // The programme's inbox: earliest deadline first.
  const inbox = await pkh.get("/v1/referrals/inbox");
  expect(inbox.status, inbox.text).toBe(200);
  expect(inbox.json.items.map((r: { id: string }) => r.id)).toEqual([urgent.id, routine.id]);

  const reviewer = await signedIn(hub.url, REVIEWER);
  const overdue = async () =>
    (await reviewer.get(`/v1/referrals/overdue?programID=${program.id}`)).json.items.map(
      (r: { id: string }) => r.id,
    );
  expect(await overdue()).toEqual([]);
  expect((await Sweep.clocks("test")).escalated).toBe(0);

  // An hour past the urgent deadline: its programme contacts are told, once, however many
  // sweeps run (the worker's own sweep runs beside these).
  Clock.set(Date.parse(START) + 25 * HOUR);
  await Promise.all([Sweep.clocks("test-a"), Sweep.clocks("test-b"), Sweep.clocks("test-c")]);
  const toContacts = () =>
    hub.mail!.messages().filter((m) => m.subject === `Rujukan ${urgent.id} melewati batas waktu`);
  await eventually(() => toContacts().length === 2 || undefined);
  expect(
    toContacts()
      .flatMap((m) => m.to)
      .sort(),
  ).toEqual([...contacts].sort());
  expect(await overdue()).toEqual([urgent.id]);
  const shown = (await lks.get(`/v1/referrals/${urgent.id}`)).json.sla;
  expect(shown).toMatchObject({ escalations: 1, due: { overdue: true, secondsLeft: -3600 } });

  // A day after the deadline Kemensos staff are told, once; nothing more after that.
  Clock.set(Date.parse(START) + 49 * HOUR);
  await Promise.all([Sweep.clocks("test-a"), Sweep.clocks("test-b")]);
  await Sweep.clocks("test-c");
  const escalatedNotices = async () =>
    (await reviewer.get("/v1/notifications")).json.items.filter(
      (n: { kind: string; params: { referral: string } }) =>
        n.kind === "referral.escalated" && n.params.referral === urgent.id,
    );
  await eventually(async () => ((await escalatedNotices()).length ? true : undefined));
  expect(await escalatedNotices()).toHaveLength(1);
  expect((await Sweep.clocks("test-d")).escalated).toBe(0);
  expect(toContacts()).toHaveLength(2);

  // A late answer still works, and is marked late (on the referral and in its audit event).
  const ack = await pkh.post(`/v1/referrals/${urgent.id}/responses`, { action: "acknowledge" });
  expect(ack.status, ack.text).toBe(200);
  expect(ack.json.sla).toMatchObject({ acknowledgedLate: true, due: { stage: "decide", overdue: false } });
  // Past the decision deadline (26 December, 09:00 WIB) the programme accepts: late too. The
  // worker may escalate the decision stage meanwhile; the answer is taken all the same.
  Clock.set(Date.parse(START) + 73 * HOUR);
  const accept = await pkh.post(`/v1/referrals/${urgent.id}/responses`, { action: "accept" });
  expect(accept.json.status).toBe("accepted");
  expect(accept.json.sla).toMatchObject({ acknowledgedLate: true, decidedLate: true });
  expect(accept.json.sla.due).toBeUndefined();
  const timeline = (await lks.get(`/v1/referrals/${urgent.id}/timeline`)).json;
  const actions = timeline.items.map((e: { action: string }) => e.action);
  expect(actions).toEqual(
    expect.arrayContaining([
      "referral.overdue",
      "referral.escalated",
      "referral.acknowledge",
      "referral.accept",
    ]),
  );
  expect(timeline.items.find((e: { action: string }) => e.action === "referral.accept").data.late).toBe(true);
  expect(timeline.verification.valid).toBe(true);

  // The routine one answered in time: not late; the inbox now holds only its decision.
  const onTime = await pkh.post(`/v1/referrals/${routine.id}/responses`, { action: "acknowledge" });
  expect(onTime.json.sla).toMatchObject({
    acknowledgedLate: false,
    due: { stage: "decide", overdue: false },
  });
  expect((await pkh.get("/v1/referrals/inbox")).json.items.map((r: { id: string }) => r.id)).toEqual([
    routine.id,
  ]);
  expect(await overdue()).toEqual([]);

  // Compliance for December: the routine acknowledgement in time; the urgent one's two late.
  const sla = await reviewer.get(`/v1/referrals/sla?programID=${program.id}`);
  expect(sla.status, sla.text).toBe(200);
  expect(sla.json.items).toEqual([{ month: "2026-12", met: 1, late: 2, compliance: 0.333 }]);
  // Staff only; and the field is named when it is missing.
  expect((await lks.get(`/v1/referrals/sla?programID=${program.id}`)).status).toBe(403);
  const missing = await reviewer.get("/v1/referrals/sla");
  expect(missing.status).toBe(400);
  expect(missing.json.errors[0].field).toBe("programID");
  // 26 s in a full fresh-clone run on 2 cores (the default 30 s was too close).
}, 60_000);
