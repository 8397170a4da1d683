import { ReportReason } from "@atensi/contracts";
import { A, useParams } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { isApiError } from "../../api";
import { AuditTrail } from "../../components/audit";
import { ReportStatusBadge } from "../../components/badges";
import { PdfButton } from "../../components/downloads";
import { PageHeading } from "../../components/page";
import { Loading, ProblemAlert } from "../../components/problem";
import { QueryPage } from "../../components/query-view";
import { ReasonForm } from "../../components/reason-form";
import { useAgreement } from "../../data/agreements";
import {
  REPORT_DECISIONS_WITH_REASON,
  type Report,
  type ReportDecision,
  useReport,
  useReportAudit,
  useReportComments,
  useReportDecision,
  useReportDiff,
} from "../../data/reports";
import { can, isStaff, type Session } from "../../data/session";
import { formatDate, formatDateTime, t, tm, tx } from "../../i18n";
import { periodLabel } from "./periods";
import { ReportEditor } from "./report-editor";
import { ReportContentView } from "./report-view";

const EDITABLE = ["draft", "revision_requested"];

/** In the order offered; which appear is the API's `allowed` for this person. */
const STAFF_DECISIONS: { decision: ReportDecision; primary: boolean }[] = [
  { decision: "claim", primary: false },
  { decision: "forward", primary: true },
  { decision: "accept", primary: true },
  { decision: "request_revision", primary: false },
  { decision: "unlock", primary: false },
];

const reportProblem = (error: unknown) => {
  if (!isApiError(error)) return undefined;
  if (error.code === "illegal_transition") {
    const allowed = (error.allowed ?? []).map((a) => tx(`reportDecision.${a}.action`)).join(", ");
    return allowed ? t("report.illegalAllowed", { allowed }) : t("report.illegal");
  }
  if (error.status === 412) return t("report.stale");
  if (error.status === 403) return error.detail ? tm(error.detail) : t("problem.forbidden");
  return undefined;
};

/** Staff review: accept, send back for revision, or (approvers) reopen an accepted report. */
const ReviewActions = (props: { report: Report; session: Session }) => {
  const decide = useReportDecision();
  const [open, setOpen] = createSignal<ReportDecision>();
  const [done, setDone] = createSignal<ReportDecision>();
  const available = () =>
    STAFF_DECISIONS.filter((d) => (props.report.allowed as string[]).includes(d.decision));
  const run = async (decision: ReportDecision, reason?: string) => {
    setDone(undefined);
    try {
      await decide.mutateAsync({ id: props.report.id, version: props.report.version, decision, reason });
      setOpen(undefined);
      setDone(decision);
    } catch (error) {
      if (isApiError(error) && (error.status === 409 || error.status === 412)) setOpen(undefined);
      throw error;
    }
  };
  return (
    <section class="card decisions" aria-labelledby="report-actions-heading">
      <h2 id="report-actions-heading">{t("decision.title")}</h2>
      <div aria-live="polite">
        <Show when={done()}>
          {(d) => (
            <p class="alert alert-success" data-testid="report-action-done">
              {tx(`reportDecision.${d()}.done`)}
            </p>
          )}
        </Show>
      </div>
      <Show when={decide.error && !open()}>
        <ProblemAlert
          error={decide.error}
          message={reportProblem(decide.error)}
          testid="report-action-error"
        />
      </Show>
      <Show
        when={open()}
        fallback={
          <Show when={available().length > 0} fallback={<p class="muted">{t("decision.none")}</p>}>
            <div class="button-row">
              <For each={available()}>
                {(d) => (
                  <button
                    type="button"
                    class={d.primary ? "button primary" : "button danger-outline"}
                    disabled={decide.isPending}
                    aria-busy={decide.isPending}
                    onClick={() => {
                      decide.reset();
                      setDone(undefined);
                      if (REPORT_DECISIONS_WITH_REASON.includes(d.decision)) setOpen(d.decision);
                      else void run(d.decision).catch(() => undefined);
                    }}
                  >
                    {tx(`reportDecision.${d.decision}.action`)}
                  </button>
                )}
              </For>
            </div>
          </Show>
        }
      >
        {(decision) => (
          <>
            <Show when={decide.error}>
              <ProblemAlert error={decide.error} message={reportProblem(decide.error)} />
            </Show>
            <ReasonForm
              title={tx(`reportDecision.${decision()}.title`)}
              label={tx(`reportDecision.${decision()}.reason`)}
              confirm={tx(`reportDecision.${decision()}.confirm`)}
              warning={tx(`reportDecision.${decision()}.warning`)}
              schema={ReportReason}
              busy={decide.isPending}
              danger={decision() === "unlock"}
              onSubmit={(reason) => run(decision(), reason)}
              onCancel={() => setOpen(undefined)}
              testid={`form-${decision()}`}
            />
          </>
        )}
      </Show>
    </section>
  );
};

/** A diffed value: numbers grouped, absent as a dash. */
const value = (x: unknown) =>
  x === null || x === undefined ? "—" : typeof x === "string" ? x : JSON.stringify(x);

