import { useInfiniteQuery, useQuery } from "@tanstack/solid-query";
import type { InferResponseType } from "hono/client";
import type { Accessor } from "solid-js";
import { client } from "../api";

export type DashboardSummary = InferResponseType<typeof client.v1.dashboard.$get, 200>;
export type DashboardRow = DashboardSummary["clusters"][number];
export type DashboardTable = "clusters" | "provinces" | "periods" | "partners";

export const dashboardKeys = {
  all: ["dashboard"] as const,
  summary: (year: string) => [...dashboardKeys.all, "summary", year] as const,
  partners: (year: string) => [...dashboardKeys.all, "partners", year] as const,
};

/** A year at a glance: target vs realisation and reporting per cluster, province and period. */
export const useDashboard = (year: Accessor<string>) =>
  useQuery(() => ({
    queryKey: dashboardKeys.summary(year()),
    queryFn: async () => (await client.v1.dashboard.$get({ query: { year: year() } })).json(),
  }));

/** The same figures per partner, a page at a time. */
export const useDashboardPartners = (year: Accessor<string>) =>
  useInfiniteQuery(() => ({
    queryKey: dashboardKeys.partners(year()),
    queryFn: async ({ pageParam }) =>
      (
        await client.v1.dashboard.partners.$get({
          query: { year: year(), limit: 25, ...(pageParam ? { cursor: pageParam } : {}) },
        })
      ).json(),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  }));

/** The CSV of one table (the browser downloads it: the API answers `content-disposition: attachment`). */
export const exportUrl = (year: string, table: DashboardTable) =>
  `/v1/dashboard/export?${new URLSearchParams({ year, table })}`;
