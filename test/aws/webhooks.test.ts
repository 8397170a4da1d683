/**
 * The webhook pipeline as it runs in AWS, every hop real: API Gateway v2 events into the api
 * handler, the table's stream read with the DynamoDB Streams API into relay, SQS (moto) into
 * dispatch with partial batch failures and a dead-letter queue, the EventBridge scheduled event
 * into sweep, the PII key in KMS (moto), and the dead-letter queue with its redrive
 * (functions/ops/redrive.ts). See test/support/aws.ts for what plays Lambda.
 */
import { PurgeQueueCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import type { Context, DynamoDBRecord, ScheduledEvent } from "aws-lambda";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { DELIVERY_MAX_RECEIVES } from "../../functions/lib/budget";
import { redrive } from "../../functions/ops/redrive";
import {
  createStaff,
  lambdaContext,
  peekQueue,
  provisionAws,
  type SqsHandler,
  sqsConsumer,
  startApiGateway,
  streamReader,
} from "../support/aws";
import { ADMIN, type Client, REVIEWER, signedIn, verifiedLks } from "../support/hub";
import { nikFor, referralInput, setUpProgram } from "../support/programs";
import { startRecordingReceiver } from "../support/recording-receiver";

// Retries due in well under a second instead of minutes to days: the schedule's shape, faster.
process.env.ATENSI_WEBHOOK_RETRY_SCALE = "0.000001";

type Aws = Awaited<ReturnType<typeof provisionAws>>;
type ApiHandler = Parameters<typeof startApiGateway>[0] extends () => infer H ? H : never;
type StreamHandler = (
  event: { Records: DynamoDBRecord[] },
  context: Context,
  callback: () => void,
) => unknown;

let aws: Aws;
let api: ApiHandler;
let relay: StreamHandler;
let dispatch: SqsHandler;
let sweep: (event: ScheduledEvent) => Promise<unknown>;
let gateway: Awaited<ReturnType<typeof startApiGateway>>;
let stream: Awaited<ReturnType<typeof streamReader>>;
let deliveries: ReturnType<typeof sqsConsumer>;
let receiver: Awaited<ReturnType<typeof startRecordingReceiver>>;
const receiverSays: { behaviour: "ok" | "fail" } = { behaviour: "ok" };

/** A fresh Lambda container of each function: new module instances, so no cached data keys. */
const coldStart = async () => {
  vi.resetModules();
  api = (await import("../../functions/api")).handler as unknown as ApiHandler;
  relay = (await import("../../functions/relay")).handler as unknown as StreamHandler;
  dispatch = (await import("../../functions/dispatch")).handler;
  sweep = (await import("../../functions/sweep")).handler as never;
};

const scheduledEvent = (): ScheduledEvent => ({
  version: "0",
  id: crypto.randomUUID(),
  "detail-type": "Scheduled Event",
  source: "aws.events",
  account: "123456789012",
  // Not the top of the hour: the date-driven jobs are not what this file is about.
  time: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 90_000).toISOString(),
  region: "ap-southeast-3",
  resources: ["arn:aws:events:ap-southeast-3:123456789012:rule/atensi-sweep"],
  detail: {},
});

/** Lambda's stream mapping: the new records, in one batch, into relay. */
const relayStream = async () => {
  const Records = await stream.read();
  const response = (await relay({ Records }, lambdaContext("relay"), () => undefined)) as {
    batchItemFailures: { itemIdentifier: string }[];
  };
  return { records: Records, response };
};

let admin: Client;
let lks: Client;

beforeAll(async () => {
  aws = await provisionAws();
  await coldStart();
  gateway = await startApiGateway(() => api);
  stream = await streamReader();
  deliveries = sqsConsumer(aws.sqs, aws.queueUrl, aws.queueArn);
  receiver = await startRecordingReceiver({ decide: () => receiverSays.behaviour });

  await createStaff([
    { who: ADMIN, roles: ["admin"] },
    { who: REVIEWER, roles: ["kemensos_reviewer"] },
  ]);
  admin = await signedIn(gateway.url, ADMIN);
  lks = (await verifiedLks(gateway.url, 71)).client;
});

afterAll(async () => {
  await gateway?.close();
  await receiver?.close();
  stream?.close();
});

let pkh: { id: string };

/** A referral of person number `serial` (its own NIK) to a programme. */
const referTo = async (programID: string, serial: number) => {
  const input = referralInput(programID);
  const created = await lks.post("/v1/referrals", {
    ...input,
    beneficiary: { ...input.beneficiary, nik: nikFor("1985-07-12", "female", serial) },
  });
  if (created.status !== 201) throw new Error(`referral: ${created.status} ${created.text}`);
  return created.json.id as string;
};

