/**
 * Sessions and sign-in throttling counters. Both expire by TTL; since neither DynamoDB nor
 * DynamoDB Local deletes expired items promptly, readers check the expiry themselves.
 *
 * | access pattern                  | index | key                                                  |
 * |---------------------------------|-------|------------------------------------------------------|
 * | session by token hash           | table | pk = session#<sha256(token)>                         |
 * | sessions of a user              | gsi1  | gsi1pk = user#<userID>, gsi1sk = <createdAt>         |
 * | failed sign-ins for a key       | table | pk = throttle#<"email:"+email or "ip:"+address>      |
 */

import { TTL_ATTRIBUTE } from "../db";
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

export const SessionEntity = new Entity(
  {
    model: { entity: "session", version: "1", service: "atensi" },
    attributes: {
      tokenHash: { type: "string", required: true },
      sessionID: { type: "string", required: true },
      userID: { type: "string", required: true },
      email: { type: "string", required: true },
      name: { type: "string", required: true },
      roles: { type: "list", items: { type: "string" }, required: true },
      partnerID: { type: "string" },
      unitID: { type: "string" },
      csrfToken: { type: "string", required: true },
      createdAt: { type: "string", required: true },
      expiresAt: { type: "string", required: true },
      [TTL_ATTRIBUTE]: { type: "number", required: true },
    },
    indexes: {
      byToken: { pk: { field: "pk", composite: ["tokenHash"] }, sk: { field: "sk", composite: [] } },
      byUser: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["userID"] },
        sk: { field: "gsi1sk", composite: ["createdAt"] },
      },
    },
  },
  entityConfig(),
);

export const ThrottleEntity = new Entity(
  {
    model: { entity: "throttle", version: "1", service: "atensi" },
    attributes: {
      key: { type: "string", required: true },
      failures: { type: "number", required: true },
      windowEndsAtEpoch: { type: "number", required: true },
      [TTL_ATTRIBUTE]: { type: "number", required: true },
    },
    indexes: {
      byKey: { pk: { field: "pk", composite: ["key"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
