import { CLUSTERS, DrillQuery, formatParam, label, PROVINCES, SERVICE_FORMS } from "@atensi/contracts";
import { Aggregates } from "../dashboard";
import { fn } from "../fn";
import { Policy } from "../policy";

/**
 * Analytics on report content, for staff: persons served (per cluster) or services given (per
 * form), grouped by province, cluster, service form or period and filtered by the others. Read
 * from the finest aggregates acceptance keeps (`cell`, `service`): at most a few thousand rows a
 * year, whatever the number of reports.
 */
const ORDER = {
  cluster: (k: string) => CLUSTERS.indexOf(k as (typeof CLUSTERS)[number]),
  form: (k: string) => SERVICE_FORMS.indexOf(k as (typeof SERVICE_FORMS)[number]),
};

/** Each group's Indonesian name, from the contracts' labels the portal's catalogues share. */
const LABEL = {
  province: (k: string) => PROVINCES[k as keyof typeof PROVINCES] ?? k,
  cluster: (k: string) => label("cluster", k),
  form: (k: string) => label("serviceForm", k),
  period: (k: string) => formatParam("id", k),
};

export namespace Analytics {
  export const drill = fn(DrillQuery, async (q) => {
    Policy.assert("dashboard.read");
    const services = q.by === "form" || q.form !== undefined;
    const rows = await Aggregates.read(q.year, services ? "service" : "cell");
    const groups = new Map<string, number>();
    for (const row of rows) {
      const [province, middle, period] = row.key.split("#") as [string, string, string];
      const at = { province, period, [services ? "form" : "cluster"]: middle } as Record<string, string>;
      if (q.province && province !== q.province) continue;
      if (q.period && period !== q.period) continue;
      if (q.cluster && at.cluster !== q.cluster) continue;
      if (q.form && at.form !== q.form) continue;
      const key = at[q.by]!;
      groups.set(key, (groups.get(key) ?? 0) + (row.realised ?? 0));
    }
    const order = q.by === "cluster" || q.by === "form" ? ORDER[q.by] : (k: string) => k;
    const items = [...groups.entries()]
      .filter(([, value]) => value !== 0)
      .map(([key, value]) => ({
        key,
        label: LABEL[q.by](key),
        value,
      }))
      .sort((a, b) => {
        const x = order(a.key);
        const y = order(b.key);
        return typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      });
    return {
      year: q.year,
      by: q.by,
      measure: services ? ("services" as const) : ("persons" as const),
      total: items.reduce((s, i) => s + i.value, 0),
      items,
    };
  });
}
