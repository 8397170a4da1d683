import { CLUSTERS, DashboardPartnersQuery, DashboardQuery, PROVINCES } from "@atensi/contracts";
import { page, txStep } from "../db/support";
import { fn } from "../fn";
import { Policy } from "../policy";
import { AggregateEntity } from "./entity";

export { AggregateEntity };

/**
 * `cell` (province#cluster#period: persons served) and `service` (province#form#period: services
 * given) are the finest grains, kept for drill-down and open data: any coarser figure is a sum of
 * at most a few thousand rows a year, read without scanning reports.
 */
export type Dimension = "cluster" | "province" | "partner" | "period" | "cell" | "service";
type Counts = { target?: number; realised?: number; expected?: number; submitted?: number; onTime?: number };
export type Delta = { year: string; dimension: Dimension; key: string; label?: string; add: Counts };

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

const row = (item: { key: string; label?: string } & Counts) => ({
  key: item.key,
  ...(item.label ? { label: item.label } : {}),
  target: item.target ?? 0,
  realised: item.realised ?? 0,
  realisationPercent: percent(item.realised ?? 0, item.target ?? 0),
  expected: item.expected ?? 0,
  submitted: item.submitted ?? 0,
  onTime: item.onTime ?? 0,
  completenessPercent: percent(item.submitted ?? 0, item.expected ?? 0),
  timelinessPercent: percent(item.onTime ?? 0, item.expected ?? 0),
});
export type DashboardRow = ReturnType<typeof row>;

export namespace Aggregates {
  /** One year's rows of one dimension, unchecked: for core's own readers (open data, analytics). */
  export const read = async (year: string, dimension: Dimension) => {
    const { data } = await AggregateEntity.query.byYear({ year }).begins({ dimension }).go({ pages: "all" });
    return data.filter((d) => d.dimension === dimension);
  };

  /**
   * Transaction steps that add to aggregate rows (negative numbers subtract). Deltas on the same
   * row are merged first: a transaction may touch each item only once.
   */
  export const steps = (deltas: Delta[]) => {
    const merged = new Map<string, Delta>();
    for (const d of deltas) {
      const id = `${d.year}|${d.dimension}|${d.key}`;
      const existing = merged.get(id);
      if (!existing) {
        merged.set(id, { ...d, add: { ...d.add } });
        continue;
      }
      for (const [field, value] of Object.entries(d.add) as [keyof Counts, number][]) {
        existing.add[field] = (existing.add[field] ?? 0) + value;
      }
    }
    return [...merged.values()]
      .filter((d) => Object.values(d.add).some((n) => n !== 0))
      .map((d) => {
        const update = AggregateEntity.update({ year: d.year, dimension: d.dimension, key: d.key }).add(
          d.add,
        );
        return txStep(d.label ? update.set({ label: d.label }) : update);
      });
  };
}

export namespace Dashboard {
  const rows = async (year: string, dimension: Dimension) => {
    const { data } = await AggregateEntity.query.byYear({ year }).begins({ dimension }).go({ pages: "all" });
    return data.filter((d) => d.dimension === dimension).map(row);
  };

  /**
   * A year at a glance: target vs realisation and reporting completeness per cluster, province
   * and period. At most 7 + 38 + 16 rows, however many partners and reports there are.
   */
  export const summary = fn(DashboardQuery, async ({ year }) => {
    Policy.assert("dashboard.read");
    const [clusters, provinces, periods] = await Promise.all([
      rows(year, "cluster"),
      rows(year, "province"),
      rows(year, "period"),
    ]);
    const order = (key: string) => CLUSTERS.indexOf(key as (typeof CLUSTERS)[number]);
    const total = clusters.reduce(
      (t, r) => ({ target: t.target + r.target, realised: t.realised + r.realised }),
      { target: 0, realised: 0 },
    );
    const reporting = periods.reduce(
      (t, r) => ({
        expected: t.expected + r.expected,
        submitted: t.submitted + r.submitted,
        onTime: t.onTime + r.onTime,
      }),
      { expected: 0, submitted: 0, onTime: 0 },
    );
    return {
      year,
      total: { ...total, realisationPercent: percent(total.realised, total.target) },
      reporting: {
        ...reporting,
        completenessPercent: percent(reporting.submitted, reporting.expected),
        timelinessPercent: percent(reporting.onTime, reporting.expected),
      },
      clusters: clusters.sort((a, b) => order(a.key) - order(b.key)),
      provinces: provinces.map((p) => ({ ...p, label: PROVINCES[p.key as keyof typeof PROVINCES] ?? p.key })),
      periods: periods.sort((a, b) => a.key.localeCompare(b.key)),
    };
  });

  /** Per partner, one page at a time (there may be a thousand partners). */
  export const partners = fn(DashboardPartnersQuery, async (q) => {
    Policy.assert("dashboard.read");
    const result = await page(() =>
      AggregateEntity.query
        .byYear({ year: q.year })
        .begins({ dimension: "partner" })
        .go({ cursor: q.cursor ?? null, limit: q.limit ?? 50 }),
    );
    return { year: q.year, items: result.items.map(row), nextCursor: result.nextCursor };
  });
}
