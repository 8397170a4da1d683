import { afterAll, beforeAll, expect, it } from "vitest";
import {
  ADMIN,
  Client,
  countItems,
  settledItemCount,
  signedIn,
  useTestHub,
  verifiedLks,
} from "../support/hub";
import { eventually, nikFor, referralInput, setUpProgram, startReceiver } from "../support/programs";

const hub = useTestHub({ worker: true });
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.close());

const programClient = (apiKey: string) => {
  const client = new Client(hub.url);
  const auth = { authorization: `Bearer ${apiKey}` };
  return {
    get: (path: string) => client.get(path, auth),
    post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
      client.post(path, body, { ...auth, ...headers }),
  };
};

it("an LKS refers a person; the programme receives a signed, minimised webhook and answers through the API", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { program, apiKey, endpoint } = await setUpProgram(admin, { code: "PKH", endpointUrl: receiver.url });
  receiver.useSecret(endpoint!.secret);
  const { client: lks, partnerID } = await verifiedLks(hub.url, 31);

  const created = await lks.post("/v1/referrals", referralInput(program.id));
  expect(created.status).toBe(201);
  const referral = created.json;
  // The sender sees identity numbers masked.
  expect(referral).toMatchObject({ status: "sent", sequence: 1, sender: { partnerID } });
  expect(referral.beneficiary.nik).toBe("3273********0001");
  expect(created.text).not.toContain(nikFor("1985-07-12", "female"));
  // The portal is told how the programme learns of it (an enabled endpoint: by webhook) and
  // what the sender may do now.
  expect(referral).toMatchObject({ notice: "webhook", allowed: ["cancel", "withdraw_consent"] });

  const sent = await eventually(() =>
    receiver.verified.find((r) => r.event.data.referral?.id === referral.id),
  );
  expect(sent.event.type).toBe("referral.sent");
  expect(sent.headers["webhook-id"]).toMatch(/^evt_/);
  expect(receiver.invalid).toEqual([]);
  // Data minimisation: the programme gets what it may (full NIK included), nothing else.
  const data = sent.event.data.referral;
  expect(data.beneficiary.nik).toBe(nikFor("1985-07-12", "female"));
  expect(data.beneficiary.kk).toBeUndefined();
  expect(data.beneficiary.address).toBeUndefined();
  expect(data.reason).toBeUndefined();
  expect(data.legalBasis).toBeUndefined();
  expect(data.sequence).toBe(1);

  const pkh = programClient(apiKey);
  const inbox = await pkh.get("/v1/referrals?status=sent");
  expect(inbox.json.items.map((r: { id: string }) => r.id)).toEqual([referral.id]);
  const one = await pkh.get(`/v1/referrals/${referral.id}`);
  expect(one.json.beneficiary).not.toHaveProperty("kk");
  expect(one.json).not.toHaveProperty("allowed");
  expect(one.json).not.toHaveProperty("notice");

  const ack = { action: "acknowledge", note: "Diterima" };
  const first = await pkh.post(`/v1/referrals/${referral.id}/responses`, ack, { "idempotency-key": "k-1" });
  expect(first.status).toBe(200);
  expect(first.json).toMatchObject({ status: "acknowledged", sequence: 2 });
  // The worker fans the acknowledgement out to the LKS's inbox; count once that is done.
  await eventually(async () =>
    (await lks.get("/v1/notifications")).json.items.some(
      (n: { kind: string }) => n.kind === "referral.acknowledged",
    ),
  );
  const items = await settledItemCount();
  const replay = await pkh.post(`/v1/referrals/${referral.id}/responses`, ack, { "idempotency-key": "k-1" });
  expect(replay.json).toEqual(first.json);
  expect(await countItems()).toBe(items);
  const reused = await pkh.post(
    `/v1/referrals/${referral.id}/responses`,
    { action: "accept" },
    { "idempotency-key": "k-1" },
  );
  expect(reused.status).toBe(409);

  const illegal = await pkh.post(`/v1/referrals/${referral.id}/responses`, {
    action: "close",
    outcome: "served",
  });
  expect(illegal.status).toBe(409);
  expect(illegal.json.allowed).toEqual(["accept", "reject"]);
  expect((await pkh.post(`/v1/referrals/${referral.id}/responses`, { action: "accept" })).json.status).toBe(
    "accepted",
  );
  const enrolled = await pkh.post(`/v1/referrals/${referral.id}/responses`, {
    action: "enroll",
    enrolledOn: "2026-11-20",
    programReference: "PKH-3273-000123",
  });
  expect(enrolled.json).toMatchObject({
    status: "enrolled",
    response: { programReference: "PKH-3273-000123" },
  });

  // Enrolled: too late to cancel, consent can still be withdrawn.
  expect((await lks.get(`/v1/referrals/${referral.id}`)).json.allowed).toEqual(["withdraw_consent"]);

  const since = new Date(Date.now() - 60_000).toISOString();
  const changed = await pkh.get(`/v1/referrals?updated_since=${encodeURIComponent(since)}`);
  expect(changed.json.items[0]).toMatchObject({ id: referral.id, status: "enrolled" });

  const timeline = await lks.get(`/v1/referrals/${referral.id}/timeline`);
  expect(timeline.json.items.map((e: { action: string }) => e.action)).toEqual([
    "referral.sent",
    "referral.acknowledge",
    "referral.accept",
    "referral.enroll",
  ]);
  expect(timeline.json.verification.valid).toBe(true);
  expect(timeline.json.deliveries).toEqual([
    expect.objectContaining({ eventType: "referral.sent", status: "delivered" }),
  ]);
  expect(timeline.text).not.toContain(nikFor("1985-07-12", "female"));

  // Consent withdrawn: propagated to the programme as an event with the next sequence number.
  const withdrawn = await lks.post(`/v1/referrals/${referral.id}/withdraw-consent`, {
    note: "Ibu Siti menarik persetujuan",
  });
  expect(withdrawn.json).toMatchObject({ status: "consent_withdrawn", sequence: 5 });
  const event = await eventually(() =>
    receiver.verified.find(
      (r) => r.event.type === "referral.consent_withdrawn" && r.event.data.referral.id === referral.id,
    ),
  );
  expect(event.event.data.referral.sequence).toBe(5);
  expect(event.body).not.toContain(nikFor("1985-07-12", "female"));
  // After the withdrawal the programme gets no personal data through the API either.
  const after = await pkh.get(`/v1/referrals/${referral.id}`);
  expect(after.json).toMatchObject({ status: "consent_withdrawn", beneficiary: {} });
  expect(after.text).not.toContain(nikFor("1985-07-12", "female"));
  expect((await pkh.get(`/v1/referrals/${referral.id}/timeline`)).status).toBe(403);

  // The LKS was told in-app of the programme's answers.
  const notes = await lks.get("/v1/notifications");
  expect(notes.json.items.map((n: { kind: string }) => n.kind)).toContain("referral.enrolled");
});

