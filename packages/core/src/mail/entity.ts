/**
 * The mail outbox and its delivery log: one item per e-mail, written in the same transaction as
 * the change that causes it, then sent at least once by a worker (see ./index.ts), and its
 * attempts. Addresses that bounced or complained (SES, through SNS) are suppressed.
 *
 * | access pattern                         | entity      | index | key                                          |
 * |----------------------------------------|-------------|-------|----------------------------------------------|
 * | one mail                               | mail        | table | pk = mailID                                  |
 * | attempts of a mail, in order           | mailattempt | table | pk = mailID, sk = attempt (zero-padded)      |
 * | due mails (status pending, oldest due) | mail        | gsi1  | gsi1pk = status, gsi1sk = nextAttemptAt      |
 * | delivery log of one day, newest first  | mail        | gsi2  | gsi2pk = day (YYYY-MM-DD), gsi2sk = createdAt|
 * | mails to one address, newest first     | mail        | gsi3  | gsi3pk = to, gsi3sk = createdAt              |
 * | is an address suppressed               | suppression | table | pk = address                                 |
 *
 * The payload (the rendered parameters, which may hold a single-use link) is sealed (../vault):
 * a table dump yields no password-reset or invitation links.
 */
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

export const MailEntity = new Entity(
  {
    model: { entity: "mail", version: "1", service: "atensi" },
    attributes: {
      mailID: { type: "string", required: true },
      to: { type: "string", required: true },
      kind: { type: "string", required: true },
      language: { type: ["id", "en"] as const, required: true },
      /** Sealed JSON: `{ name, params, link, items? }`. */
      payload: { type: "string", required: true },
      /** The user the mail is for, when it is one (digests and preferences go by user). */
      userID: { type: "string" },
      status: { type: ["pending", "sent", "failed", "suppressed"] as const, required: true },
      attempts: { type: "number", required: true },
      nextAttemptAt: { type: "string", required: true },
      leaseUntil: { type: "string" },
      lastError: { type: "string" },
      /** The transport's message id (SES's, or the SMTP server's answer). */
      providerID: { type: "string" },
      day: { type: "string", required: true },
      createdAt: { type: "string", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      byID: { pk: { field: "pk", composite: ["mailID"] }, sk: { field: "sk", composite: [] } },
      byStatus: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["status"] },
        sk: { field: "gsi1sk", composite: ["nextAttemptAt"] },
      },
      byDay: {
        index: "gsi2",
        pk: { field: "gsi2pk", composite: ["day"] },
        sk: { field: "gsi2sk", composite: ["createdAt"] },
      },
      byRecipient: {
        index: "gsi3",
        pk: { field: "gsi3pk", composite: ["to"] },
        sk: { field: "gsi3sk", composite: ["createdAt"] },
      },
    },
  },
  entityConfig(),
);

export const MailAttemptEntity = new Entity(
  {
    model: { entity: "mailattempt", version: "1", service: "atensi" },
    attributes: {
      mailID: { type: "string", required: true },
      attempt: { type: "number", required: true, padding: { length: 3, char: "0" } },
      at: { type: "string", required: true },
      durationMs: { type: "number", required: true },
      ok: { type: "boolean", required: true },
      response: { type: "string" },
      /** Attempts are kept 90 days. */
      expiresAtEpoch: { type: "number" },
    },
    indexes: {
      byMail: { pk: { field: "pk", composite: ["mailID"] }, sk: { field: "sk", composite: ["attempt"] } },
    },
  },
  entityConfig(),
);

export const SuppressionEntity = new Entity(
  {
    model: { entity: "suppression", version: "1", service: "atensi" },
    attributes: {
      address: { type: "string", required: true },
      reason: { type: ["bounce", "complaint"] as const, required: true },
      detail: { type: "string" },
      at: { type: "string", required: true },
    },
    indexes: {
      byAddress: { pk: { field: "pk", composite: ["address"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);
