import { createHash } from "node:crypto";
import type { AuditEvent } from "@atensi/contracts";
import canonicalize from "canonicalize";
import { Actor } from "../actor";
import { nowISO, txStep } from "../db/support";
import { AuditEntity } from "./entity";

export { AuditEntity };

export const GENESIS_HASH = "0".repeat(64);

type Unhashed = Omit<AuditEvent, "hash"> & { tenant?: string };

const hashOf = (event: Unhashed) =>
  createHash("sha256")
    .update(canonicalize(event) ?? "")
    .digest("hex");

/**
 * The audit trail. Every state change writes exactly one event in the same transaction as the
 * entity it describes; each event carries the hash of the previous one (per entity), so any
 * edit, deletion or reordering of history breaks the chain and `verify` finds it.
 */
export namespace Audit {
  export type Input = {
    entityType: string;
    entityID: string;
    /** The version the entity has after this change (1 for a create). */
    version: number;
    action: string;
    /** The hash stored on the entity before this change; omitted for a create. */
    prevHash?: string;
    tenant?: string;
    data?: Record<string, unknown>;
  };

  /** Builds the event and its transaction step; the caller stores `hash` on the entity. */
  export const record = (input: Input) => {
    const event: Unhashed = {
      entityType: input.entityType,
      entityID: input.entityID,
      version: input.version,
      action: input.action,
      actor: Actor.describe(),
      ...(input.tenant ? { tenant: input.tenant } : {}),
      at: nowISO(),
      data: input.data ?? {},
      prevHash: input.prevHash ?? GENESIS_HASH,
    };
    const hash = hashOf(event);
    return { hash, event: { ...event, hash }, step: txStep(AuditEntity.create({ ...event, hash })) };
  };

  export const list = async (entityID: string): Promise<AuditEvent[]> => {
    const events: AuditEvent[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: AuditEvent[]; cursor: string | null } = await AuditEntity.query
        .byEntity({ entityID })
        .go({ cursor, limit: 500 });
      events.push(...page.data);
      cursor = page.cursor;
    } while (cursor);
    return events;
  };

  export type Verification =
    | { valid: true; events: number; headHash: string }
    | { valid: false; events: number; brokenAtVersion: number; reason: string };

  /**
   * Recomputes the chain of one entity. `expectedHead` is the hash the entity itself carries,
   * which catches a truncated tail.
   */
  export const verify = async (entityID: string, expectedHead?: string): Promise<Verification> =>
    check(await list(entityID), expectedHead);

  const check = (events: AuditEvent[], expectedHead?: string): Verification => {
    let prev = GENESIS_HASH;
    for (const [i, e] of events.entries()) {
      const broken = (reason: string): Verification => ({
        valid: false,
        events: events.length,
        brokenAtVersion: e.version,
        reason,
      });
      if (e.version !== i + 1) return broken(`expected version ${i + 1}`);
      if (e.prevHash !== prev) return broken("previous hash does not match");
      const { hash, ...rest } = e as AuditEvent & { tenant?: string };
      if (hashOf(rest) !== hash) return broken("event content does not match its hash");
      prev = hash;
    }
    if (expectedHead !== undefined && expectedHead !== prev) {
      return {
        valid: false,
        events: events.length,
        brokenAtVersion: events.length,
        reason: "the chain ends before the entity's latest version",
      };
    }
    return { valid: true, events: events.length, headHash: prev };
  };

  /**
   * A record's trail as its audit view answers it: every event, and the chain verified against
   * the head hash the record carries. The caller checks that the actor may read the record.
   */
  export const trail = async (entityID: string, head: string) => {
    const items = await list(entityID);
    return { items, verification: check(items, head) };
  };
}
