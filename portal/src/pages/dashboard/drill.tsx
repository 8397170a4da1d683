import { CLUSTERS, SERVICE_FORMS } from "@atensi/contracts";
import { createSignal, createUniqueId, For, Show } from "solid-js";
import { BarChart } from "../../components/chart";
import { Loading, ProblemAlert } from "../../components/problem";
import { type DrillBy, useDrill } from "../../data/analytics";
import { formatNumber, t, tx } from "../../i18n";
import { periodLabel } from "../reports/periods";

const COLOR = "#0b5d7a";

/**
 * Drill-down on report content: group persons served (or, by service form, services given) by
 * province, cluster, form or period, narrowed by a cluster or a form. Chart.js draws the bars;
 * the table beside it carries the same figures for screen readers and copying.
 */
export const DrillPanel = (props: { year: string }) => {
  const [by, setBy] = createSignal<DrillBy>("period");
  const [cluster, setCluster] = createSignal("");
  const [form, setForm] = createSignal("");
  const filters = () => ({
    by: by(),
    ...(cluster() && by() !== "form" && !form() ? { cluster: cluster() } : {}),
    ...(form() && by() !== "cluster" ? { form: form() } : {}),
  });
  const drill = useDrill(() => props.year, filters);
  const ids = {
    by: createUniqueId(),
    cluster: createUniqueId(),
    form: createUniqueId(),
    heading: createUniqueId(),
  };
  const labelOf = (key: string, label?: string) =>
    by() === "cluster"
      ? tx(`cluster.${key}`)
      : by() === "form"
        ? tx(`serviceForm.${key}`)
        : by() === "period"
          ? periodLabel(key)
          : (label ?? key);
  return (
    <section class="card dashboard-panel" aria-labelledby={ids.heading} data-testid="dashboard-drill">
      <div class="section-heading">
        <h2 id={ids.heading}>{t("drill.title")}</h2>
      </div>
      <p class="hint">{t("drill.lead")}</p>
      <form class="filters filters-3" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for={ids.by}>{t("drill.by")}</label>
          <select id={ids.by} onChange={(e) => setBy(e.currentTarget.value as DrillBy)}>
            <For each={["period", "province", "cluster", "form"] as const}>
              {(d) => (
                <option value={d} selected={by() === d}>
                  {t(`drill.by.${d}`)}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for={ids.cluster}>{t("field.cluster")}</label>
          <select
            id={ids.cluster}
            disabled={by() === "form" || !!form()}
            onChange={(e) => setCluster(e.currentTarget.value)}
          >
            <option value="">{t("drill.all")}</option>
            <For each={CLUSTERS}>{(c) => <option value={c}>{tx(`cluster.${c}`)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for={ids.form}>{t("drill.form")}</label>
          <select
            id={ids.form}
            disabled={by() === "cluster" || !!cluster()}
            onChange={(e) => setForm(e.currentTarget.value)}
          >
            <option value="">{t("drill.all")}</option>
            <For each={SERVICE_FORMS}>{(f) => <option value={f}>{tx(`serviceForm.${f}`)}</option>}</For>
          </select>
        </div>
      </form>
      <Show when={!drill.isPending} fallback={<Loading />}>
        <Show when={drill.data} fallback={<ProblemAlert error={drill.error} />}>
          {(d) => (
            <Show when={d().items.length} fallback={<p class="empty">{t("drill.empty")}</p>}>
              <BarChart
                title={t("drill.title")}
                labels={d().items.map((i) => labelOf(i.key, i.label))}
                series={[
                  {
                    label: d().measure === "services" ? t("drill.services") : t("drill.persons"),
                    data: d().items.map((i) => i.value),
                    color: COLOR,
                  },
                ]}
                tableId="table-drill"
                horizontal={by() !== "period"}
                height={Math.max(180, d().items.length * 40)}
                testid="chart-drill"
              />
              <table class="table responsive" id="table-drill">
                <caption class="sr-only">{t("drill.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t(`drill.by.${by()}`)}</th>
                    <th scope="col" class="num">
                      {d().measure === "services" ? t("drill.services") : t("drill.persons")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={d().items}>
                    {(i) => (
                      <tr>
                        <td>{labelOf(i.key, i.label)}</td>
                        <td class="num">{formatNumber(i.value)}</td>
                      </tr>
                    )}
                  </For>
                  <tr>
                    <th scope="row">{t("drill.total")}</th>
                    <td class="num">{formatNumber(d().total)}</td>
                  </tr>
                </tbody>
              </table>
            </Show>
          )}
        </Show>
      </Show>
    </section>
  );
};
