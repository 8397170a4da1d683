import { NotificationID, Page } from "@atensi/contracts";
import { Notification } from "@atensi/core/notification";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { query } from "../validate";

const NotificationSchema = v.object({
  id: NotificationID,
  kind: v.string(),
  message: v.string(),
  link: v.optional(v.string()),
  createdAt: v.string(),
});

export const notifications = new Hono<AppEnv>().get(
  "/",
  doc({
    tag: "notifications",
    summary: "Your notifications (your LKS's, or Kemensos's for staff), newest first",
    ok: { schema: Page(NotificationSchema) },
    problems: [400, 401],
  }),
  query(Notification.list.schema),
  async (c) => c.json(await Notification.list.trusted(c.req.valid("query")), 200),
);
