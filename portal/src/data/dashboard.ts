import { useInfiniteQuery, useQuery } from "@tanstack/solid-query";
import type { InferResponseType } from "hono/client";
import type { Accessor } from "solid-js";
import { client } from "../api";
import { pagedOptions, withCursor } from "./paged";

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

export const dashboardPartnersOptions = (year: string) =>
  pagedOptions(dashboardKeys.partners(year), async (cursor) =>
    (await client.v1.dashboard.partners.$get({ query: withCursor({ year, limit: 25 }, cursor) })).json(),
  );

/** The same figures per partner, a page at a time. */
export const useDashboardPartners = (year: Accessor<string>) =>
  useInfiniteQuery(() => dashboardPartnersOptions(year()));

/** The CSV of one table (the browser downloads it: the API answers `content-disposition: attachment`). */
export const exportUrl = (year: string, table: DashboardTable) =>
  `/v1/dashboard/export?${new URLSearchParams({ year, table })}`;
