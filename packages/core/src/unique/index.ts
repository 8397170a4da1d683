/**
 * Uniqueness guards: an item per unique value, created in the same transaction as its owner.
 *
 * | access pattern                  | index | key                                   |
 * |---------------------------------|-------|---------------------------------------|
 * | owner of a unique value         | table | pk = unique#<kind>#<value>, sk = -    |
 *
 * Kinds: email (lower-cased), partner-registration (upper-cased), later agreement-number and
 * report-period. A guard is consistent (unlike a GSI), so it also serves lookups by email.
 */
import { Entity } from "../db/entity";
import { entityConfig, txStep } from "../db/support";
import { HubError } from "../error";

export const UniqueEntity = new Entity(
  {
    model: { entity: "unique", version: "1", service: "atensi" },
    attributes: {
      kind: { type: "string", required: true },
      value: { type: "string", required: true },
      ownerID: { type: "string", required: true },
    },
    indexes: {
      byValue: {
        pk: { field: "pk", composite: ["kind", "value"] },
        sk: { field: "sk", composite: [] },
      },
    },
  },
  entityConfig(),
);

export namespace Unique {
  export type Kind = "email" | "partner-registration" | "program-code" | "agreement-number" | "report-period";

  export const claim = (kind: Kind, value: string, ownerID: string, onTaken: () => HubError) => ({
    step: txStep(UniqueEntity.create({ kind, value, ownerID })),
    onConditionFailed: onTaken,
  });

  /** The step that frees a value, only if it still belongs to `ownerID`. */
  export const release = (kind: Kind, value: string, ownerID: string) => ({
    step: txStep(UniqueEntity.delete({ kind, value }).where((a, op) => op.eq(a.ownerID, ownerID))),
    onConditionFailed: () => new HubError("conflict", "unique_moved", "The value belongs to someone else"),
  });

  export const owner = async (kind: Kind, value: string) => {
    const { data } = await UniqueEntity.get({ kind, value }).go({ consistent: true });
    return data?.ownerID;
  };
}
