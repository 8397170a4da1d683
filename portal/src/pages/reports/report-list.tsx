import { REPORT_STATUSES, ReportCreate, type ReportStatus } from "@atensi/contracts";
import { getValue } from "@modular-forms/solid";
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { For, Match, Show, Switch } from "solid-js";
import { ReportStatusBadge } from "../../components/badges";
import { XlsxButton } from "../../components/downloads";
import { FormSelect } from "../../components/fields";
import { FilterBar, FilterSelect } from "../../components/filters";
import { applyProblem, createAppForm, FormActions, optionsOf, schemaValidator } from "../../components/form";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { one } from "../../components/params";
import { Loading, ProblemAlert } from "../../components/problem";
import { columnIf } from "../../components/table";
import { useReportableAgreements } from "../../data/agreements";
import {
  type OutstandingReport,
  type ReportListItem,
  useAgreementReports,
  useOpenReport,
  useOutstandingReports,
  useReportList,
} from "../../data/reports";
import { can, isStaff, type Session } from "../../data/session";
import { formatDate, formatDateTime, t, tx } from "../../i18n";
import { periodLabel, startedPeriods } from "./periods";

const isStatus = (x: string | undefined): x is ReportStatus =>
  !!x && (REPORT_STATUSES as readonly string[]).includes(x);

type OpenValues = { agreementID: string; period: string };

/** An LKS opens the report of an active agreement for a period that has started. */
const OpenReport = () => {
  const navigate = useNavigate();
  const agreements = useReportableAgreements();
  const open = useOpenReport();
  const [form, { Form }] = createAppForm<OpenValues>({
    initialValues: { agreementID: "", period: "" },
    validate: schemaValidator<OpenValues>(ReportCreate),
  });
  const chosen = () => agreements.data?.find((a) => a.id === getValue(form, "agreementID"));
  const existing = useAgreementReports(() => chosen()?.id);
  const periods = () => {
    const a = chosen();
    if (!a) return [];
    const opened = new Set((existing.data ?? []).map((r) => r.period));
    return startedPeriods(a).map((p) => ({
      value: p,
      label: opened.has(p) ? `${periodLabel(p)} (${t("reports.alreadyOpen")})` : periodLabel(p),
      opened: opened.has(p),
    }));
  };
  const submit = async (values: OpenValues) => {
    const already = existing.data?.find((r) => r.period === values.period);
    if (already) {
      navigate(`/reports/${already.id}`);
      return;
    }
    try {
      const report = await open.mutateAsync(values);
      navigate(`/reports/${report.id}`);
    } catch (error) {
      applyProblem(form, error);
    }
  };
  return (
    <section class="card" aria-labelledby="open-report-heading">
      <h2 id="open-report-heading">{t("reports.openTitle")}</h2>
      <Switch>
        <Match when={agreements.isPending}>
          <Loading />
        </Match>
        <Match when={agreements.isError}>
          <ProblemAlert error={agreements.error} />
        </Match>
        <Match when={agreements.data?.length === 0}>
          <p class="muted" data-testid="no-active-agreements">
            {t("reports.noActiveAgreements")}
          </p>
        </Match>
        <Match when={agreements.data}>
          <Form onSubmit={submit} class="form" aria-label={t("reports.openTitle")}>
            <div class="grid-2">
              <FormSelect
                of={form}
                name="agreementID"
                label={t("field.agreement")}
                options={(agreements.data ?? []).map((a) => ({
                  value: a.id,
                  label: `${a.number ?? ""} · ${a.title}`,
                }))}
                placeholder={t("form.choose")}
                required
              />
              <FormSelect
                of={form}
                name="period"
                label={t("field.period")}
                hint={
                  chosen()
                    ? tx(`cadenceHint.${chosen()?.reportingCadence}`)
                    : t("reports.chooseAgreementFirst")
                }
                options={periods()}
                placeholder={t("form.choose")}
                disabled={!chosen()}
                required
              />
            </div>
            <FormActions busy={open.isPending} label={t("reports.open")} error={open.error} />
          </Form>
        </Match>
      </Switch>
    </section>
  );
};

/**
 * What the LKS still owes, first: the overdue notices link to this page, so the periods they
 * speak of are here even when no report was opened for them.
 */
