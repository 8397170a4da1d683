import { useInfiniteQuery } from "@tanstack/solid-query";
import type { InferResponseType } from "hono/client";
import { client } from "../api";
import { pagedOptions, withCursor } from "./paged";

export type NotificationPage = InferResponseType<typeof client.v1.notifications.$get, 200>;
export type Notification = NotificationPage["items"][number];

export const notificationKeys = {
  all: ["notifications"] as const,
  list: () => [...notificationKeys.all, "list"] as const,
};

export const notificationListOptions = () =>
  pagedOptions(notificationKeys.list(), async (cursor) =>
    (await client.v1.notifications.$get({ query: withCursor({}, cursor) })).json(),
  );

/** The signed-in user's notifications (their LKS's, or Kemensos's for staff), newest first. */
export const useNotifications = () => useInfiniteQuery(() => notificationListOptions());
