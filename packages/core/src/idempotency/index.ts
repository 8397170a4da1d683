/**
 * `Idempotency-Key` for machine clients' POSTs: the first request's answer is stored in the same
 * transaction as its change, so a retry after a lost response replays the answer instead of
 * acting twice. Records expire after 24 hours.
 *
 * | access pattern              | index | key                                   |
 * |-----------------------------|-------|---------------------------------------|
 * | the record of a key         | table | pk = scope (client id) + key          |
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { Entity } from "../db/entity";
import { entityConfig, epochSeconds, nowISO, txStep } from "../db/support";
import { HubError } from "../error";

export const IDEMPOTENCY_HOURS = 24;

export const IdempotencyEntity = new Entity(
  {
    model: { entity: "idempotency", version: "1", service: "atensi" },
    attributes: {
      scope: { type: "string", required: true },
      key: { type: "string", required: true },
      requestHash: { type: "string", required: true },
      status: { type: "number", required: true },
      body: { type: "string", required: true },
      createdAt: { type: "string", required: true },
      expiresAtEpoch: { type: "number", required: true },
    },
    indexes: {
      byKey: { pk: { field: "pk", composite: ["scope", "key"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);

export namespace Idempotency {
  export type Request = { scope: string; key: string; fingerprint: unknown };
  export type Replay = { status: number; body: unknown };

  export const hashOf = (fingerprint: unknown) =>
    createHash("sha256")
      .update(canonicalize(fingerprint) ?? "")
      .digest("hex");

  /** The stored answer for this key, or undefined; a key reused for another request is a 409. */
  export const lookup = async (request: Request): Promise<Replay | undefined> => {
    const { data } = await IdempotencyEntity.get({ scope: request.scope, key: request.key }).go({
      consistent: true,
    });
    if (!data || data.expiresAtEpoch < epochSeconds()) return undefined;
    if (data.requestHash !== hashOf(request.fingerprint)) {
      throw HubError.conflict(
        "This Idempotency-Key was already used for a different request",
        "idempotency_key_reused",
      );
    }
    return { status: data.status, body: JSON.parse(data.body) };
  };

  /** The step that stores the answer; if another request with the key won the race, it fails. */
  export const step = (request: Request, answer: Replay) => ({
    step: txStep(
      IdempotencyEntity.put({
        scope: request.scope,
        key: request.key,
        requestHash: hashOf(request.fingerprint),
        status: answer.status,
        body: JSON.stringify(answer.body),
        createdAt: nowISO(),
        expiresAtEpoch: epochSeconds() + IDEMPOTENCY_HOURS * 3600,
      }).where((a, op) => `${op.notExists(a.requestHash)} OR ${op.lt(a.expiresAtEpoch, epochSeconds())}`),
    ),
    onConditionFailed: () =>
      HubError.conflict("A request with this Idempotency-Key is in progress", "idempotency_race"),
  });
}
