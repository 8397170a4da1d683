import { useInfiniteQuery } from "@tanstack/solid-query";
import type { InferResponseType } from "hono/client";
import { client } from "../api";

export type NotificationPage = InferResponseType<typeof client.v1.notifications.$get, 200>;
export type Notification = NotificationPage["items"][number];

export const notificationKeys = {
  all: ["notifications"] as const,
  list: () => [...notificationKeys.all, "list"] as const,
};

/** The signed-in user's notifications (their LKS's, or Kemensos's for staff), newest first. */
export const useNotifications = () =>
  useInfiniteQuery(() => ({
    queryKey: notificationKeys.list(),
    queryFn: async ({ pageParam }) =>
      (await client.v1.notifications.$get({ query: pageParam ? { cursor: pageParam } : {} })).json(),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  }));