it("a referral made through the api handler reaches the programme via stream → relay → SQS → dispatch, signed", async () => {
  const { program, endpoint } = await setUpProgram(admin, { code: "PKH", endpointUrl: receiver.url });
  receiver.useSecret(endpoint!.secret);
  pkh = program;
  await stream.read(); // the set-up's own records are not this journey's

  const created = await lks.post("/v1/referrals", referralInput(program.id));
  expect(created.status).toBe(201);
  const referralID = created.json.id as string;

  // The transaction's stream records: the relay forwards the one pending outbox event.
  const { records, response } = await relayStream();
  expect(records.some((r) => r.dynamodb?.NewImage?.__edb_e__?.S === "outbox")).toBe(true);
  expect(response.batchItemFailures).toEqual([]);

  const batch = await deliveries.poll(dispatch);
  expect(batch.records).toHaveLength(1);
  expect(batch.failed).toEqual([]);
  // What sits in the queue is sealed: no identity number in clear.
  expect(batch.records[0]!.body).not.toContain(nikFor("1985-07-12", "female"));
  expect(batch.records[0]!.messageAttributes.eventType?.stringValue).toBe("referral.sent");

  expect(receiver.invalid).toEqual([]);
  const delivered = receiver.acknowledged.find((a) => a.event.data.referral?.id === referralID);
  expect(delivered?.event.type).toBe("referral.sent");
  // Opened in dispatch with the KMS data key: the programme gets the NIK it may see.
  expect(delivered?.event.data.referral?.beneficiary).toMatchObject({ nik: nikFor("1985-07-12", "female") });
  expect((await deliveries.poll(dispatch)).records).toEqual([]);
});

