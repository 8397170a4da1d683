import {
  NotificationID,
  NotificationListQuery,
  NotificationPreferences,
  NotificationView,
  Page,
  PreferencesUpdate,
  UnreadCount,
} from "@atensi/contracts";
import { Notification } from "@atensi/core/notification";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { body, params, query } from "../validate";

const IdParam = v.strictObject({ id: NotificationID });
/** Each user's own inbox: notifications their role and scope may see, rendered by the portal from `kind` + `params`. */
export const notifications = new Hono<AppEnv>()
  .get(
    "/",
    doc({
      tag: "notifications",
      summary: "Your notifications, newest first (`unread=true` for unread only)",
      ok: { schema: Page(NotificationView) },
      problems: [400, 401],
    }),
    query(NotificationListQuery),
    async (c) => c.json(await Notification.list(c.req.query()), 200),
  )
  .get(
    "/unread-count",
    doc({
      tag: "notifications",
      summary: "How many of your notifications are unread",
      ok: { schema: UnreadCount },
      problems: [401],
    }),
    async (c) => c.json(await Notification.unreadCount(), 200),
  )
  .post(
    "/read-all",
    doc({
      tag: "notifications",
      summary: "Mark all your notifications read",
      ok: { schema: v.object({ marked: v.number() }) },
      problems: [401],
    }),
    async (c) => c.json(await Notification.markAllRead(), 200),
  )
  .get(
    "/preferences",
    doc({
      tag: "notifications",
      summary: "How each kind of notification reaches you, and your e-mail language",
      ok: { schema: NotificationPreferences },
      problems: [401],
    }),
    async (c) => c.json(await Notification.preferences(), 200),
  )
  .put(
    "/preferences",
    doc({
      tag: "notifications",
      summary: "Choose portal only, e-mail or a daily digest per kind (mandatory kinds stay on e-mail)",
      ok: { schema: NotificationPreferences },
      problems: [400, 401],
    }),
    body(PreferencesUpdate),
    async (c) => c.json(await Notification.setPreferences(c.req.valid("json")), 200),
  )
  .post(
    "/:id/read",
    doc({
      tag: "notifications",
      summary: "Mark one notification read",
      ok: { schema: NotificationView },
      problems: [400, 401, 404],
    }),
    params(IdParam),
    async (c) => c.json(await Notification.markRead(c.req.valid("param").id), 200),
  );
