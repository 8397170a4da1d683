import { useSearchParams } from "@solidjs/router";
import { createUniqueId, For, type JSX, Match, Show, Switch } from "solid-js";
import { BarChart } from "../../components/chart";
import { XlsxButton } from "../../components/downloads";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { one } from "../../components/params";
import { Loading, ProblemAlert } from "../../components/problem";
import { type Column, Table } from "../../components/table";
import {
  type DashboardRow,
  type DashboardTable,
  exportUrl,
  useDashboard,
  useDashboardPartners,
} from "../../data/dashboard";
import { formatNumber, formatPercent, t, tx } from "../../i18n";
import { periodLabel } from "../reports/periods";
import { DrillPanel } from "./drill";

const TARGET_COLOR = "#9fb7c4";
const REALISED_COLOR = "#0b5d7a";
const SUBMITTED_COLOR = "#1e6b3a";
const ON_TIME_COLOR = "#8a5a00";

/** "61.097 dari 51.200 = 119%". */
const ofTarget = (row: { realised: number; target: number; realisationPercent: number | null }) =>
  t("dashboard.ofTarget", {
    realised: formatNumber(row.realised),
    target: formatNumber(row.target),
    percent: formatPercent(row.realisationPercent),
  });

/** A bar for a percentage (decorative: the text beside it says the same). */
const Meter = (props: { percent: number | null }) => (
  <span class="meter" aria-hidden="true">
    <span
      class="meter-fill"
      classList={{ over: (props.percent ?? 0) > 100 }}
      style={{ width: `${Math.min(100, Math.max(0, props.percent ?? 0))}%` }}
    />
  </span>
);

/** The CSV of one table, downloaded as the API writes it (all rows, not only the page shown). */
const ExportButton = (props: { year: string; table: DashboardTable; label: string }) => (
  <a
    class="button small"
    href={exportUrl(props.year, props.table)}
    download=""
    data-testid={`export-${props.table}`}
  >
    {t("dashboard.exportCsv")}
    <span class="sr-only"> ({props.label})</span>
  </a>
);

/** The table as CSV and as an Excel workbook (typed cells, Indonesian formats). */
const Downloads = (props: { year: string; table: DashboardTable; label: string }) => (
  <>
    <ExportButton year={props.year} table={props.table} label={props.label} />
    <XlsxButton list="dashboard" filters={{ year: props.year, table: props.table }} label={props.label} />
  </>
);

const Panel = (props: {
  title: string;
  lead?: string;
  actions?: JSX.Element;
  children: JSX.Element;
  testid?: string;
}) => {
  const id = createUniqueId();
  return (
    <section class="card dashboard-panel" aria-labelledby={id} data-testid={props.testid}>
      <div class="section-heading">
        <h2 id={id}>{props.title}</h2>
        {props.actions}
      </div>
      <Show when={props.lead}>
        <p class="hint">{props.lead}</p>
      </Show>
      {props.children}
    </section>
  );
};

/** Completeness and timeliness: expected, submitted and on-time reports, with percentages. */
const reportingColumns = (): Column<DashboardRow>[] => [
  { header: t("dashboard.expected"), num: true, cell: (row) => formatNumber(row.expected) },
  { header: t("dashboard.submitted"), num: true, cell: (row) => formatNumber(row.submitted) },
  { header: t("dashboard.onTime"), num: true, cell: (row) => formatNumber(row.onTime) },
  { header: t("dashboard.completeness"), num: true, cell: (row) => formatPercent(row.completenessPercent) },
  { header: t("dashboard.timeliness"), num: true, cell: (row) => formatPercent(row.timelinessPercent) },
];

/** The row's name (a province, a partner) and its realisation against target, as text. */
const namedColumns = (header: string): Column<DashboardRow>[] => [
  { header, rowHeader: true, cell: (row) => row.label ?? row.key },
  { header: t("dashboard.realisation"), cell: ofTarget },
];

