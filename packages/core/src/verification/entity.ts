/**
 * Verification codes of printed documents: one item per code, written (idempotently: the code is
 * a keyed hash of the document's kind, id and version) whenever the PDF is produced, so
 * `GET /v1/verify/{code}` answers without knowing or reading the document itself.
 *
 * | access pattern                     | index | key                       |
 * |------------------------------------|-------|---------------------------|
 * | one code (public verification)     | table | pk = code                 |
 */
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

export const VerificationEntity = new Entity(
  {
    model: { entity: "verification", version: "1", service: "atensi" },
    attributes: {
      code: { type: "string", required: true },
      kind: { type: "string", required: true },
      /** The record it prints; never shown by the public answer. */
      entityID: { type: "string", required: true },
      number: { type: "string", required: true },
      /** The document's date (acceptance, approval, sending), YYYY-MM-DD. */
      date: { type: "string", required: true },
      version: { type: "number", required: true },
      issuedAt: { type: "string", required: true },
    },
    indexes: {
      byCode: {
        pk: { field: "pk", composite: ["code"] },
        sk: { field: "sk", composite: [] },
      },
    },
  },
  entityConfig(),
);
