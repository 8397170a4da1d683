import type { ReferralCreate, ReferralStatus, SenderAction } from "@atensi/contracts";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import type { InferResponseType } from "hono/client";
import type { Accessor } from "solid-js";
import { client, ifMatch, isApiError } from "../api";
import { pagedOptions, withCursor } from "./paged";

export type Referral = InferResponseType<(typeof client.v1.referrals)[":id"]["$get"], 200>;
export type Timeline = InferResponseType<(typeof client.v1.referrals)[":id"]["timeline"]["$get"], 200>;
export type TimelineEvent = Timeline["items"][number];
export type TimelineDelivery = Timeline["deliveries"][number];
export type ReferralFilters = { status?: ReferralStatus; programID?: string };
export type { SenderAction };

export const referralKeys = {
  all: ["referrals"] as const,
  lists: () => [...referralKeys.all, "list"] as const,
  list: (filters: ReferralFilters) => [...referralKeys.lists(), filters] as const,
  detail: (id: string) => [...referralKeys.all, "detail", id] as const,
  timeline: (id: string) => [...referralKeys.all, "timeline", id] as const,
};

/** Newest first: an LKS sees its own referrals, staff see all (the API decides). */
export const referralListOptions = (filters: ReferralFilters) =>
  pagedOptions(referralKeys.list(filters), async (cursor) =>
    (await client.v1.referrals.$get({ query: withCursor(filters, cursor) })).json(),
  );

export const useReferralList = (filters: Accessor<ReferralFilters>) =>
  useInfiniteQuery(() => referralListOptions(filters()));

/** Statuses after which nobody changes the referral any more. */
const SETTLED: readonly string[] = ["rejected", "closed", "cancelled", "consent_withdrawn"];
/** How often an open referral is read again: the programme may answer at any moment. */
const OPEN_POLL_MS = 10_000;
const POLL_MS = 2_000;

const latestVersion = (timeline: Timeline | undefined) =>
  timeline ? Math.max(0, ...timeline.items.map((e) => e.version)) : 0;

/**
 * One referral, read again while it is open. The badge and the timeline below it come from two
 * answers: whichever shows the newer version has the other read again, so they never disagree.
 */
export const useReferral = (id: Accessor<string>) => {
  const qc = useQueryClient();
  return useQuery(() => ({
    queryKey: referralKeys.detail(id()),
    queryFn: async () => {
      const referral = await (await client.v1.referrals[":id"].$get({ param: { id: id() } })).json();
      const timeline = qc.getQueryData<Timeline>(referralKeys.timeline(referral.id));
      if (timeline && latestVersion(timeline) < referral.version)
        void qc.invalidateQueries({ queryKey: referralKeys.timeline(referral.id) });
      return referral;
    },
    refetchInterval: (query) =>
      query.state.data && !SETTLED.includes(query.state.data.status) ? OPEN_POLL_MS : false,
  }));
};

/** How long after a change its webhook deliveries may still be on their way to being created. */
const FRESH_MS = 30_000;

/**
 * The referral's history and the webhook deliveries of its events. Polled while a delivery is
 * pending, and for a short while after the latest change (its deliveries are created just
 * after it, by the outbox relay), so the page shows them arrive (or fail) without a reload.
 */
export const useReferralTimeline = (id: Accessor<string>) => {
  const qc = useQueryClient();
  return useQuery(() => ({
    queryKey: referralKeys.timeline(id()),
    queryFn: async () => {
      const timeline = await (await client.v1.referrals[":id"].timeline.$get({ param: { id: id() } })).json();
      const referral = qc.getQueryData<Referral>(referralKeys.detail(id()));
      if (referral && latestVersion(timeline) > referral.version)
        void qc.invalidateQueries({ queryKey: referralKeys.detail(id()) });
      return timeline;
    },
    refetchInterval: (query) => {
      const data = query.state.data;
      if (!data) return false;
      if (data.deliveries.some((d) => d.status === "pending")) return POLL_MS;
      // A clock far off the server's (either way) does not make it poll for long.
      const age = Date.now() - Math.max(...data.items.map((e) => Date.parse(e.at)));
      return Math.abs(age) < FRESH_MS ? POLL_MS : false;
    },
  }));
};

export const useCreateReferral = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: ReferralCreate) => (await client.v1.referrals.$post({ json: input })).json(),
    onSuccess: (referral) => {
      qc.setQueryData(referralKeys.detail(referral.id), referral);
      void qc.invalidateQueries({ queryKey: referralKeys.lists() });
    },
  }));
};

/** Cancel, or record that consent was withdrawn: with a note and `If-Match` of the version on screen. */
export const useSenderAction = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { id: string; version: number; action: SenderAction; note: string }) => {
      const route = client.v1.referrals[":id"];
      const args = { param: { id: input.id }, json: { note: input.note } };
      const options = ifMatch(input.version);
      const res =
        input.action === "cancel"
          ? await route.cancel.$post(args, options)
          : await route["withdraw-consent"].$post(args, options);
      return (await res.json()) as Referral;
    },
    onSuccess: (referral) => {
      qc.setQueryData(referralKeys.detail(referral.id), referral);
    },
    onError: (error, input) => {
      // 409/412: what was on screen is stale; load the current state.
      if (isApiError(error) && (error.status === 409 || error.status === 412)) {
        void qc.invalidateQueries({ queryKey: referralKeys.detail(input.id) });
      }
    },
    onSettled: (_data, _error, input) => {
      void qc.invalidateQueries({ queryKey: referralKeys.timeline(input.id) });
      void qc.invalidateQueries({ queryKey: referralKeys.lists() });
    },
  }));
};

export type ReferralSla = NonNullable<Referral["sla"]>;

export const slaKeys = {
  overdue: (programID: string) => [...referralKeys.all, "overdue", programID] as const,
  compliance: (programID: string) => [...referralKeys.all, "sla", programID] as const,
};

/** Staff: a programme's overdue referrals, longest overdue first. */
export const useOverdueReferrals = (programID: Accessor<string | undefined>) =>
  useInfiniteQuery(() => ({
    ...pagedOptions(slaKeys.overdue(programID() ?? ""), async (cursor) =>
      (
        await client.v1.referrals.overdue.$get({
          query: withCursor({ programID: programID() ?? "" }, cursor),
        })
      ).json(),
    ),
    enabled: !!programID(),
  }));

/** Staff: a programme's SLA compliance per month, newest first (a year's months). */
export const useSlaCompliance = (programID: Accessor<string | undefined>) =>
  useQuery(() => ({
    queryKey: slaKeys.compliance(programID() ?? ""),
    queryFn: async () =>
      (await client.v1.referrals.sla.$get({ query: { programID: programID() ?? "", limit: 12 } })).json(),
    enabled: !!programID(),
  }));