/**
 * One of the dashboard's tables in its panel: the CSV and Excel downloads of the whole table, the
 * chart drawn from the same rows (when there is one) and the table itself, or "no data".
 */
const TablePanel = (props: {
  year: string;
  table: DashboardTable;
  title: string;
  lead: string;
  rows: readonly DashboardRow[];
  columns: Column<DashboardRow>[];
  chart?: JSX.Element;
  scroll?: boolean;
  rowTestid?: (row: DashboardRow) => string;
}) => (
  <Panel
    title={props.title}
    lead={props.lead}
    actions={<Downloads year={props.year} table={props.table} label={props.title} />}
    testid={`dashboard-${props.table}`}
  >
    <Show when={props.rows.length > 0} fallback={<p class="muted">{t("dashboard.noData")}</p>}>
      {props.chart}
      <Table
        rows={props.rows}
        columns={props.columns}
        id={`table-${props.table}`}
        caption={props.title}
        scroll={props.scroll}
        rowTestid={props.rowTestid}
      />
    </Show>
  </Panel>
);

/** Per partner, a page at a time (there may be a thousand). */
const PartnerTable = (props: { year: string }) => {
  const partners = useDashboardPartners(() => props.year);
  return (
    <Panel
      title={t("dashboard.byPartner")}
      lead={t("dashboard.byPartnerLead")}
      actions={<Downloads year={props.year} table="partners" label={t("dashboard.byPartner")} />}
      testid="dashboard-partners"
    >
      <InfiniteList
        query={partners}
        empty={<p class="muted">{t("dashboard.noData")}</p>}
        id="table-partners"
        caption={t("dashboard.byPartner")}
        scroll
        columns={[...namedColumns(t("field.partner")), ...reportingColumns()]}
      />
    </Panel>
  );
};

