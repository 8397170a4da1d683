/**
 * The transactional outbox: events for subscribers, written in the same transaction as the
 * change they announce, then delivered at least once by the relay/dispatch workers.
 *
 * | access pattern                    | index | key                                              |
 * |-----------------------------------|-------|--------------------------------------------------|
 * | one event                         | table | pk = outbox#<eventID>, sk = -                    |
 * | undelivered events, oldest first  | gsi1  | gsi1pk = outbox#<status>, gsi1sk = createdAt     |
 */
import { Entity } from "electrodb";
import { entityConfig, nowISO, txStep } from "../db/electro";
import { createID } from "../id";

export const OutboxEntity = new Entity(
  {
    model: { entity: "outbox", version: "1", service: "atensi" },
    attributes: {
      eventID: { type: "string", required: true },
      type: { type: "string", required: true },
      subject: { type: "string", required: true },
      payload: { type: "any", required: true },
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

export namespace Outbox {
  /** The transaction step that enqueues an event; the caller commits it with its change. */
  export const enqueue = (type: string, subject: string, payload: Record<string, unknown>) =>
    txStep(
      OutboxEntity.create({
        eventID: createID("event"),
        type,
        subject,
        payload,
        status: "pending",
        createdAt: nowISO(),
      }),
    );
}
