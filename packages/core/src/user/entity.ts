/**
 * Portal users (LKS and Kemensos staff) and their pending invitations.
 *
 * | access pattern                     | index | key                                                        |
 * |------------------------------------|-------|------------------------------------------------------------|
 * | one user                           | table | pk = user#<userID>                                         |
 * | user by email                      | table | via the `unique#email#<email>` guard (strongly consistent) |
 * | users of one tenant, newest        | gsi1  | gsi1pk = tenant#<partnerID or "kemensos">, gsi1sk = <at>   |
 * | invitation by token hash           | table | pk = invitation#<sha256(token)>                            |
 * | account link by token hash         | table | pk = accounttoken#<sha256(token)> (reset, confirm, change) |
 */

import { TTL_ATTRIBUTE } from "../db";
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

export const UserEntity = new Entity(
  {
    model: { entity: "user", version: "1", service: "atensi" },
    attributes: {
      userID: { type: "string", required: true },
      email: { type: "string", required: true },
      name: { type: "string", required: true },
      roles: { type: "list", items: { type: "string" }, required: true },
      partnerID: { type: "string" },
      /** A staff user's organisation unit (none: the directorate, national). */
      unitID: { type: "string" },
      tenant: { type: "string", required: true },
      status: { type: "string", required: true },
      passwordHash: { type: "string" },
      /** When the user proved the address is theirs (registration or an e-mail change). */
      emailConfirmedAt: { type: "string" },
      /** The live invitation's token hash, so a resend or revoke can end the previous link. */
      invitationHash: { type: "string" },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
      version: { type: "number", required: true },
      auditHash: { type: "string", required: true },
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["userID"] }, sk: { field: "sk", composite: [] } },
      byTenant: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["tenant"] },
        sk: { field: "gsi1sk", composite: ["createdAt"] },
      },
    },
  },
  entityConfig(),
);

export const InvitationEntity = new Entity(
  {
    model: { entity: "invitation", version: "1", service: "atensi" },
    attributes: {
      tokenHash: { type: "string", required: true },
      userID: { type: "string", required: true },
      expiresAt: { type: "string", required: true },
      [TTL_ATTRIBUTE]: { type: "number", required: true },
    },
    indexes: {
      byToken: { pk: { field: "pk", composite: ["tokenHash"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);

/**
 * Single-use links sent by e-mail: a password reset (30 minutes), an address confirmation at
 * registration, and an e-mail change (to `newEmail`). Stored only hashed; expired ones are
 * refused on read (TTL removes them later).
 */
export const AccountTokenEntity = new Entity(
  {
    model: { entity: "accounttoken", version: "1", service: "atensi" },
    attributes: {
      tokenHash: { type: "string", required: true },
      purpose: { type: ["reset", "confirm", "email_change"] as const, required: true },
      userID: { type: "string", required: true },
      newEmail: { type: "string" },
      expiresAt: { type: "string", required: true },
      [TTL_ATTRIBUTE]: { type: "number", required: true },
    },
    indexes: {
      byToken: { pk: { field: "pk", composite: ["tokenHash"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