it("refuses invalid NIKs with the reason, and writes nothing", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { program } = await setUpProgram(admin, { code: "BPNT" });
  const { client: lks } = await verifiedLks(hub.url, 32);
  const base = referralInput(program.id);
  const withNik = (nik: string, extra: Record<string, unknown> = {}) => ({
    ...base,
    beneficiary: { ...base.beneficiary, nik, ...extra },
  });
  const before = await settledItemCount();
  const cases: [unknown, string, RegExp][] = [
    [withNik("9973015207850001"), "beneficiary.nik", /province/i],
    [withNik("3273019913850001"), "beneficiary.nik", /birth date/i],
    [withNik(nikFor("1985-07-12", "male")), "beneficiary.nik", /sex/i],
    [withNik(nikFor("1985-07-13", "female")), "beneficiary.nik", /birth date/i],
    [withNik("32730152078500"), "beneficiary.nik", /16 digits/],
    [{ ...base, criteria: ["kaya"] }, "criteria.0", /criterion/],
    [{ ...base, programID: "prg_00000000000000000000000000" }, "programID", /programme/i],
    [
      {
        ...base,
        beneficiary: { ...base.beneficiary, birthDate: "2015-03-03", nik: nikFor("2015-03-03", "female") },
      },
      "legalBasis.givenBy",
      /guardian/,
    ],
  ];
  for (const [input, field, message] of cases) {
    const res = await lks.post("/v1/referrals", input);
    expect(res.status, field).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const error = res.json.errors.find((e: { field: string }) => e.field === field);
    expect(error?.message, JSON.stringify(res.json.errors)).toMatch(message);
  }
  expect(await countItems()).toBe(before);
});

