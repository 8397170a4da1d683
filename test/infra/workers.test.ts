/**
 * The dispatch and sweep Lambda handlers as deployed (functions/dispatch.ts, functions/sweep.ts),
 * run against DynamoDB Local and a receiving endpoint on this machine: the SQS message is the
 * one the relay builds from the outbox item's stream image, so relay → dispatch is one contract.
 * No actor is provided here: the handlers provide their own (system).
 */

import { Actor, Database, Endpoint, Partner, Program, Referral } from "@atensi/core";
import { OutboxEntity } from "@atensi/core/outbox";
import { ReferralEntity } from "@atensi/core/referral";
import { DeliveryEntity } from "@atensi/core/webhook";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as dispatch } from "../../functions/dispatch";
import { outboxEvent } from "../../functions/lib/relay";
import { handler as sweep } from "../../functions/sweep";
import { registration } from "../support/hub";
import { referralInput, startReceiver } from "../support/programs";

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const as = <R>(roles: string[], fn: () => R, partnerID?: string): R =>
  Actor.provide(
    {
      type: "user",
      properties: {
        userID: "usr_workers",
        email: "workers@example.org",
        name: "Workers test",
        roles: roles as never,
        sessionID: "ses_workers",
        ...(partnerID ? { partnerID } : {}),
      },
    },
    fn,
  );

let receiver: Receiver;
/** Answers per event id: fail the first `failFirst.get(id)` attempts, then accept. */
const failFirst = new Map<string, number>();
beforeAll(async () => {
  receiver = await startReceiver(({ id, n }) => (n <= (failFirst.get(id) ?? 0) ? "fail" : "ok"));
});
afterAll(() => receiver?.close());

let n = 0;
/** A verified LKS, a programme with an endpoint at the receiver, and a way to refer to it. */
const setUp = async () => {
  n++;
  const partner = await Actor.provide({ type: "public", properties: {} }, () =>
    Partner.register(registration(`wk${n}`)),
  );
  await as(["kemensos_reviewer"], () => Partner.verify(partner.id));
  const program = await as(["admin"], () =>
    Program.create({
      code: `WK${n}`,
      name: `Workers ${n}`,
      owningUnit: "Direktorat",
      kind: "jaminan_sosial",
      allowedFields: [],
    }),
  );
  const endpoint = await as(["admin"], () =>
    Endpoint.create(program.id, { url: receiver.url, eventTypes: [] }),
  );
  receiver.useSecret(endpoint.secret);
  /** Refers someone; resolves with the outbox event the referral wrote. */
  const refer = async () => {
    const referral = await as(["lks_operator"], () => Referral.create(referralInput(program.id)), partner.id);
    const { data } = await ReferralEntity.get({ referralID: referral.id }).go();
    return data!.eventIDs[0]!;
  };
  return { refer };
};

/** The SQS message the relay sends for an outbox item (its stream image is what GetItem returns). */
const relayedMessage = async (eventID: string, messageId = `msg-${eventID}`) => {
  const { Key } = OutboxEntity.get({ eventID }).params() as { Key: Record<string, string> };
  const { Item } = await Database.raw().send(
    new GetItemCommand({
      TableName: Database.tableName(),
      Key: Object.fromEntries(Object.entries(Key).map(([k, v]) => [k, { S: v }])),
    }),
  );
  const message = outboxEvent({ eventName: "INSERT", dynamodb: { NewImage: Item as never } });
  if (!message) throw new Error(`${eventID} is not a pending outbox item`);
  return { messageId, body: JSON.stringify(message) };
};

type SQSEvent = Parameters<typeof dispatch>[0];
const sqsEvent = (records: { messageId: string; body: string }[]) => ({ Records: records }) as SQSEvent;

const deliveriesOf = async (eventID: string) =>
  (await DeliveryEntity.query.byEvent({ eventID }).go({ pages: "all" })).data;

const delivered = (eventID: string) => receiver.verified.filter((r) => r.headers["webhook-id"] === eventID);

describe("dispatch handler", () => {
  it("delivers a relayed event, signed (Standard Webhooks), and acknowledges the message", async () => {
    const { refer } = await setUp();
    const eventID = await refer();
    const message = await relayedMessage(eventID);
    const result = await dispatch(sqsEvent([message]));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(delivered(eventID)).toHaveLength(1);
    expect(delivered(eventID)[0]!.event.type).toBe("referral.sent");
    expect(receiver.invalid).toEqual([]);
    expect(await deliveriesOf(eventID)).toEqual([
      expect.objectContaining({ status: "delivered", attempts: 1 }),
    ]);
    // SQS may deliver the message again: the event is not sent twice.
    expect(await dispatch(sqsEvent([message]))).toEqual({ batchItemFailures: [] });
    expect(delivered(eventID)).toHaveLength(1);
  });

  it("acknowledges a failed HTTP attempt (retry scheduled in the table) and reports only records that threw", async () => {
    const { refer } = await setUp();
    const failing = await refer();
    failFirst.set(failing, 1);
    const ok = await refer();
    // An outbox item that cannot be opened: processing it throws.
    await OutboxEntity.create({
      eventID: "evt_unreadable",
      type: "referral.sent",
      subject: "ref_x",
      payload: "not sealed",
      status: "pending",
      createdAt: new Date().toISOString(),
    }).go();
    const result = await dispatch(
      sqsEvent([
        await relayedMessage(failing, "m-failing"),
        await relayedMessage("evt_unreadable", "m-unreadable"),
        await relayedMessage(ok, "m-ok"),
      ]),
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "m-unreadable" }] });
    expect(delivered(ok)).toHaveLength(1);
    const [retry] = await deliveriesOf(failing);
    expect(retry).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500 });
    expect(Date.parse(retry!.nextAttemptAt) - Date.now()).toBeGreaterThan(40_000);
    await OutboxEntity.delete({ eventID: "evt_unreadable" }).go();
  });
});

describe("sweep handler", () => {
  it("sends retries when due, leaves fresh events to the stream path and fans out missed ones", async () => {
    const { refer } = await setUp();
    // A retry that is due.
    const retried = await refer();
    failFirst.set(retried, 1);
    await dispatch(sqsEvent([await relayedMessage(retried)]));
    const [pending] = await deliveriesOf(retried);
    expect(pending).toMatchObject({ status: "pending", attempts: 1 });
    await DeliveryEntity.patch({ deliveryID: pending!.deliveryID })
      .set({ nextAttemptAt: new Date(Date.now() - 1000).toISOString() })
      .go();

    // A fresh event: the relay and dispatch will take it, the sweep must not.
    const fresh = await refer();
    const first = await sweep({ time: new Date().toISOString() });
    expect(first.attempted).toBeGreaterThanOrEqual(1);
    expect(delivered(retried)).toHaveLength(1);
    expect((await deliveriesOf(retried))[0]).toMatchObject({ status: "delivered", attempts: 2 });
    expect(await deliveriesOf(fresh)).toEqual([]);

    // The same event, now older than the grace period and still pending: the stream path missed it.
    const old = new Date(Date.now() - 5 * 60_000).toISOString();
    await OutboxEntity.patch({ eventID: fresh }).set({ status: "pending", createdAt: old }).go();
    const second = await sweep({ time: new Date().toISOString() });
    expect(second.events).toBeGreaterThanOrEqual(1);
    expect(delivered(fresh)).toHaveLength(1);
    expect((await deliveriesOf(fresh))[0]).toMatchObject({ status: "delivered" });
  });
});
