/**
 * Organisation units: the directorate, Balai / Loka / Sentra (UPT) and dinas sosial.
 *
 * | access pattern            | index | key                                         |
 * |---------------------------|-------|---------------------------------------------|
 * | one unit                  | table | pk = unit#<unitID>                          |
 * | all units, by name        | gsi1  | gsi1pk = units, gsi1sk = <name>             |
 *
 * A staff user's unit (user.unitID) is read once per session (the session cache keeps it): its
 * `regions` are the scope every policy decision of that user is checked against.
 */
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

export const UnitEntity = new Entity(
  {
    model: { entity: "unit", version: "1", service: "atensi" },
    attributes: {
      unitID: { type: "string", required: true },
      kind: { type: "string", required: true },
      name: { type: "string", required: true },
      /** Kemendagri codes of provinces (2 digits) and regencies/cities (4 digits); none: national. */
      regions: { type: "list", items: { type: "string" }, required: true },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      version: { type: "number", required: true },
      auditHash: { type: "string", required: true },
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["unitID"] }, sk: { field: "sk", composite: [] } },
      all: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: [] },
        sk: { field: "gsi1sk", composite: ["name"] },
      },
    },
  },
  entityConfig(),
);