it("refuses endpoint URLs on private, loopback, link-local and metadata addresses", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { program } = await setUpProgram(admin, { code: "PBI-JK" });
  const before = await settledItemCount();
  for (const url of [
    "https://10.0.0.8/hook",
    "https://127.0.0.1/hook",
    "https://169.254.169.254/latest/meta-data",
    "https://[::1]/hook",
    "https://[fd00:ec2::254]/hook",
    "https://[::ffff:10.1.2.3]/hook",
    "https://192.168.1.10/hook",
    "http://example.org/hook",
    "https://user:pw@example.org/hook",
  ]) {
    const res = await admin.post(`/v1/programs/${program.id}/endpoints`, { url, eventTypes: [] });
    expect(res.status, url).toBe(400);
    expect(res.json.errors[0].field).toBe("url");
  }
  expect(await countItems()).toBe(before);
});

it("a programme cannot see or answer a referral addressed to another programme", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const pena = await setUpProgram(admin, { code: "PENA" });
  const other = await setUpProgram(admin, { code: "PFM" });
  const { client: lks } = await verifiedLks(hub.url, 33);
  const referral = (await lks.post("/v1/referrals", referralInput(pena.program.id))).json;
  const stranger = programClient(other.apiKey);
  expect((await stranger.get(`/v1/referrals/${referral.id}`)).status).toBe(404);
  expect(
    (await stranger.post(`/v1/referrals/${referral.id}/responses`, { action: "acknowledge" })).status,
  ).toBe(404);
  expect((await stranger.get("/v1/referrals")).json.items).toEqual([]);
  // A programme key is no way into staff routes, and a revoked key stops working at once.
  expect((await stranger.get("/v1/partners")).status).toBe(403);
  const keys = await admin.get(`/v1/programs/${other.program.id}/keys`);
  await admin.post(`/v1/programs/${other.program.id}/keys/${keys.json.items[0].id}/revoke`);
  expect((await stranger.get("/v1/referrals")).status).toBe(401);
  // Another LKS does not see the referral either.
  const { client: otherLks } = await verifiedLks(hub.url, 34);
  expect((await otherLks.get(`/v1/referrals/${referral.id}`)).status).toBe(404);
});

it("says how a programme learns of a referral: by webhook only with an enabled endpoint that takes it, else by polling", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { program: polling } = await setUpProgram(admin, { code: "PKH-P" });
  const { program: other } = await setUpProgram(admin, {
    code: "SEMBAKO",
    endpointUrl: receiver.url,
    eventTypes: ["referral.cancelled"],
  });
  const { client: lks } = await verifiedLks(hub.url, 35);
  const programs = (await lks.get("/v1/programs")).json.items as { id: string; referralNotice: string }[];
  expect(programs.find((p) => p.id === polling.id)?.referralNotice).toBe("poll");
  // Its endpoint does not take referral.sent: nothing is pushed when a referral is made.
  expect(programs.find((p) => p.id === other.id)?.referralNotice).toBe("poll");
  expect((await lks.get(`/v1/programs/${polling.id}`)).json.referralNotice).toBe("poll");

  const created = await lks.post(
    "/v1/referrals",
    referralInput(polling.id, { legalBasis: { type: "public_task", reference: "Permensos 7/2021" } }),
  );
  expect(created.status).toBe(201);
  // Public task: there is no consent to withdraw.
  expect(created.json).toMatchObject({ notice: "poll", allowed: ["cancel"] });
  expect((await lks.get(`/v1/referrals/${created.json.id}`)).json.notice).toBe("poll");

  const endpoint = await admin.post(`/v1/programs/${polling.id}/endpoints`, {
    url: receiver.url,
    eventTypes: [],
  });
  expect(endpoint.status).toBe(201);
  expect((await lks.get(`/v1/referrals/${created.json.id}`)).json.notice).toBe("webhook");
  expect((await lks.get(`/v1/programs/${polling.id}`)).json.referralNotice).toBe("webhook");
  await admin.request("PATCH", `/v1/endpoints/${endpoint.json.id}`, { enabled: false });
  expect((await lks.get(`/v1/programs/${polling.id}`)).json.referralNotice).toBe("poll");
});
