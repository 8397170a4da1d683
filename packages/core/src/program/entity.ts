/**
 * Receiving programmes and their API keys (their webhook endpoints are the webhook module's).
 *
 * | access pattern                   | entity   | index | key                                         |
 * |----------------------------------|----------|-------|---------------------------------------------|
 * | one programme                    | program  | table | pk = programID                              |
 * | all programmes by code           | program  | gsi1  | gsi1pk = programs, gsi1sk = code            |
 * | programme by code (unique)       | unique   | table | pk = unique#program-code#<code>             |
 * | one API key (at every API call)  | apikey   | table | pk = keyID                                  |
 * | keys of a programme, newest      | apikey   | gsi1  | gsi1pk = programID, gsi1sk = createdAt      |
 */
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

const versioned = {
  createdAt: { type: "string", required: true },
  updatedAt: { type: "string", required: true },
  version: { type: "number", required: true },
  auditHash: { type: "string", required: true },
} as const;

export const ProgramEntity = new Entity(
  {
    model: { entity: "program", version: "1", service: "atensi" },
    attributes: {
      programID: { type: "string", required: true },
      code: { type: "string", required: true },
      name: { type: "string", required: true },
      owningUnit: { type: "string", required: true },
      kind: { type: "string", required: true },
      allowedFields: { type: "list", items: { type: "string" }, required: true },
      /** Deadlines per urgency overriding the defaults (contracts' ProgramServiceLevels). */
      serviceLevels: { type: "any" },
      contactEmails: { type: "list", items: { type: "string" } },
      ...versioned,
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["programID"] }, sk: { field: "sk", composite: [] } },
      byCode: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: [] },
        sk: { field: "gsi1sk", composite: ["code"] },
      },
    },
  },
  entityConfig(),
);

export const ApiKeyEntity = new Entity(
  {
    model: { entity: "apikey", version: "1", service: "atensi" },
    attributes: {
      keyID: { type: "string", required: true },
      programID: { type: "string", required: true },
      name: { type: "string", required: true },
      prefix: { type: "string", required: true },
      /** SHA-256 of the whole key: the key has 256 bits of entropy, so no slow hash is needed. */
      hash: { type: "string", required: true },
      lastUsedAt: { type: "string" },
      revokedAt: { type: "string" },
      ...versioned,
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["keyID"] }, sk: { field: "sk", composite: [] } },
      byProgram: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["programID"] },
        sk: { field: "gsi1sk", composite: ["createdAt"] },
      },
    },
  },
  entityConfig(),
);
