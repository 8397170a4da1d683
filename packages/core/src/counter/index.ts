/**
 * Gapless sequences (e.g. agreement numbers per year), advanced inside the transaction that uses
 * the number, so a number is never skipped or given twice; and one-off data migrations, marked
 * done by a counter of the same shape.
 *
 * | access pattern        | index | key                 |
 * |-----------------------|-------|---------------------|
 * | one counter           | table | pk = name           |
 */
import { Entity } from "../db/entity";
import { entityConfig, txStep } from "../db/support";
import { HubError } from "../error";

export const CounterEntity = new Entity(
  {
    model: { entity: "counter", version: "1", service: "atensi" },
    attributes: {
      name: { type: "string", required: true },
      value: { type: "number", required: true },
    },
    indexes: { byName: { pk: { field: "pk", composite: ["name"] }, sk: { field: "sk", composite: [] } } },
  },
  entityConfig(),
);

export namespace Counter {
  /** The next value and the step that claims it; the step fails if someone claimed it first. */
  export const next = async (name: string) => {
    const { data } = await CounterEntity.get({ name }).go({ consistent: true });
    const current = data?.value ?? 0;
    const value = current + 1;
    const step = data
      ? txStep(
          CounterEntity.patch({ name })
            .set({ value })
            .where((a, op) => op.eq(a.value, current)),
        )
      : txStep(CounterEntity.create({ name, value }));
    return {
      value,
      step: {
        step,
        onConditionFailed: () =>
          HubError.conflict("Another change took the same number; try again", "sequence_taken"),
      },
    };
  };
}

const migrated = new Set<string>();

export namespace Migration {
  /**
   * Runs `fn` once per table: after it succeeds a marker item says so (one GetItem per process
   * until then). Idempotent work only: two processes may both run it before either marks it.
   */
  export const once = async (name: string, fn: () => Promise<unknown>) => {
    if (migrated.has(name)) return;
    const id = `migration#${name}`;
    const { data } = await CounterEntity.get({ name: id }).go({ consistent: true });
    if (!data) {
      await fn();
      await CounterEntity.put({ name: id, value: 1 }).go();
    }
    migrated.add(name);
  };

  /** The marker item, for seeding a table that needs no migration (benchmarks). */
  export const markerItem = (name: string) =>
    CounterEntity.put({ name: `migration#${name}`, value: 1 }).params().Item as Record<string, unknown>;
}
