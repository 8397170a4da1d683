import * as v from "valibot";
import { ProvinceCode } from "./common";
import { CLUSTERS, SERVICE_FORMS } from "./enums";
import { DashboardQuery, Period } from "./report";

export const DRILL_DIMENSIONS = ["province", "cluster", "form", "period"] as const;

/**
 * Drill-down on accepted reports' content: group by one dimension, filtered by any others.
 * Persons are counted per cluster and services per form, so `form` (by or filter) counts services
 * and cannot be combined with a cluster.
 */
export const DrillQuery = v.pipe(
  v.strictObject({
    ...DashboardQuery.entries,
    by: v.picklist(DRILL_DIMENSIONS, "province, cluster, form or period"),
    province: v.optional(ProvinceCode),
    cluster: v.optional(v.picklist(CLUSTERS, "Unknown cluster")),
    form: v.optional(v.picklist(SERVICE_FORMS, "Unknown ATENSI service form")),
    period: v.optional(Period),
  }),
  v.forward(
    v.check(
      (q) => !(q.cluster && (q.form || q.by === "form")),
      "Services are counted per service form, not per cluster: drop the cluster or the form",
    ),
    ["cluster"],
  ),
  v.forward(
    v.check((q) => !(q.by === "cluster" && q.form), "Persons are counted per cluster, services per form"),
    ["form"],
  ),
);
