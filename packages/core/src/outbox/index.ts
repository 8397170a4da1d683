/**
 * The transactional outbox: events for subscribers, written in the same transaction as the
 * change they announce, then delivered at least once (see ../webhook).
 *
 * | access pattern                    | index | key                                              |
 * |-----------------------------------|-------|--------------------------------------------------|
 * | one event                         | table | pk = eventID                                     |
 * | events by status, oldest first    | gsi1  | gsi1pk = status, gsi1sk = createdAt              |
 *
 * The payload may carry personal data (a referral's NIK, for a programme allowed to receive it),
 * so it is stored sealed (../vault) and opened only by the delivery worker.
 */
import { Entity } from "../db/entity";
import { entityConfig, nowISO, txStep } from "../db/support";
import { createID } from "../id";
import { Vault } from "../vault";

export const OutboxEntity = new Entity(
  {
    model: { entity: "outbox", version: "1", service: "atensi" },
    attributes: {
      eventID: { type: "string", required: true },
      type: { type: "string", required: true },
      /** The record the event is about, e.g. a referral id. */
      subject: { type: "string", required: true },
      /** The programme the event is addressed to; absent for events any subscriber may receive. */
      programID: { type: "string" },
      payload: { type: "string", required: true },
      status: { type: ["pending", "dispatched"] as const, required: true, default: "pending" },
      createdAt: { type: "string", required: true },
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["eventID"] }, sk: { field: "sk", composite: [] } },
      byStatus: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["status"] },
        sk: { field: "gsi1sk", composite: ["createdAt"] },
      },
    },
  },
  entityConfig(),
);

type Listener = (eventIDs: string[]) => void;
const listeners = new Set<Listener>();

export namespace Outbox {
  export type Event = {
    eventID: string;
    type: string;
    subject: string;
    programID?: string;
    createdAt: string;
    /** The Standard Webhooks body: `{ type, timestamp, data }`. */
    body: { type: string; timestamp: string; data: Record<string, unknown> };
  };

  /**
   * The transaction step that enqueues an event; the caller commits it with its change and then
   * calls `notify` so an in-process worker (local runtime) can deliver without waiting.
   */
  export const enqueue = async (
    type: string,
    input: { subject: string; programID?: string; data: Record<string, unknown> },
  ) => {
    const eventID = createID("event");
    const createdAt = nowISO();
    const body = { type, timestamp: createdAt, data: input.data };
    const step = txStep(
      OutboxEntity.create({
        eventID,
        type,
        subject: input.subject,
        ...(input.programID ? { programID: input.programID } : {}),
        payload: await Vault.seal(body),
        status: "pending",
        createdAt,
      }),
    );
    return { eventID, step };
  };

  export const get = async (eventID: string): Promise<(Event & { status: string }) | undefined> => {
    const { data } = await OutboxEntity.get({ eventID }).go({ consistent: true });
    if (!data) return undefined;
    return {
      eventID: data.eventID,
      type: data.type,
      subject: data.subject,
      ...(data.programID ? { programID: data.programID } : {}),
      createdAt: data.createdAt,
      status: data.status,
      body: await Vault.open(data.payload),
    };
  };

  /** Events not yet fanned out to deliveries, oldest first (the sweep's safety net). */
  export const pending = async (limit = 100, olderThan?: string) => {
    const query = OutboxEntity.query.byStatus({ status: "pending" });
    const { data } = await (olderThan ? query.lt({ createdAt: olderThan }) : query).go({ limit });
    return data.map((d) => d.eventID);
  };

  /** The transaction step that marks an event fanned out; fails if another worker did it first. */
  export const markDispatched = (eventID: string, createdAt: string) =>
    txStep(
      OutboxEntity.patch({ eventID })
        .set({ status: "dispatched", createdAt })
        .where((a, op) => op.eq(a.status, "pending")),
    );

  export const notify = (eventIDs: string[]) => {
    if (eventIDs.length === 0) return;
    for (const listener of listeners) listener(eventIDs);
  };

  export const subscribe = (listener: Listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
}
