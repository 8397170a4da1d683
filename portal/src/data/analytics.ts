import { useQuery } from "@tanstack/solid-query";
import type { InferResponseType } from "hono/client";
import type { Accessor } from "solid-js";
import { client } from "../api";

export type DrillBy = "province" | "cluster" | "form" | "period";
export type DrillFilters = { by: DrillBy; cluster?: string; form?: string };
export type Drill = InferResponseType<typeof client.v1.analytics.drill.$get, 200>;

/** Persons (per cluster) or services (per form) in accepted reports, grouped and filtered. */
export const useDrill = (year: Accessor<string>, filters: Accessor<DrillFilters>) =>
  useQuery(() => ({
    queryKey: ["analytics", "drill", year(), filters()] as const,
    queryFn: async () => {
      const f = filters();
      const res = await client.v1.analytics.drill.$get({
        query: {
          year: year(),
          by: f.by,
          ...(f.cluster ? { cluster: f.cluster as never } : {}),
          ...(f.form ? { form: f.form as never } : {}),
        },
      });
      if (!res.ok) throw await res.json();
      return res.json();
    },
  }));
