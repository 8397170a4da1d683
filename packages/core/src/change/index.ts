import type { NotificationParams } from "@atensi/contracts";
import { Audit } from "../audit";
import { Database } from "../db";
import type { Entity, EntitySchema, Item } from "../db/entity";
import { atVersion, expectVersion, nowISO, txStep } from "../db/support";
import { HubError } from "../error";
import { Notification } from "../notification";
import { Outbox } from "../outbox";

/** What every versioned record carries: its version (the ETag) and the head of its audit chain. */
type Versioned = { version: number; auditHash: string; updatedAt: string };

/** Work that must wait until the transaction is committed (waking a worker, sending mail). */
export type Effect = () => unknown;

type EventData = { subject?: string; programID?: string; data: Record<string, unknown> };

/** What a module says once about its records, so each change names only what it changes. */
export type Kind<S extends EntitySchema> = {
  entity: Entity<S>;
  /** The audit trail's entity type, e.g. "agreement". */
  type: string;
  id: (item: Item<S>) => string;
  keys: (item: Item<S>) => Parameters<Entity<S>["patch"]>[0];
  /** The tenant the audit event belongs to (the LKS, or Kemensos). */
  tenant: (item: Item<S>) => string;
  /** The portal page notifications link to. */
  link: (item: Item<S>) => string;
  /**
   * Index composites restated on every change, so the entity layer can rebuild each key the
   * change touches even when only one of a key's attributes moves.
   */
  restate?: (item: Item<S>) => Partial<Item<S>>;
  /** The outbox payload of an event named only by its type. */
  event?: (updated: Item<S>) => EventData;
  /** Where the record keeps the ids of its events, if it does (e.g. a referral's delivery log). */
  eventIDs?: (item: Item<S>, eventID: string) => Partial<Item<S>>;
};

/** One change of one record; `set` never carries version, updatedAt or auditHash (the helper does). */
export type Plan<S extends EntitySchema> = {
  /** The audit action, e.g. "agreement.approved"; notifications are of this kind too. */
  action: string;
  set?: Partial<Item<S>>;
  remove?: readonly (keyof Item<S> & string)[];
  /** The audit event's data. */
  data?: Record<string, unknown>;
  /** An outbox event: its type (payload from the kind's `event`) or type and payload. */
  event?: string | ({ type: string } & EventData);
  notify?: readonly { audience: string; params: NotificationParams; kind?: string }[];
  /** Further steps of the same transaction (aggregates, counters, uniqueness claims). */
  steps?: readonly Database.Step[];
  /** Run once the transaction is committed, in order; a failure is logged, not raised. */
  after?: readonly Effect[];
  /** The refusal when the record moved on since it was read (default 412 version_mismatch). */
  onStale?: () => HubError;
};

/** A change ready to commit: its transaction steps, the record as it will be, what runs after. */
export type Prepared<T> = { steps: Database.Step[]; updated: T; effects: Effect[] };

const runEffects = async (effects: Effect[]) => {
  for (const effect of effects) {
    try {
      await effect();
    } catch (error) {
      // The change is committed: a failed follow-up must not turn it into an error response.
      console.error(
        JSON.stringify({ level: "error", msg: "after-commit effect failed", error: String(error) }),
      );
    }
  }
};

/**
 * Versioned changes: check the version the caller read, apply the transition, write its audit
 * event and outbox event, commit all of it in one TransactWriteItems, then run the effects
 * registered for after the commit. Every module that changes a versioned record uses this.
 */
