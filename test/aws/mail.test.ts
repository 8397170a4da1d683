/**
 * E-mail as it leaves in AWS: a password-reset request through the api handler queues the mail
 * in the outbox; the sweep function (its EventBridge event) sends it with SES v2 (moto), and the
 * mail log shows SES's message id. A message SES refuses (a sender identity that is not
 * verified) is a final failure after one attempt, not retried for days. A permanent bounce that
 * SES reports through SNS (the mail-feedback function) suppresses the address.
 */
import { CreateEmailIdentityCommand, SESv2Client } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createStaff, motoEndpoint, provisionAws, startApiGateway } from "../support/aws";
import { ADMIN, Client, REVIEWER, signedIn } from "../support/hub";

type ApiHandler = Parameters<typeof startApiGateway>[0] extends () => infer H ? H : never;
type Sweep = (event: { time: string }) => Promise<unknown>;
type Feedback = (event: { Records: { Sns: { Message: string } }[] }) => Promise<{ suppressed: number }>;

const VERIFIED_FROM = "no-reply@atensi-test.kemensos.go.id";
let gateway: Awaited<ReturnType<typeof startApiGateway>>;
let sweep: Sweep;
let feedback: Feedback;
const BOUNCING = { email: "pindah@kemensos.example", name: "Sari Wulandari", password: REVIEWER.password };
let admin: Client;

/** How many messages SES has accepted (the v1 query API's send quota counts them). */
const sesSent = async () => {
  const res = await fetch(motoEndpoint(), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "Action=GetSendQuota&Version=2010-12-01",
  });
  const xml = await res.text();
  return Number(/<SentLast24Hours>([\d.]+)</.exec(xml)?.[1] ?? Number.NaN);
};

const logFor = async (to: string) => {
  const res = await admin.get(`/v1/mail?to=${encodeURIComponent(to)}`);
  expect(res.status).toBe(200);
  return res.json.items as { id: string; status: string; attempts: number; kind: string }[];
};

beforeAll(async () => {
  await provisionAws();
  process.env.ATENSI_MAIL_TRANSPORT = "ses";
  process.env.ATENSI_MAIL_FROM = `Portal Mitra ATENSI <${VERIFIED_FROM}>`;
  const ses = new SESv2Client({});
  await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: VERIFIED_FROM }));
  ses.destroy();
  vi.resetModules();
  const api = (await import("../../functions/api")).handler as unknown as ApiHandler;
  sweep = (await import("../../functions/sweep")).handler as unknown as Sweep;
  feedback = (await import("../../functions/mail-feedback")).handler as unknown as Feedback;
  gateway = await startApiGateway(() => api);
  await createStaff([
    { who: ADMIN, roles: ["admin"] },
    { who: REVIEWER, roles: ["kemensos_reviewer"] },
    { who: BOUNCING, roles: ["kemensos_reviewer"] },
  ]);
  admin = await signedIn(gateway.url, ADMIN);
});

afterAll(async () => {
  await gateway?.close();
  delete process.env.ATENSI_MAIL_TRANSPORT;
});

it("sends a queued mail through SES from the sweep function, with SES's message id in the log", async () => {
  const before = await sesSent();
  const asked = await new Client(gateway.url).post("/v1/auth/password-reset", { email: REVIEWER.email });
  expect(asked.status).toBe(202);
  const [queued] = await logFor(REVIEWER.email);
  expect(queued).toMatchObject({ kind: "account.password_reset", status: "pending" });

  await sweep({ time: new Date().toISOString() });
  const [sent] = await logFor(REVIEWER.email);
  expect(sent).toMatchObject({ id: queued!.id, status: "sent", attempts: 1 });
  expect(await sesSent()).toBe(before + 1);
  const detail = await admin.get(`/v1/mail/${queued!.id}`);
  expect(detail.json.attemptLog).toEqual([
    expect.objectContaining({ attempt: 1, ok: true, response: expect.stringMatching(/^SES accepted \S+/) }),
  ]);
});

it("takes SES's refusal as final: the mail fails after one attempt and is not sent again", async () => {
  process.env.ATENSI_MAIL_FROM = "Portal Mitra ATENSI <unverified@elsewhere.example>";
  try {
    const before = await sesSent();
    await new Client(gateway.url).post("/v1/auth/password-reset", { email: ADMIN.email });
    await sweep({ time: new Date().toISOString() });
    const [failed] = await logFor(ADMIN.email);
    expect(failed).toMatchObject({ kind: "account.password_reset", status: "failed", attempts: 1 });
    await sweep({ time: new Date().toISOString() });
    expect((await logFor(ADMIN.email))[0]).toMatchObject({ status: "failed", attempts: 1 });
    const detail = await admin.get(`/v1/mail/${failed!.id}`);
    expect(detail.json.attemptLog[0].response).toMatch(/^MessageRejected: /);
    expect(await sesSent()).toBe(before);
  } finally {
    process.env.ATENSI_MAIL_FROM = `Portal Mitra ATENSI <${VERIFIED_FROM}>`;
  }
});

it("suppresses an address SES reports as a permanent bounce (SNS into mail-feedback): its next mail is not sent", async () => {
  const bounce = {
    eventType: "Bounce",
    bounce: {
      bounceType: "Permanent",
      bouncedRecipients: [
        { emailAddress: BOUNCING.email.toUpperCase(), diagnosticCode: "smtp; 550 5.1.1 user unknown" },
      ],
    },
    mail: { destination: [BOUNCING.email] },
  };
  expect(await feedback({ Records: [{ Sns: { Message: JSON.stringify(bounce) } }] })).toEqual({
    suppressed: 1,
  });
  // A transient bounce suppresses nothing.
  const transient = { ...bounce, bounce: { ...bounce.bounce, bounceType: "Transient" } };
  expect(await feedback({ Records: [{ Sns: { Message: JSON.stringify(transient) } }] })).toEqual({
    suppressed: 0,
  });

  const before = await sesSent();
  await new Client(gateway.url).post("/v1/auth/password-reset", { email: BOUNCING.email });
  await sweep({ time: new Date().toISOString() });
  const [held] = await logFor(BOUNCING.email);
  expect(held).toMatchObject({ kind: "account.password_reset", status: "suppressed" });
  expect(await sesSent()).toBe(before);
});
