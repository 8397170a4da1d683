/**
 * Partner (LKS) records.
 *
 * | access pattern                              | index | key                                                      |
 * |---------------------------------------------|-------|----------------------------------------------------------|
 * | one partner                                 | table | pk = partner#<partnerID>                                 |
 * | partners by status (and province), newest   | gsi1  | gsi1pk = status#<status>, gsi1sk = <province>#<created>  |
 * | partners in a province, newest              | gsi2  | gsi2pk = province#<code>, gsi2sk = <created>             |
 * | all partners, newest                        | gsi3  | gsi3pk = partners, gsi3sk = <created>                    |
 */
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

export const PartnerEntity = new Entity(
  {
    model: { entity: "partner", version: "1", service: "atensi" },
    attributes: {
      partnerID: { type: "string", required: true },
      name: { type: "string", required: true },
      legalForm: { type: "string", required: true },
      registrationNumber: { type: "string", required: true },
      accreditation: { type: "any", required: true },
      npwp: { type: "string" },
      provinceCode: { type: "string", required: true },
      regencyCode: { type: "string", required: true },
      address: { type: "string", required: true },
      clusters: { type: "list", items: { type: "string" }, required: true },
      serviceBases: { type: "list", items: { type: "string" }, required: true },
      contacts: { type: "any", required: true },
      status: { type: "string", required: true },
      statusReason: { type: "string" },
      verifiedAt: { type: "string" },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      version: { type: "number", required: true },
      auditHash: { type: "string", required: true },
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["partnerID"] }, sk: { field: "sk", composite: [] } },
      byStatus: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["status"] },
        sk: { field: "gsi1sk", composite: ["provinceCode", "createdAt"] },
      },
      byProvince: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["provinceCode"] },
        sk: { field: "gsi2sk", composite: ["createdAt"] },
      },
      all: {
        index: "gsi3",
        pk: { field: "gsi3pk", composite: [] },
        sk: { field: "gsi3sk", composite: ["createdAt"] },
      },
    },
  },
  entityConfig(),
);