/** What changed between the last two submitted versions (`services.<form>.count`). */
const fieldLabel = (field: string) => {
  const [section, id, leaf] = field.split(".");
  const part = (prefix: string, x: string | undefined) => (x ? tx(`${prefix}.${x}`) : "");
  if (section === "beneficiaries") {
    // beneficiaries.totals.<cluster>.count, beneficiaries.breakdown.<cluster/sex/band>.count
    const [, kind, key] = field.split(".");
    if (kind === "breakdown" && key) {
      const [cluster, sex, band] = key.split("/");
      return `${tx("reportSection.beneficiaries")}: ${part("cluster", cluster)}, ${part("sex", sex)}, ${band}`;
    }
    const prefix = kind === "byCriterion" ? "criterion" : "cluster";
    return `${tx("reportSection.beneficiaries")}: ${part(prefix, key)}`;
  }
  if (section === "services") return `${tx("reportSection.services")}: ${part("serviceForm", id)}`;
  if (section === "caseFlow")
    return `${tx("reportSection.caseFlow")}: ${part("caseStage", id)}, ${part("flowField", leaf)}`;
  return `${tx(`reportSection.${section}`)}: ${[id, leaf].filter(Boolean).join(" · ")}`;
};

const ReportDiff = (props: { report: Report }) => {
  const diff = useReportDiff(
    () => props.report.id,
    () => props.report.submissions > 1,
  );
  return (
    <section class="card" aria-labelledby="report-diff" data-testid="report-diff">
      <h2 id="report-diff">{t("report.diffTitle")}</h2>
      <Switch>
        <Match when={diff.isPending}>
          <Loading />
        </Match>
        <Match when={diff.isError}>
          <ProblemAlert error={diff.error} />
        </Match>
        <Match when={diff.data}>
          {(data) => (
            <>
              <p class="hint">{t("report.diffLead", { from: data().from ?? "—", to: data().to ?? "—" })}</p>
              <Show when={data().changes.length > 0} fallback={<p class="muted">{t("report.diffNone")}</p>}>
                <table class="table responsive diff-table">
                  <thead>
                    <tr>
                      <th scope="col">{t("diff.field")}</th>
                      <th scope="col">{t("diff.from")}</th>
                      <th scope="col">{t("diff.to")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={data().changes}>
                      {(c) => (
                        <tr>
                          <th scope="row" data-label={t("diff.field")}>
                            {fieldLabel(c.field)}
                          </th>
                          <td data-label={t("diff.from")} class="diff-from">
                            {value(c.from)}
                          </td>
                          <td data-label={t("diff.to")} class="diff-to">
                            {value(c.to)}
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
};

export const ReportDetailPage = (props: { session: Session }) => {
  const params = useParams();
  const report = useReport(() => params.id ?? "");
  const agreement = useAgreement(() => report.data?.agreementID ?? "");
  const comments = useReportComments(() => params.id ?? "");
  const audit = useReportAudit(() => params.id ?? "");
  const editing = (r: Report) =>
    !isStaff(props.session) && EDITABLE.includes(r.status) && can(props.session, "report.create");
  return (
    <section class="page">
      <p class="breadcrumb">
        <A href="/reports">← {t("reports.back")}</A>
      </p>
      <QueryPage query={report} errorTitle={t("report.title")}>
        {(r) => (
          <>
            <PageHeading
              title={t("report.heading", { period: periodLabel(r().period) })}
              lead={
                <span class="status-line">
                  <ReportStatusBadge status={r().status} testid="report-status" />{" "}
                  <Show when={r().late}>
                    <span class="badge badge-rejected">{t("report.late")}</span>{" "}
                  </Show>
                  <span class="muted">
                    {r().partnerName} · {r().agreementNumber ?? agreement.data?.title ?? ""} ·{" "}
                    {t("report.due", { date: formatDate(r().dueDate) })}
                  </span>
                </span>
              }
              actions={
                <Show when={r().status === "accepted"}>
                  <PdfButton kind="reports" id={r().id} label={t("download.reportPdf")} />
                </Show>
              }
            />
            <Show when={r().statusReason}>
              <div class="alert alert-warning" data-testid="report-reason">
                <p>
                  <strong>{t("report.revisionReason")}</strong> {r().statusReason}
                </p>
              </div>
            </Show>
            <Show when={r().submittedAt}>
              <p class="muted small">
                {t("report.submittedAt", { date: formatDateTime(r().submittedAt), n: r().submissions })}
              </p>
            </Show>
            <Show when={isStaff(props.session)}>
              <ReviewActions report={r()} session={props.session} />
            </Show>
            <Show when={r().submissions > 1}>
              <ReportDiff report={r()} />
            </Show>
            <Show
              when={editing(r())}
              fallback={
                <ReportContentView
                  report={r()}
                  comments={comments.data?.items ?? []}
                  session={props.session}
                />
              }
            >
              {/* The editor waits for the agreement: its clusters decide the rows. */}
              <Switch>
                <Match when={agreement.isPending}>
                  <Loading />
                </Match>
                <Match when={true}>
                  <ReportEditor
                    report={r()}
                    agreement={agreement.data}
                    comments={comments.data?.items ?? []}
                    session={props.session}
                  />
                </Match>
              </Switch>
            </Show>
            <AuditTrail query={audit} testid="report-audit" />
          </>
        )}
      </QueryPage>
    </section>
  );
};
