/**
 * In-app notifications for Kemensos staff or for one LKS (e.g. "an endpoint was disabled").
 *
 * | access pattern                          | index | key                                              |
 * |-----------------------------------------|-------|--------------------------------------------------|
 * | notifications of an audience, newest    | table | pk = audience ("kemensos" or partnerID), sk = at |
 */
import { NotificationListQuery } from "@atensi/contracts";
import { Actor } from "../actor";
import { Entity } from "../db/entity";
import { entityConfig, nowISO, page, txStep } from "../db/support";
import { fn } from "../fn";
import { createID } from "../id";
import { Policy } from "../policy";
import { STAFF_TENANT } from "../user/entity";

export const NotificationEntity = new Entity(
  {
    model: { entity: "notification", version: "1", service: "atensi" },
    attributes: {
      audience: { type: "string", required: true },
      notificationID: { type: "string", required: true },
      kind: { type: "string", required: true },
      message: { type: "string", required: true },
      /** A portal path to what the notification is about. */
      link: { type: "string" },
      createdAt: { type: "string", required: true },
    },
    indexes: {
      byAudience: {
        pk: { field: "pk", composite: ["audience"] },
        sk: { field: "sk", composite: ["notificationID"] },
      },
    },
  },
  entityConfig(),
);

export namespace Notification {
  export type Input = { audience: string; kind: string; message: string; link?: string };

  /** The transaction step that adds a notification, for committing with the change it reports. */
  export const step = (input: Input) =>
    txStep(
      NotificationEntity.create({ ...input, notificationID: createID("notification"), createdAt: nowISO() }),
    );

  export const send = async (input: Input) => {
    await NotificationEntity.create({
      ...input,
      notificationID: createID("notification"),
      createdAt: nowISO(),
    }).go();
  };

  export const STAFF = STAFF_TENANT;

  /** The signed-in user's notifications: their LKS's, or Kemensos's for staff. */
  export const list = fn(NotificationListQuery, async (q) => {
    Policy.assert("notification.list");
    const audience = Actor.tenant() ?? STAFF_TENANT;
    const limit = q.limit ?? 25;
    const result = await page(() =>
      NotificationEntity.query
        .byAudience({ audience })
        .go({ cursor: q.cursor ?? null, limit, order: "desc" }),
    );
    return {
      items: result.items.map(({ notificationID, kind, message, link, createdAt }) => ({
        id: notificationID,
        kind,
        message,
        ...(link ? { link } : {}),
        createdAt,
      })),
      nextCursor: result.nextCursor,
    };
  });
}
