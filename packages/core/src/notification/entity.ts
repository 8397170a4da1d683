/**
 * Notifications as data (`kind` + `params`, never a sentence), and each user's inbox.
 *
 * A change writes one notification for an audience (one LKS, or Kemensos) in its own transaction;
 * a worker then fans it out, at least once, to the inbox of every user of that audience whose
 * role and scope may see it (and queues their e-mail or digest entry in the same per-user
 * transaction, so a repeat fan-out adds nothing).
 *
 * | access pattern                          | entity       | index | key                                          |
 * |-----------------------------------------|--------------|-------|----------------------------------------------|
 * | notifications of an audience, newest    | notification | table | pk = audience, sk = notificationID           |
 * | not yet fanned out, oldest first        | notification | gsi1  | gsi1pk = fanout ("pending"), gsi1sk = at     |
 * | a user's inbox, newest first            | inbox        | table | pk = userID, sk = notificationID             |
 * | a user's unread count                   | inboxcount   | table | pk = userID                                  |
 * | a user's preferences and language       | preference   | table | pk = userID                                  |
 * | digest entries of a day, by user        | digest       | table | pk = day, sk = userID + notificationID       |
 */
import { Entity } from "../db/entity";
import { entityConfig } from "../db/support";

export const NotificationEntity = new Entity(
  {
    model: { entity: "notification", version: "1", service: "atensi" },
    attributes: {
      audience: { type: "string", required: true },
      notificationID: { type: "string", required: true },
      kind: { type: "string", required: true },
      params: { type: "any" },
      /** Written before notifications were data; shown as it is when there are no params. */
      message: { type: "string" },
      /** A portal path to what the notification is about. */
      link: { type: "string" },
      fanout: { type: ["pending", "done"] as const },
      createdAt: { type: "string", required: true },
    },
    indexes: {
      byAudience: {
        pk: { field: "pk", composite: ["audience"] },
        sk: { field: "sk", composite: ["notificationID"] },
      },
      byFanout: {
        index: "gsi1",
        pk: { field: "gsi1pk", composite: ["fanout"] },
        sk: { field: "gsi1sk", composite: ["createdAt"] },
      },
    },
  },
  entityConfig(),
);

export const InboxEntity = new Entity(
  {
    model: { entity: "inbox", version: "1", service: "atensi" },
    attributes: {
      userID: { type: "string", required: true },
      notificationID: { type: "string", required: true },
      kind: { type: "string", required: true },
      params: { type: "any", required: true },
      link: { type: "string" },
      readAt: { type: "string" },
      createdAt: { type: "string", required: true },
    },
    indexes: {
      byUser: {
        pk: { field: "pk", composite: ["userID"] },
        sk: { field: "sk", composite: ["notificationID"] },
      },
    },
  },
  entityConfig(),
);

export const InboxCountEntity = new Entity(
  {
    model: { entity: "inboxcount", version: "1", service: "atensi" },
    attributes: {
      userID: { type: "string", required: true },
      unread: { type: "number", required: true },
    },
    indexes: {
      byUser: { pk: { field: "pk", composite: ["userID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);

export const PreferenceEntity = new Entity(
  {
    model: { entity: "preference", version: "1", service: "atensi" },
    attributes: {
      userID: { type: "string", required: true },
      language: { type: ["id", "en"] as const, required: true },
      /** kind → "portal" | "email" | "digest"; kinds not named follow the default. */
      kinds: { type: "any", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      byUser: { pk: { field: "pk", composite: ["userID"] }, sk: { field: "sk", composite: [] } },
    },
  },
  entityConfig(),
);

export const DigestEntity = new Entity(
  {
    model: { entity: "digest", version: "1", service: "atensi" },
    attributes: {
      day: { type: "string", required: true },
      userID: { type: "string", required: true },
      notificationID: { type: "string", required: true },
    },
    indexes: {
      byDay: {
        pk: { field: "pk", composite: ["day"] },
        sk: { field: "sk", composite: ["userID", "notificationID"] },
      },
    },
  },
  entityConfig(),
);
