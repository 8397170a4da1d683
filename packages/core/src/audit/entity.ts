/**
 * Audit events: one per entity version, chained by hash.
 *
 * | access pattern                      | index | key                                       |
 * |-------------------------------------|-------|-------------------------------------------|
 * | events of one entity, in order      | table | pk = entity#<entityID>, sk = version#<n>  |
 * | events of one tenant (LKS), newest  | gsi1  | gsi1pk = tenant#<partnerID>, gsi1sk = at  |
 *
 * The create condition (no item at this version yet) makes a second event for the same
 * version impossible, which is how concurrent writers are serialised.
 */
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

export const AuditEntity = new Entity(
  {
    model: { entity: "audit", version: "1", service: "atensi" },
    attributes: {
      entityType: { type: "string", required: true },
      entityID: { type: "string", required: true },
      version: { type: "number", required: true, padding: { length: 8, char: "0" } },
      action: { type: "string", required: true },
      actor: { type: "any", required: true },
      tenant: { type: "string" },
      at: { type: "string", required: true },
      data: { type: "any", required: true },
      prevHash: { type: "string", required: true },
      hash: { type: "string", required: true },
    },
    indexes: {
      byEntity: {
        pk: { field: "pk", composite: ["entityID"] },
        sk: { field: "sk", composite: ["version"] },
      },
      byTenant: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenant"] },
        sk: { field: "gsi1sk", composite: ["at"] },
      },
    },
  },
  entityConfig(),
);
