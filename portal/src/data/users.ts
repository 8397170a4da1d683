import type { StaffRole } from "@atensi/contracts";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/solid-query";
import type { InferResponseType } from "hono/client";
import type { Accessor } from "solid-js";
import { client } from "../api";
import { pagedOptions, withCursor } from "./paged";

export type UserPage = InferResponseType<typeof client.v1.users.$get, 200>;
export type User = UserPage["items"][number];
export type Invitation = InferResponseType<typeof client.v1.users.staff.$post, 201>;

export const userKeys = {
  all: ["users"] as const,
  list: (partnerID: string | undefined) => [...userKeys.all, "list", partnerID ?? "own"] as const,
};

export const userListOptions = (partnerID: string | undefined) =>
  pagedOptions(userKeys.list(partnerID), async (cursor) =>
    (await client.v1.users.$get({ query: withCursor(partnerID ? { partnerID } : {}, cursor) })).json(),
  );

export const useUsers = (
  partnerID: Accessor<string | undefined> = () => undefined,
  enabled: Accessor<boolean> = () => true,
) => useInfiniteQuery(() => ({ ...userListOptions(partnerID()), enabled: enabled() }));

export const useInviteStaff = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { email: string; name: string; roles: StaffRole[] }) =>
      (await client.v1.users.staff.$post({ json: input })).json(),
    onSuccess: () => void qc.invalidateQueries({ queryKey: userKeys.all }),
  }));
};

export const useInviteOperator = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { email: string; name: string }) =>
      (await client.v1.users.operators.$post({ json: input })).json(),
    onSuccess: () => void qc.invalidateQueries({ queryKey: userKeys.all }),
  }));
};

/** Disable a user (ending their sessions) or enable them again; answers the updated user. */
export const useSetUserEnabled = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { id: string; enabled: boolean }) => {
      const route = client.v1.users[":id"];
      const param = { id: input.id };
      return (await (input.enabled ? route.enable.$post({ param }) : route.disable.$post({ param }))).json();
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: userKeys.all }),
  }));
};

/** Resends a pending invitation (a fresh link by e-mail) or withdraws it. */
export const useManageInvitation = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { id: string; action: "resend" | "revoke" }) => {
      const route = client.v1.users[":id"].invitation;
      const param = { id: input.id };
      await (input.action === "resend" ? route.resend.$post({ param }) : route.revoke.$post({ param }));
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: userKeys.all }),
  }));
};
