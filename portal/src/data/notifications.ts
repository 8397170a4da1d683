import type { DeliveryPreference } from "@atensi/contracts";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import type { InferResponseType } from "hono/client";
import type { Accessor } from "solid-js";
import { client } from "../api";

export type NotificationPage = InferResponseType<typeof client.v1.notifications.$get, 200>;
export type Notification = NotificationPage["items"][number];
export type Preferences = InferResponseType<typeof client.v1.notifications.preferences.$get, 200>;

export const notificationKeys = {
  all: ["notifications"] as const,
  list: (unread: boolean) => [...notificationKeys.all, "list", unread] as const,
  unread: () => [...notificationKeys.all, "unread"] as const,
  preferences: () => [...notificationKeys.all, "preferences"] as const,
};

/** The signed-in user's own inbox, newest first; `unread` for unread ones only. */
export const useNotifications = (unread: Accessor<boolean> = () => false) =>
  useInfiniteQuery(() => ({
    queryKey: notificationKeys.list(unread()),
    queryFn: async ({ pageParam }) =>
      (
        await client.v1.notifications.$get({
          query: {
            ...(unread() ? { unread: "true" as const } : {}),
            ...(pageParam ? { cursor: pageParam } : {}),
          },
        })
      ).json(),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  }));

/** The header's unread count: refreshed every minute and whenever something is marked read. */
export const useUnreadCount = (enabled: Accessor<boolean>) =>
  useQuery(() => ({
    queryKey: notificationKeys.unread(),
    queryFn: async () => (await client.v1.notifications["unread-count"].$get()).json(),
    enabled: enabled(),
    refetchInterval: 60_000,
  }));

export const useMarkRead = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (id: string) =>
      (await client.v1.notifications[":id"].read.$post({ param: { id } })).json(),
    onSuccess: () => void qc.invalidateQueries({ queryKey: notificationKeys.all }),
  }));
};

export const useMarkAllRead = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async () => (await client.v1.notifications["read-all"].$post()).json(),
    onSuccess: () => void qc.invalidateQueries({ queryKey: notificationKeys.all }),
  }));
};

export const usePreferences = () =>
  useQuery(() => ({
    queryKey: notificationKeys.preferences(),
    queryFn: async () => (await client.v1.notifications.preferences.$get()).json(),
  }));

export const useSetPreferences = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: {
      language?: "id" | "en";
      preferences?: Partial<Record<string, DeliveryPreference>>;
    }) => (await client.v1.notifications.preferences.$put({ json: input as never })).json(),
    onSuccess: (data) => qc.setQueryData(notificationKeys.preferences(), data),
  }));
};
