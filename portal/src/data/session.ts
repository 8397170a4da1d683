import { type Action, POLICY, type Role, rolesAllowed } from "@atensi/contracts";
import { useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import type { InferResponseType } from "hono/client";
import { client, isApiError, setCsrfToken } from "../api";

export type Session = InferResponseType<typeof client.v1.auth.me.$get, 200>;

export const sessionKeys = { all: ["session"] as const };

/** The signed-in session, or null when nobody is signed in (401). */
export const fetchSession = async (): Promise<Session | null> => {
  try {
    const session = await (await client.v1.auth.me.$get()).json();
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw error;
  }
};

export const useSession = () =>
  useQuery(() => ({
    queryKey: sessionKeys.all,
    queryFn: fetchSession,
    staleTime: 5 * 60_000,
    retry: (count, error) => !(isApiError(error) && error.status < 500) && count < 2,
  }));

const adopt = (qc: ReturnType<typeof useQueryClient>, session: Session) => {
  setCsrfToken(session.csrfToken);
  qc.setQueryData(sessionKeys.all, session);
};

export const useSignIn = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { email: string; password: string }) =>
      (await client.v1.auth["sign-in"].$post({ json: input })).json(),
    onSuccess: (session) => {
      // Whatever another user had cached must not show through.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKeys.all[0] });
      adopt(qc, session);
    },
  }));
};

export const useSignOut = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async () => {
      await client.v1.auth["sign-out"].$post();
    },
    onSettled: () => {
      setCsrfToken(undefined);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKeys.all[0] });
      qc.setQueryData(sessionKeys.all, null);
    },
  }));
};

export const useChangePassword = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { currentPassword: string; newPassword: string }) =>
      (await client.v1.auth.password.$post({ json: input })).json(),
    onSuccess: (session) => adopt(qc, session),
  }));
};

export const useAcceptInvitation = () =>
  useMutation(() => ({
    mutationFn: async (input: { token: string; password: string }) =>
      (await client.v1.auth.invitations.accept.$post({ json: input })).json(),
  }));

/** Asks for a reset link; the API answers 202 for any address, so the page says the same to all. */
export const useRequestPasswordReset = () =>
  useMutation(() => ({
    mutationFn: async (input: { email: string }) => {
      await client.v1.auth["password-reset"].$post({ json: input });
    },
  }));

export const useResetPassword = () =>
  useMutation(() => ({
    mutationFn: async (input: { token: string; password: string }) => {
      await client.v1.auth["password-reset"].confirm.$post({ json: input });
    },
  }));

export const useConfirmEmail = () =>
  useMutation(() => ({
    mutationFn: async (input: { token: string }) =>
      (await client.v1.auth.email.confirm.$post({ json: input })).json(),
  }));

/**
 * What the portal offers each role, from the same policy table the API enforces (the API still
 * decides). "partner.own" is the portal's own page of an LKS user's institution.
 */
export type Permission = Action | "partner.own";

export const can = (session: Session | null | undefined, permission: Permission) => {
  if (!session) return false;
  const allowed = permission === "partner.own" ? POLICY["partner.read"].own : rolesAllowed(permission);
  return session.user.roles.some((role) => (allowed as readonly Role[]).includes(role));
};

export const isStaff = (session: Session | null | undefined) => !!session && !session.user.partnerID;

/** Where a signed-in user starts. */
export const homeFor = (session: Session) => (isStaff(session) ? "/partners" : "/profile");

/** A `next` parameter is followed only within the portal. */
export const safeNext = (next: string | undefined) =>
  next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : undefined;