it("a receiver failing every attempt is retried by the sweep until the schedule ends, then a redelivery reaches it", async () => {
  let failing = true;
  const bpntReceiver = await startRecordingReceiver({ decide: () => (failing ? "fail" : "ok") });
  try {
    const { program, endpoint } = await setUpProgram(admin, { code: "BPNT", endpointUrl: bpntReceiver.url });
    bpntReceiver.useSecret(endpoint!.secret);
    await stream.read();
    const referralID = await referTo(program.id, 2);
    expect((await relayStream()).response.batchItemFailures).toEqual([]);
    // The first attempt fails; that is the table's retry to make, not an SQS failure.
    const batch = await deliveries.poll(dispatch);
    expect(batch.records).toHaveLength(1);
    expect(batch.failed).toEqual([]);

    const { MAX_ATTEMPTS } = await import("@atensi/core/webhook");
    const attemptsOf = () => bpntReceiver.attempts.filter((a) => a.body.includes(referralID)).length;
    for (let run = 0; run < 40 && attemptsOf() < MAX_ATTEMPTS; run++) {
      await sweep(scheduledEvent());
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(attemptsOf()).toBe(MAX_ATTEMPTS);
    // Every attempt was signed: the receiver verified each before answering 500.
    expect(bpntReceiver.attempts.every((a) => a.valid)).toBe(true);
    const log = await admin.get(`/v1/endpoints/${endpoint!.id}/deliveries`);
    expect(log.status).toBe(200);
    const [delivery] = log.json.items as { id: string; status: string; attempts: number }[];
    expect(delivery).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    // A sweep after the last attempt sends nothing more.
    await sweep(scheduledEvent());
    expect(attemptsOf()).toBe(MAX_ATTEMPTS);
    // Nothing threw, so nothing is on the dead-letter queue.
    expect(await peekQueue(aws.sqs, aws.dlqUrl)).toEqual([]);

    failing = false;
    const redelivered = await admin.post(`/v1/deliveries/${delivery!.id}/redeliver`);
    expect(redelivered.status).toBe(200);
    await sweep(scheduledEvent());
    expect(bpntReceiver.acknowledged.map((a) => a.event.data.referral?.id)).toEqual([referralID]);
    expect((await admin.get(`/v1/deliveries/${delivery!.id}`)).json.status).toBe("delivered");
  } finally {
    await bpntReceiver.close();
  }
});

it("a malformed SQS message and a malformed stream record are batch item failures, not crashed batches", async () => {
  await stream.read();
  const referralID = await referTo(pkh.id, 4);
  const { records, response } = await relayStream();
  expect(response.batchItemFailures).toEqual([]);
  const outbox = records.find((r) => r.dynamodb?.NewImage?.__edb_e__?.S === "outbox")!;

  // The same stream batch with an outbox record that lost its event id beside the good one.
  const { eventID: _lost, ...image } = outbox.dynamodb!.NewImage!;
  const broken: DynamoDBRecord = {
    ...outbox,
    eventID: "broken",
    dynamodb: { ...outbox.dynamodb, NewImage: image, SequenceNumber: "1" },
  };
  const relayed = (await relay({ Records: [broken, outbox] }, lambdaContext("relay"), () => undefined)) as {
    batchItemFailures: { itemIdentifier: string }[];
  };
  expect(relayed.batchItemFailures).toEqual([{ itemIdentifier: "1" }]);

  // Garbage on the queue beside the event's two messages (the relay ran twice: at least once).
  await aws.sqs.send(new SendMessageCommand({ QueueUrl: aws.queueUrl, MessageBody: "{not json" }));
  await aws.sqs.send(new SendMessageCommand({ QueueUrl: aws.queueUrl, MessageBody: '{"eventID":""}' }));
  const seen: string[] = [];
  const failed: string[] = [];
  for (let poll = 0; poll < 5 && seen.length < 4; poll++) {
    const batch = await deliveries.poll(dispatch);
    seen.push(...batch.records.map((r) => r.body));
    failed.push(...batch.records.filter((r) => batch.failed.includes(r.messageId)).map((r) => r.body));
  }
  expect(failed.sort()).toEqual(['{"eventID":""}', "{not json"]);
  // Delivered once: the second message for the same event finds it already fanned out.
  expect(receiver.acknowledged.filter((a) => a.event.data.referral?.id === referralID)).toHaveLength(1);
});

it("a message dispatch cannot process ends in the dead-letter queue after the set receives; the redrive delivers it", async () => {
  // The garbage of the test before would fail too: start from empty queues.
  for (const QueueUrl of [aws.queueUrl, aws.dlqUrl]) await aws.sqs.send(new PurgeQueueCommand({ QueueUrl }));
  await stream.read();
  const referralID = await referTo(pkh.id, 5);
  const { response } = await relayStream();
  expect(response.batchItemFailures).toEqual([]);

  // An outage of the table: each receive fails, and SQS counts it.
  const table = process.env.DYNAMODB_ENDPOINT;
  process.env.DYNAMODB_ENDPOINT = "http://127.0.0.1:9";
  let failures = 0;
  try {
    vi.resetModules();
    const broken = (await import("../../functions/dispatch")).handler;
    for (let receive = 0; receive < DELIVERY_MAX_RECEIVES + 2; receive++) {
      const batch = await deliveries.poll(broken);
      failures += batch.failed.length;
      if (batch.records.length === 0) break;
    }
  } finally {
    process.env.DYNAMODB_ENDPOINT = table;
  }
  expect(failures).toBe(DELIVERY_MAX_RECEIVES);
  expect(await peekQueue(aws.sqs, aws.queueUrl)).toEqual([]);
  const dead = await peekQueue(aws.sqs, aws.dlqUrl);
  expect(dead).toHaveLength(1);
  expect(receiver.acknowledged.some((a) => a.event.data.referral?.id === referralID)).toBe(false);

  // The table is back: the redrive puts the message on the queue again and dispatch delivers it.
  await coldStart();
  expect(await redrive(aws.sqs, aws.dlqUrl, aws.queueUrl)).toEqual({ moved: 1 });
  expect(await peekQueue(aws.sqs, aws.dlqUrl)).toEqual([]);
  const batch = await deliveries.poll(dispatch);
  expect(batch.failed).toEqual([]);
  expect(receiver.acknowledged.filter((a) => a.event.data.referral?.id === referralID)).toHaveLength(1);
}, 60_000);

it("a KMS decrypt failure answers 500 without details and logs the key, never the data", async () => {
  const referralID = await referTo(pkh.id, 6);
  const { ReferralEntity } = await import("@atensi/core/referral");
  const { data } = await ReferralEntity.get({ referralID }).go();
  const [version, , iv, body] = data!.personal.split(".");
  // A data key KMS cannot decrypt (as after the key is disabled or a grant is lost).
  const unreadable = Buffer.from("not a KMS ciphertext blob".repeat(4)).toString("base64url");
  await ReferralEntity.patch({ referralID })
    .set({ personal: `${version}.${unreadable}.${iv}.${body}` })
    .go();

  const logged: string[] = [];
  const spy = vi
    .spyOn(console, "error")
    .mockImplementation((line: unknown) => void logged.push(String(line)));
  try {
    const res = await lks.get(`/v1/referrals/${referralID}`);
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.json).toMatchObject({ status: 500, code: "internal_error" });
    expect(res.text).not.toContain("KMS");
    expect(res.text).not.toContain(aws.keyArn);
  } finally {
    spy.mockRestore();
  }
  const vault = logged
    .map((l) => JSON.parse(l))
    .find((l) => l.msg === "vault: KMS could not decrypt a data key");
  expect(vault).toMatchObject({ keyId: aws.keyArn, kmsError: expect.any(String) });
  expect(logged.join("\n")).not.toContain(unreadable);
  expect(logged.join("\n")).not.toContain(nikFor("1985-07-12", "female", 6));
});
