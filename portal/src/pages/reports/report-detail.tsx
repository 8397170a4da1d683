import { ReportReason } from "@atensi/contracts";
import { A, useParams } from "@solidjs/router";
import { Match, Show, Switch } from "solid-js";
import { isApiError } from "../../api";
import { AuditTrail } from "../../components/audit";
import { ReportStatusBadge } from "../../components/badges";
import { PdfButton } from "../../components/downloads";
import { PageHeading } from "../../components/page";
import { Loading, ProblemAlert } from "../../components/problem";
import { QueryPage } from "../../components/query-view";
import { DecisionPanel, DiffTable } from "../../components/record-parts";
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
import { formatDate, formatDateTime, t, tx } from "../../i18n";
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
  if (error.status === 403) return error.detail ?? t("problem.forbidden");
  return undefined;
};

/** Staff review: accept, send back for revision, or (approvers) reopen an accepted report. */
const ReviewActions = (props: { report: Report; session: Session }) => {
  const decide = useReportDecision();
  const available = () =>
    STAFF_DECISIONS.filter((d) => (props.report.allowed as string[]).includes(d.decision));
  return (
    <DecisionPanel
      record="report"
      catalogue="reportDecision"
      offered={available()}
      withReason={REPORT_DECISIONS_WITH_REASON}
      confirm={["accept"]}
      reasonSchema={ReportReason}
      danger={(d) => d === "unlock"}
      run={(decision, reason) =>
        decide.mutateAsync({ id: props.report.id, version: props.report.version, decision, reason })
      }
      mutation={decide}
      problem={reportProblem}
    />
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
                <DiffTable changes={data().changes} label={fieldLabel} value={(_, x) => value(x)} />
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
