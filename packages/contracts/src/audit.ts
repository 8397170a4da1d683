import * as v from "valibot";

export const AuditEvent = v.object({
  entityType: v.string(),
  entityID: v.string(),
  version: v.number(),
  action: v.string(),
  actor: v.object({ type: v.string(), id: v.string(), name: v.optional(v.string()) }),
  at: v.string(),
  data: v.record(v.string(), v.unknown()),
  hash: v.string(),
  prevHash: v.string(),
});
export type AuditEvent = v.InferOutput<typeof AuditEvent>;
