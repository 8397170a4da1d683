/**
 * Receiving programmes, their API keys and their webhook endpoints.
 *
 * | access pattern                   | entity   | index | key                                         |
 * |----------------------------------|----------|-------|---------------------------------------------|
 * | one programme                    | program  | table | pk = programID                              |
 * | all programmes by code           | program  | gsi1  | gsi1pk = programs, gsi1sk = code            |
 * | programme by code (unique)       | unique   | table | pk = unique#program-code#<code>             |
 * | one API key (at every API call)  | apikey   | table | pk = keyID                                  |
 * | keys of a programme, newest      | apikey   | gsi1  | gsi1pk = programID, gsi1sk = createdAt      |
 * | one endpoint                     | endpoint | table | pk = endpointID                             |
 * | endpoints of a programme         | endpoint | gsi1  | gsi1pk = programID, gsi1sk = createdAt      |
 * | all endpoints (broadcast events) | endpoint | gsi2  | gsi2pk = endpoints, gsi2sk = createdAt      |
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

export const EndpointEntity = new Entity(
  {
    model: { entity: "endpoint", version: "1", service: "atensi" },
    attributes: {
      endpointID: { type: "string", required: true },
      programID: { type: "string", required: true },
      url: { type: "string", required: true },
      description: { type: "string" },
      eventTypes: { type: "list", items: { type: "string" }, required: true },
      enabled: { type: "boolean", required: true },
      disabledReason: { type: "string" },
      /** When the current run of failures started; cleared by a success. */
      failingSince: { type: "string" },
      /** Signing secrets, sealed (../vault); an old one keeps an `expiresAt` during a rotation. */
      secrets: { type: "any", required: true },
      ...versioned,
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["endpointID"] }, sk: { field: "sk", composite: [] } },
      byProgram: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["programID"] },
        sk: { field: "gsi1sk", composite: ["createdAt"] },
      },
      all: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: [] },
        sk: { field: "gsi2sk", composite: ["createdAt"] },
      },
    },
  },
  entityConfig(),
);