const Outstanding = () => {
  const owed = useOutstandingReports(() => true);
  const navigate = useNavigate();
  const open = useOpenReport();
  const go = async (o: OutstandingReport) => {
    const report = o.report ?? (await open.mutateAsync({ agreementID: o.agreementID, period: o.period }));
    navigate(`/reports/${report.id}`);
  };
  return (
    <Show when={owed.data?.items.length}>
      <section class="card" aria-labelledby="outstanding-heading" data-testid="reports-outstanding">
        <h2 id="outstanding-heading">{t("reports.outstandingTitle")}</h2>
        <ProblemAlert error={open.error} />
        <ul class="plain-list">
          <For each={owed.data?.items}>
            {(o) => (
              <li data-testid={`outstanding-${o.agreementID}-${o.period}`}>
                <span
                  class={o.state === "overdue" ? "badge badge-rejected" : "badge badge-pending_verification"}
                >
                  {o.state === "overdue" ? t("reports.overdue") : t("reports.dueSoon")}
                </span>{" "}
                <strong>{periodLabel(o.period)}</strong> · {o.agreement} ·{" "}
                {t("reports.dueOn", { date: formatDate(o.dueDate) })}{" "}
                <button
                  type="button"
                  class="button small"
                  disabled={open.isPending}
                  onClick={() => void go(o).catch(() => undefined)}
                >
                  {o.report ? t("reports.continue") : t("reports.open")}
                  <span class="sr-only"> {periodLabel(o.period)}</span>
                </button>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
};

/** An LKS: its reports, newest first, and opening a new one. Staff: the review queue of a status. */
export const ReportListPage = (props: { session: Session }) => {
  const [params, setParams] = useSearchParams();
  const staff = () => isStaff(props.session);
  const filters = () => {
    const status = one(params.status);
    const queue = props.session.queues.reports ?? (staff() ? "submitted" : undefined);
    return isStatus(status) ? { status } : queue ? { status: queue } : {};
  };
  const list = useReportList(filters);
  return (
    <section class="page">
      <PageHeading
        title={staff() ? t("reports.titleStaff") : t("reports.title")}
        lead={
          staff() ? t("reports.leadStaff") : t("reports.leadLks", { name: props.session.partner?.name ?? "" })
        }
        actions={<XlsxButton list="reports" filters={filters()} />}
      />
      <Show when={can(props.session, "report.create")}>
        <Outstanding />
        <OpenReport />
      </Show>
      <FilterBar label={t("reports.filters")}>
        <FilterSelect
          label={t("field.status")}
          value={filters().status}
          all={staff() ? undefined : t("reports.allStatuses")}
          options={optionsOf(REPORT_STATUSES, "reportStatus")}
          onChange={(status) => setParams({ status })}
        />
      </FilterBar>
      <InfiniteList
        query={list}
        empty={
          <p class="empty card" data-testid="reports-empty">
            {staff() ? t("reports.queueEmpty") : t("reports.empty")}
          </p>
        }
        summary={(n) => t("reports.showing", { n })}
        label={t("reports.title")}
        testid="report-list"
        rowTestid={(r) => `report-row-${r.id}`}
        columns={[
          {
            header: t("field.period"),
            cell: (r) => <A href={`/reports/${r.id}`}>{periodLabel(r.period)}</A>,
          },
          ...columnIf<ReportListItem>(staff(), { header: t("field.partner"), cell: (r) => r.partnerName }),
          { header: t("field.agreement"), cell: (r) => r.agreementNumber ?? "—" },
          {
            header: t("field.status"),
            cell: (r) => (
              <>
                <ReportStatusBadge status={r.status} />
                <Show when={r.late}>
                  {" "}
                  <span class="badge badge-rejected">{t("report.late")}</span>
                </Show>
              </>
            ),
          },
          { header: t("field.dueDate"), cell: (r) => formatDate(r.dueDate, "medium") },
          staff()
            ? { header: t("field.submittedAt"), cell: (r) => formatDateTime(r.submittedAt ?? r.updatedAt) }
            : { header: t("field.updatedAt"), cell: (r) => formatDateTime(r.updatedAt) },
        ]}
      />
    </section>
  );
};