export namespace Change {
  export const of = <S extends EntitySchema>(kind: Kind<S>) => {
    type T = Item<S> & Versioned;

    const outbox = async (plan: Plan<S>, updated: T) => {
      if (!plan.event) return undefined;
      const { type, ...payload } =
        typeof plan.event === "string"
          ? { type: plan.event, ...(kind.event?.(updated) ?? { data: {} }) }
          : plan.event;
      return Outbox.enqueue(type, {
        subject: payload.subject ?? kind.id(updated),
        ...(payload.programID ? { programID: payload.programID } : {}),
        data: payload.data,
      });
    };

    const extras = (plan: Plan<S>, item: T, event?: Outbox.Event): Prepared<T> => ({
      updated: item,
      steps: [
        ...(plan.notify ?? []).map((n) =>
          Notification.step({ kind: plan.action, ...n, link: kind.link(item) }),
        ),
        ...(plan.steps ?? []),
      ],
      effects: [...(event ? [() => Outbox.notify([event])] : []), ...(plan.after ?? [])],
    });

    /** The steps of a change, for committing alone (`commit`) or together with others (`Change.run`). */
    const prepare = async (current: T, plan: Plan<S>): Promise<Prepared<T>> => {
      const version = current.version + 1;
      const audit = Audit.record({
        entityType: kind.type,
        entityID: kind.id(current),
        version,
        action: plan.action,
        prevHash: current.auditHash,
        tenant: kind.tenant(current),
        data: plan.data ?? {},
      });
      const set = {
        ...kind.restate?.(current),
        ...plan.set,
        updatedAt: nowISO(),
        version,
        auditHash: audit.hash,
      } as unknown as Partial<Item<S>>;
      const updated = { ...current, ...set } as T;
      for (const field of plan.remove ?? []) delete updated[field];
      const event = await outbox(plan, updated);
      if (event && kind.eventIDs) {
        const ids = kind.eventIDs(current, event.eventID);
        Object.assign(set, ids);
        Object.assign(updated, ids);
      }
      // Every versioned entity has a `version` attribute; the generic entity type cannot say so.
      const patch = kind.entity.patch(kind.keys(current)).set(set) as unknown as Parameters<
        typeof atVersion
      >[0] & { remove: (names: readonly string[]) => Parameters<typeof atVersion>[0] };
      const rest = extras(plan, updated, event?.event);
      return {
        updated,
        steps: [
          {
            ...atVersion(plan.remove?.length ? patch.remove(plan.remove) : patch, current.version),
            ...(plan.onStale ? { onConditionFailed: plan.onStale } : {}),
          },
          audit.step,
          ...(event ? [event.step] : []),
          ...rest.steps,
        ],
        effects: rest.effects,
      };
    };

    /** A new record at version 1 with its first audit event (and event, notices), as one change. */
    const prepareCreate = async (
      item: Omit<T, "auditHash" | "version">,
      plan: Plan<S> & { onExists?: () => HubError },
    ): Promise<Prepared<T>> => {
      const draft = { ...item, version: 1 } as unknown as T;
      const audit = Audit.record({
        entityType: kind.type,
        entityID: kind.id(draft),
        version: 1,
        action: plan.action,
        tenant: kind.tenant(draft),
        data: plan.data ?? {},
      });
      const created = { ...draft, auditHash: audit.hash } as T;
      const event = await outbox(plan, created);
      if (event && kind.eventIDs) Object.assign(created, kind.eventIDs(created, event.eventID));
      const put = txStep(kind.entity.create(created));
      const rest = extras(plan, created, event?.event);
      return {
        updated: created,
        steps: [
          plan.onExists ? { step: put, onConditionFailed: plan.onExists } : put,
          audit.step,
          ...(event ? [event.step] : []),
          ...rest.steps,
        ],
        effects: rest.effects,
      };
    };

    return {
      prepare,
      prepareCreate,
      /** One versioned change committed: 412 if `expectedVersion` (If-Match) is not the stored one. */
      commit: async (current: T, plan: Plan<S>, expectedVersion?: number) => {
        expectVersion(expectedVersion, current.version);
        const prepared = await prepare(current, plan);
        await run([prepared]);
        return prepared.updated;
      },
      create: async (
        item: Omit<T, "auditHash" | "version">,
        plan: Plan<S> & { onExists?: () => HubError },
      ) => {
        const prepared = await prepareCreate(item, plan);
        await run([prepared]);
        return prepared.updated;
      },
    };
  };

  /**
   * Commits prepared changes (and further steps) in one TransactWriteItems, then runs their
   * after-commit effects. Nothing runs when the transaction fails.
   */
  export const run = async (changes: readonly Prepared<unknown>[], steps: readonly Database.Step[] = []) => {
    await Database.commit([...changes.flatMap((c) => c.steps), ...steps]);
    await runEffects(changes.flatMap((c) => c.effects));
  };

  /**
   * The fields of `next` whose value differs from the record's, each with its old value (null
   * when it had none) and its new one: what an edit's audit event records.
   */
  export const diff = <T extends object>(current: T, next: Partial<T>) =>
    Object.fromEntries(
      Object.entries(next)
        .filter(([field, value]) => JSON.stringify(current[field as keyof T]) !== JSON.stringify(value))
        .map(([field, value]) => [field, { from: current[field as keyof T] ?? null, to: value }]),
    ) as Record<string, { from: unknown; to: unknown }>;

  /** The new values of a diff, for `set`. */
  export const newValues = <T extends object>(changes: Record<string, { to: unknown }>) =>
    Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, change.to])) as Partial<T>;

  /** 412 when the client's If-Match names another version than the stored one. */
  export const expect = expectVersion;

  /** How many times a write without If-Match is made when other changes keep landing first. */
  export const STALE_ATTEMPTS = 3;

  /**
   * Runs `write` (read the record, decide, commit) and, when the caller sent no If-Match, makes it
   * again on the record as it now is if another change committed between its read and its commit
   * (the sweep escalating a referral, the schedules activating an agreement). Such a caller asked
   * for the change, not for a version, so a 412 would be a refusal it never asked for. With
   * If-Match the 412 is the answer. Safe because a version conflict fails the whole transaction:
   * nothing of the failed attempt was written.
   */
  export const latest = async <T>(
    expectedVersion: number | undefined,
    write: () => Promise<T>,
  ): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        const stale = error instanceof HubError && error.code === "version_mismatch";
        if (!stale || expectedVersion !== undefined || attempt >= STALE_ATTEMPTS) throw error;
      }
    }
  };

  type Rule = { readonly from: readonly string[]; readonly to: string };

  /**
   * The status an action leads to, or 409 `illegal_transition` naming the actions the record's
   * status allows (those `allowed` keeps, when given: e.g. only the caller's side of a workflow).
   */
  export const transition = <A extends string, R extends Rule>(
    rules: Record<A, R>,
    action: A,
    status: string,
    what: string,
    allowed: (rule: R) => boolean = () => true,
  ): R["to"] => {
    const rule = rules[action];
    if (rule.from.includes(status)) return rule.to;
    const actions = (Object.keys(rules) as A[]).filter(
      (a) => rules[a].from.includes(status) && allowed(rules[a]),
    );
    throw HubError.conflict(
      `${what} that is ${status} cannot be changed by "${action}"`,
      "illegal_transition",
      actions,
    );
  };
}
