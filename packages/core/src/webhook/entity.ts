/**
 * Programmes' webhook endpoints, the deliveries (one per event × subscribed endpoint) and their
 * attempts.
 *
 * | access pattern                          | entity   | index | key                                               |
 * |-----------------------------------------|----------|-------|---------------------------------------------------|
 * | one endpoint                            | endpoint | table | pk = endpointID                                   |
 * | endpoints of a programme                | endpoint | gsi1  | gsi1pk = programID, gsi1sk = createdAt            |
 * | all endpoints (broadcast events)        | endpoint | gsi2  | gsi2pk = endpoints, gsi2sk = createdAt            |
 * | one delivery                            | delivery | table | pk = deliveryID                                   |
 * | attempts of a delivery, in order        | attempt  | table | pk = deliveryID, sk = attempt (zero-padded)       |
 * | delivery log of an endpoint, by time    | delivery | gsi1  | gsi1pk = endpointID, gsi1sk = createdAt           |
 * | due retries (status pending, oldest)    | delivery | gsi2  | gsi2pk = status, gsi2sk = nextAttemptAt           |
 * | deliveries of an event                  | delivery | gsi3  | gsi3pk = eventID, gsi3sk = endpointID             |
 *
 * A delivery's id is derived from (event, endpoint), so fanning an event out twice cannot create
 * a second delivery, and receivers see the event id as `webhook-id` on every attempt.
 */
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

export const DeliveryEntity = new Entity(
  {
    model: { entity: "delivery", version: "1", service: "atensi" },
    attributes: {
      deliveryID: { type: "string", required: true },
      eventID: { type: "string", required: true },
      eventType: { type: "string", required: true },
      subject: { type: "string", required: true },
      endpointID: { type: "string", required: true },
      programID: { type: "string", required: true },
      status: { type: ["pending", "delivered", "failed"] as const, required: true },
      attempts: { type: "number", required: true },
      /** When the next attempt is due; for a finished delivery, when it finished. */
      nextAttemptAt: { type: "string", required: true },
      /** A worker holds the delivery until then; a crashed worker's lease simply runs out. */
      leaseUntil: { type: "string" },
      lastStatusCode: { type: "number" },
      lastError: { type: "string" },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      /** Manual redeliveries are audited; these chain them. */
      redeliveries: { type: "number" },
      auditHash: { type: "string" },
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["deliveryID"] }, sk: { field: "sk", composite: [] } },
      byEndpoint: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["endpointID"] },
        sk: { field: "gsi1sk", composite: ["createdAt"] },
      },
      byStatus: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["status"] },
        sk: { field: "gsi2sk", composite: ["nextAttemptAt"] },
      },
      byEvent: {
        index: "gsi3",
        pk: { field: "gsi3pk", composite: ["eventID"] },
        sk: { field: "gsi3sk", composite: ["endpointID"] },
      },
    },
  },
  entityConfig(),
);

export const AttemptEntity = new Entity(
  {
    model: { entity: "attempt", version: "1", service: "atensi" },
    attributes: {
      deliveryID: { type: "string", required: true },
      attempt: { type: "number", required: true, padding: { length: 3, char: "0" } },
      at: { type: "string", required: true },
      durationMs: { type: "number", required: true },
      statusCode: { type: "number" },
      error: { type: "string" },
      responseBody: { type: "string" },
      /** Attempts are kept 90 days. */
      expiresAtEpoch: { type: "number" },
    },
    indexes: {
      byDelivery: {
        pk: { field: "pk", composite: ["deliveryID"] },
        sk: { field: "sk", composite: ["attempt"] },
      },
    },
  },
  entityConfig(),
);

export const EndpointEntity = new Entity(
  {
    model: { entity: "endpoint", version: "1", service: "atensi" },
    attributes: {
      endpointID: { type: "string", required: true },
      programID: { type: "string", required: true },
      url: { type: "string", required: true },
      description: { type: "string" },
      eventTypes: { type: "list", items: { type: "string" }, required: true },
      enabled: { type: "boolean", required: true },
      disabledReason: { type: "string" },
      /** When the current run of failures started; cleared by a success. */
      failingSince: { type: "string" },
      /** Signing secrets, sealed (../vault); an old one keeps an `expiresAt` during a rotation. */
      secrets: { type: "any", required: true },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      version: { type: "number", required: true },
      auditHash: { type: "string", required: true },
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["endpointID"] }, sk: { field: "sk", composite: [] } },
      byProgram: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["programID"] },
        sk: { field: "gsi1sk", composite: ["createdAt"] },
      },
      all: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: [] },
        sk: { field: "gsi2sk", composite: ["createdAt"] },
      },
    },
  },
  entityConfig(),
);
