/**
 * The pekerja sosial registry.
 *
 * | access pattern                        | index | key                                                        |
 * |---------------------------------------|-------|------------------------------------------------------------|
 * | one social worker                     | table | pk = socialworker#<socialWorkerID>                         |
 * | all social workers, by name           | gsi1  | gsi1pk = socialworkers, gsi1sk = <name>                    |
 * | those of one LKS or unit, by name     | gsi2  | gsi2pk = <partnerID, unitID or "kemensos">, gsi2sk = <name> |
 */
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

export const SocialWorkerEntity = new Entity(
  {
    model: { entity: "socialworker", version: "1", service: "atensi" },
    attributes: {
      socialWorkerID: { type: "string", required: true },
      name: { type: "string", required: true },
      certificateNumber: { type: "string", required: true },
      certificateValidFrom: { type: "string", required: true },
      certificateValidUntil: { type: "string", required: true },
      unitID: { type: "string" },
      partnerID: { type: "string" },
      /** The LKS, the unit, or "kemensos": whose registry entry it is. */
      owner: { type: "string", required: true },
      clusters: { type: "list", items: { type: "string" }, required: true },
      userID: { type: "string" },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      version: { type: "number", required: true },
      auditHash: { type: "string", required: true },
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["socialWorkerID"] }, sk: { field: "sk", composite: [] } },
      all: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: [] },
        sk: { field: "gsi1sk", composite: ["name"] },
      },
      byOwner: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["owner"] },
        sk: { field: "gsi2sk", composite: ["name"] },
      },
    },
  },
  entityConfig(),
);
