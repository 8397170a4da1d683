import { REPORT_STATUSES, ReportCreate, type ReportStatus } from "@atensi/contracts";
import { getValue } from "@modular-forms/solid";
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createUniqueId, For, Match, Show, Switch } from "solid-js";
import { ReportStatusBadge } from "../../components/badges";
import { XlsxButton } from "../../components/downloads";
import {
  applyProblem,
  createAppForm,
  FormActions,
  SelectField,
  schemaValidator,
} from "../../components/form";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { one } from "../../components/params";
import { Loading, ProblemAlert } from "../../components/problem";
import { useReportableAgreements } from "../../data/agreements";
import {
  type OutstandingReport,
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
  const [form, { Form, Field }] = createAppForm<OpenValues>({
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
              <Field name="agreementID">
                {(field, input) => (
                  <SelectField
                    field={field}
                    input={input}
                    label={t("field.agreement")}
                    options={(agreements.data ?? []).map((a) => ({
                      value: a.id,
                      label: `${a.number ?? ""} · ${a.title}`,
                    }))}
                    placeholder={t("form.choose")}
                    required
                  />
                )}
              </Field>
              <Field name="period">
                {(field, input) => (
                  <SelectField
                    field={field}
                    input={input}
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
                )}
              </Field>
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
  const statusID = createUniqueId();
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
      <form class="filters card" aria-label={t("reports.filters")} onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for={statusID}>{t("field.status")}</label>
          <select id={statusID} onChange={(e) => setParams({ status: e.currentTarget.value || undefined })}>
            <Show when={!staff()}>
              <option value="">{t("reports.allStatuses")}</option>
            </Show>
            <For each={REPORT_STATUSES}>
              {(s) => (
                <option value={s} selected={filters().status === s}>
                  {tx(`reportStatus.${s}`)}
                </option>
              )}
            </For>
          </select>
        </div>
      </form>
      <InfiniteList
        query={list}
        empty={
          <p class="empty card" data-testid="reports-empty">
            {staff() ? t("reports.queueEmpty") : t("reports.empty")}
          </p>
        }
        summary={(n) => t("reports.showing", { n })}
      >
        {(items) => (
          <>
            <table class="table responsive" aria-label={t("reports.title")} data-testid="report-list">
              <thead>
                <tr>
                  <th scope="col">{t("field.period")}</th>
                  <Show when={staff()}>
                    <th scope="col">{t("field.partner")}</th>
                  </Show>
                  <th scope="col">{t("field.agreement")}</th>
                  <th scope="col">{t("field.status")}</th>
                  <th scope="col">{t("field.dueDate")}</th>
                  <th scope="col">{staff() ? t("field.submittedAt") : t("field.updatedAt")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={items()}>
                  {(r) => (
                    <tr data-testid={`report-row-${r.id}`}>
                      <td data-label={t("field.period")}>
                        <A href={`/reports/${r.id}`}>{periodLabel(r.period)}</A>
                      </td>
                      <Show when={staff()}>
                        <td data-label={t("field.partner")}>{r.partnerName}</td>
                      </Show>
                      <td data-label={t("field.agreement")}>{r.agreementNumber ?? "—"}</td>
                      <td data-label={t("field.status")}>
                        <ReportStatusBadge status={r.status} />
                        <Show when={r.late}>
                          {" "}
                          <span class="badge badge-rejected">{t("report.late")}</span>
                        </Show>
                      </td>
                      <td data-label={t("field.dueDate")}>{formatDate(r.dueDate, "medium")}</td>
                      <td data-label={staff() ? t("field.submittedAt") : t("field.updatedAt")}>
                        {formatDateTime(staff() ? (r.submittedAt ?? r.updatedAt) : r.updatedAt)}
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </>
        )}
      </InfiniteList>
    </section>
  );
};
