import type { PartnerRegistrationInput, PartnerStatus, PartnerUpdate } from "@atensi/contracts";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import type { InferResponseType } from "hono/client";
import type { Accessor } from "solid-js";
import { client, ifMatch, isApiError } from "../api";
import { pagedOptions, withCursor } from "./paged";

export type Partner = InferResponseType<(typeof client.v1.partners)[":id"]["$get"], 200>;
export type AuditTrail = InferResponseType<(typeof client.v1.partners)[":id"]["audit"]["$get"], 200>;
export type AuditEvent = AuditTrail["items"][number];
export type PartnerFilters = { status?: PartnerStatus; province?: string };
export type Decision = "verify" | "reject" | "suspend" | "reinstate";

export const partnerKeys = {
  all: ["partners"] as const,
  lists: () => [...partnerKeys.all, "list"] as const,
  list: (filters: PartnerFilters) => [...partnerKeys.lists(), filters] as const,
  detail: (id: string) => [...partnerKeys.all, "detail", id] as const,
  audit: (id: string) => [...partnerKeys.all, "audit", id] as const,
  mine: () => [...partnerKeys.all, "mine"] as const,
};

/** The page size is the API's default. */
export const partnerListOptions = (filters: PartnerFilters) =>
  pagedOptions(partnerKeys.list(filters), async (cursor) =>
    (await client.v1.partners.$get({ query: withCursor(filters, cursor) })).json(),
  );

export const usePartnerList = (filters: Accessor<PartnerFilters>) =>
  useInfiniteQuery(() => partnerListOptions(filters()));

export const usePartner = (id: Accessor<string>) =>
  useQuery(() => ({
    queryKey: partnerKeys.detail(id()),
    queryFn: async () => (await client.v1.partners[":id"].$get({ param: { id: id() } })).json(),
  }));

export const usePartnerAudit = (id: Accessor<string>, enabled: Accessor<boolean> = () => true) =>
  useQuery(() => ({
    queryKey: partnerKeys.audit(id()),
    queryFn: async () => (await client.v1.partners[":id"].audit.$get({ param: { id: id() } })).json(),
    enabled: enabled(),
  }));

export const useMyPartner = () =>
  useQuery(() => ({
    queryKey: partnerKeys.mine(),
    queryFn: async () => (await client.v1.partners.me.$get()).json(),
  }));

export const useRegisterPartner = () =>
  useMutation(() => ({
    mutationFn: async (input: PartnerRegistrationInput) =>
      (await client.v1.partners.$post({ json: input })).json(),
  }));

/** Verify / reject / suspend / reinstate, sent with `If-Match` of the version on screen. */
export const usePartnerDecision = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { id: string; version: number; decision: Decision; reason?: string }) => {
      const route = client.v1.partners[":id"];
      const param = { id: input.id };
      const options = ifMatch(input.version);
      const reason = input.reason ?? "";
      const res =
        input.decision === "verify"
          ? await route.verify.$post({ param }, options)
          : input.decision === "reinstate"
            ? await route.reinstate.$post({ param }, options)
            : input.decision === "reject"
              ? await route.reject.$post({ param, json: { reason } }, options)
              : await route.suspend.$post({ param, json: { reason } }, options);
      return (await res.json()) as Partner;
    },
    onSuccess: (partner) => {
      qc.setQueryData(partnerKeys.detail(partner.id), partner);
    },
    onSettled: (_data, _error, input) => {
      // A 409/412 means what we showed is stale: reload it either way.
      void qc.invalidateQueries({ queryKey: partnerKeys.detail(input.id) });
      void qc.invalidateQueries({ queryKey: partnerKeys.audit(input.id) });
      void qc.invalidateQueries({ queryKey: partnerKeys.lists() });
    },
  }));
};

/** An LKS admin edits its own profile: only the changed fields, with `If-Match` of the version on screen. */
export const useUpdatePartner = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { id: string; version: number; changes: PartnerUpdate }) =>
      (
        await client.v1.partners[":id"].$patch(
          { param: { id: input.id }, json: input.changes },
          ifMatch(input.version),
        )
      ).json() as Promise<Partner>,
    onSuccess: (partner) => {
      qc.setQueryData(partnerKeys.mine(), partner);
      qc.setQueryData(partnerKeys.detail(partner.id), partner);
    },
    onError: (error) => {
      // 412: someone changed the profile meanwhile; load the current version.
      if (isApiError(error) && error.status === 412) {
        void qc.invalidateQueries({ queryKey: partnerKeys.mine() });
      }
    },
    onSettled: (_data, _error, input) => {
      void qc.invalidateQueries({ queryKey: partnerKeys.audit(input.id) });
      void qc.invalidateQueries({ queryKey: partnerKeys.lists() });
    },
  }));
};