/** Programme dashboards for Kemensos staff: a year's targets, realisation and reporting. */
export const DashboardPage = () => {
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const year = () => {
    const y = one(params.year);
    return y && /^\d{4}$/.test(y) ? y : String(thisYear);
  };
  const years = () => {
    const list = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3].map(String);
    return list.includes(year()) ? list : [year(), ...list];
  };
  const summary = useDashboard(year);
  const yearID = createUniqueId();

  return (
    <section class="page dashboard">
      <PageHeading
        title={t("dashboard.title")}
        lead={t("dashboard.lead")}
        actions={
          <div class="field year-picker">
            <label for={yearID}>{t("dashboard.year")}</label>
            <select id={yearID} onChange={(e) => setParams({ year: e.currentTarget.value })}>
              <For each={years()}>
                {(y) => (
                  <option value={y} selected={y === year()}>
                    {y}
                  </option>
                )}
              </For>
            </select>
          </div>
        }
      />
      <Switch>
        <Match when={summary.isPending}>
          <Loading />
        </Match>
        <Match when={summary.isError}>
          <ProblemAlert error={summary.error}>
            <button type="button" class="button" onClick={() => void summary.refetch()}>
              {t("common.retry")}
            </button>
          </ProblemAlert>
        </Match>
        <Match when={summary.data}>
          {(data) => (
            <>
              <div class="stat-cards" aria-live="polite">
                <div class="card stat" data-testid="dashboard-total">
                  <p class="stat-label">{t("dashboard.totalRealisation")}</p>
                  <p class="stat-value">{formatPercent(data().total.realisationPercent)}</p>
                  <p class="small">{ofTarget(data().total)}</p>
                  <Meter percent={data().total.realisationPercent} />
                </div>
                <div class="card stat" data-testid="dashboard-completeness">
                  <p class="stat-label">{t("dashboard.completeness")}</p>
                  <p class="stat-value">{formatPercent(data().reporting.completenessPercent)}</p>
                  <p class="small">
                    {t("dashboard.reportsOf", {
                      n: formatNumber(data().reporting.submitted),
                      of: formatNumber(data().reporting.expected),
                    })}
                  </p>
                  <Meter percent={data().reporting.completenessPercent} />
                </div>
                <div class="card stat" data-testid="dashboard-timeliness">
                  <p class="stat-label">{t("dashboard.timeliness")}</p>
                  <p class="stat-value">{formatPercent(data().reporting.timelinessPercent)}</p>
                  <p class="small">
                    {t("dashboard.onTimeOf", {
                      n: formatNumber(data().reporting.onTime),
                      of: formatNumber(data().reporting.expected),
                    })}
                  </p>
                  <Meter percent={data().reporting.timelinessPercent} />
                </div>
              </div>

              <TablePanel
                year={year()}
                table="clusters"
                title={t("dashboard.byCluster")}
                lead={t("dashboard.byClusterLead")}
                rows={data().clusters}
                rowTestid={(row) => `cluster-row-${row.key}`}
                chart={
                  <BarChart
                    title={t("dashboard.byCluster")}
                    labels={data().clusters.map((r) => tx(`cluster.${r.key}`))}
                    series={[
                      {
                        label: t("dashboard.target"),
                        data: data().clusters.map((r) => r.target),
                        color: TARGET_COLOR,
                      },
                      {
                        label: t("dashboard.realised"),
                        data: data().clusters.map((r) => r.realised),
                        color: REALISED_COLOR,
                      },
                    ]}
                    tableId="table-clusters"
                    horizontal
                    height={Math.max(180, data().clusters.length * 56)}
                    testid="chart-clusters"
                  />
                }
                columns={[
                  { header: t("field.cluster"), rowHeader: true, cell: (row) => tx(`cluster.${row.key}`) },
                  { header: t("dashboard.target"), num: true, cell: (row) => formatNumber(row.target) },
                  { header: t("dashboard.realised"), num: true, cell: (row) => formatNumber(row.realised) },
                  {
                    header: t("dashboard.realisation"),
                    cell: (row) => (
                      <span class="meter-row">
                        <Meter percent={row.realisationPercent} />
                        <span data-testid="realisation">{ofTarget(row)}</span>
                      </span>
                    ),
                  },
                ]}
              />

              <TablePanel
                year={year()}
                table="provinces"
                title={t("dashboard.byProvince")}
                lead={t("dashboard.byProvinceLead")}
                rows={data().provinces}
                scroll
                chart={
                  <BarChart
                    title={t("dashboard.byProvinceChart")}
                    labels={data().provinces.map((r) => r.label ?? r.key)}
                    series={[
                      {
                        label: t("dashboard.completeness"),
                        data: data().provinces.map((r) => r.completenessPercent ?? 0),
                        color: SUBMITTED_COLOR,
                      },
                      {
                        label: t("dashboard.timeliness"),
                        data: data().provinces.map((r) => r.timelinessPercent ?? 0),
                        color: ON_TIME_COLOR,
                      },
                    ]}
                    tableId="table-provinces"
                    horizontal
                    unit="%"
                    height={Math.max(180, data().provinces.length * 56)}
                    testid="chart-provinces"
                  />
                }
                columns={[...namedColumns(t("field.province")), ...reportingColumns()]}
              />

              <TablePanel
                year={year()}
                table="periods"
                title={t("dashboard.byPeriod")}
                lead={t("dashboard.byPeriodLead")}
                rows={data().periods}
                scroll
                chart={
                  <BarChart
                    title={t("dashboard.byPeriodChart")}
                    labels={data().periods.map((r) => periodLabel(r.key))}
                    series={[
                      {
                        label: t("dashboard.realised"),
                        data: data().periods.map((r) => r.realised),
                        color: REALISED_COLOR,
                      },
                    ]}
                    tableId="table-periods"
                    testid="chart-periods"
                  />
                }
                columns={[
                  { header: t("field.period"), rowHeader: true, cell: (row) => periodLabel(row.key) },
                  { header: t("dashboard.realised"), num: true, cell: (row) => formatNumber(row.realised) },
                  ...reportingColumns(),
                ]}
              />

              <DrillPanel year={year()} />
              <PartnerTable year={year()} />
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
};
