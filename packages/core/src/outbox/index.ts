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
import { eventData } from "@atensi/contracts";
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

type Listener = (events: Outbox.Event[]) => void;
const listeners = new Set<Listener>();

/** What the relay puts on the deliveries queue (functions/lib/relay.ts): the item, still sealed. */
export type OutboxRecord = {
  eventID: string;
  type: string;
  subject: string;
  programID?: string;
  payload: unknown;
  createdAt: string;
};

export namespace Outbox {
  export type Event = {
    eventID: string;
    type: string;
    subject: string;
    programID?: string;
    createdAt: string;
    /** The Standard Webhooks body: `{ type, timestamp, data }`. */
    body: { type: string; timestamp: string; data: Record<string, unknown> };
    /** The body as stored (sealed), so the worker can write the item back without reading it. */
    sealed: string;
  };

  /**
   * The transaction step that enqueues an event; the caller commits it with its change and then
   * passes `event` to `notify`, so an in-process worker (local runtime) delivers it without
   * waiting and without reading it back.
   */
  export const enqueue = async (
    type: string,
    input: { subject: string; programID?: string; data: Record<string, unknown> },
  ) => {
    const eventID = createID("event");
    const createdAt = nowISO();
    // Parsed with the documented schema (OpenAPI `webhooks`): receivers get exactly what is documented.
    const body = { type, timestamp: createdAt, data: eventData(type, input.data) };
    const event: Event = {
      eventID,
      type,
      subject: input.subject,
      ...(input.programID ? { programID: input.programID } : {}),
      createdAt,
      body,
      sealed: await Vault.seal(body),
    };
    return { eventID, event, step: txStep(OutboxEntity.create(itemOf(event, "pending"))) };
  };

  const itemOf = (event: Event, status: "pending" | "dispatched") => ({
    eventID: event.eventID,
    type: event.type,
    subject: event.subject,
    ...(event.programID ? { programID: event.programID } : {}),
    payload: event.sealed,
    status,
    createdAt: event.createdAt,
  });

  export const get = async (eventID: string): Promise<(Event & { status: string }) | undefined> => {
    const { data } = await OutboxEntity.get({ eventID }).go({ consistent: true });
    if (!data) return undefined;
    return { ...(await fromRecord(data)), status: data.status };
  };

  /**
   * The event a stream record (via the relay's queue message) carries: opened here instead of
   * read back from the table. The payload is sealed, so a message cannot forge one.
   */
  export const fromRecord = async (record: OutboxRecord): Promise<Event> => {
    if (typeof record.payload !== "string") throw new Error(`Outbox event ${record.eventID} has no payload`);
    return {
      eventID: record.eventID,
      type: record.type,
      subject: record.subject,
      ...(record.programID ? { programID: record.programID } : {}),
      createdAt: record.createdAt,
      body: await Vault.open(record.payload),
      sealed: record.payload,
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

  /** Marks an event fanned out on its own (one UpdateItem); a no-op when it already is. */
  export const close = async (eventID: string, createdAt: string) => {
    await OutboxEntity.patch({ eventID })
      .set({ status: "dispatched", createdAt })
      .where((a, op) => op.eq(a.status, "pending"))
      .go()
      .catch((error: Error) => {
        if (!error.message?.includes("conditional request failed")) throw error;
      });
  };

  /**
   * The event as fanned out, whole (a Put, for a batch write with its delivery's result): the
   * worker holds the event, so it need not read the item to change its status.
   */
  export const dispatchedItem = (event: Event) => OutboxEntity.put(itemOf(event, "dispatched")).params();

  export const notify = (events: Event[]) => {
    if (events.length === 0) return;
    for (const listener of listeners) listener(events);
  };

  export const subscribe = (listener: Listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
}
