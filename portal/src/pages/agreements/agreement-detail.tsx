import {
  AgreementComment as AgreementCommentSchema,
  AgreementReason,
  DocumentUpload,
} from "@atensi/contracts";
import { reset } from "@modular-forms/solid";
import { A, useLocation, useNavigate, useParams } from "@solidjs/router";
import { For, type JSX, Match, Show, Switch } from "solid-js";
import { isApiError } from "../../api";
import { AuditTrail } from "../../components/audit";
import { AgreementStatusBadge } from "../../components/badges";
import { PdfButton } from "../../components/downloads";
import { FormText } from "../../components/fields";
import { applyProblem, createAppForm, FormActions, schemaValidator } from "../../components/form";
import { PageHeading } from "../../components/page";
import { Loading, ProblemAlert } from "../../components/problem";
import { QueryPage } from "../../components/query-view";
import { CommentList, DecisionPanel, DiffTable, FileList } from "../../components/record-parts";
import { Table } from "../../components/table";
import { FileUpload } from "../../components/upload";
import {
  type Agreement,
  type AgreementDecision,
  agreementDocumentUrl,
  DECISIONS_WITH_REASON,
  useAddAgreementComment,
  useAgreement,
  useAgreementAudit,
  useAgreementComments,
  useAgreementDecision,
  useAgreementDiff,
  useStartAmendment,
  useUploadAgreementDocument,
} from "../../data/agreements";
import { provinceName, regencyName } from "../../data/regions";
import { can, type Session } from "../../data/session";
import { formatDate, formatDateTime, formatNumber, formatRupiah, t, tm, tx } from "../../i18n";
import type { AgreementSavedState } from "./new-agreement";

const EDITABLE = ["draft", "changes_requested"];
const FINAL = ["rejected", "expired", "terminated"];

/** In the order offered; which of them appear is the API's `allowed` (status, role, four-eyes). */
const DECISIONS: { decision: AgreementDecision; primary: boolean }[] = [
  { decision: "submit", primary: true },
  { decision: "resubmit", primary: true },
  { decision: "recommend", primary: true },
  { decision: "approve", primary: true },
  { decision: "request_changes", primary: false },
  { decision: "reject", primary: false },
  { decision: "terminate", primary: false },
];

/** A refused decision in words: four-eyes (the API's own detail), a changed status, a stale version. */
export const decisionProblem = (error: unknown): string | undefined => {
  if (!isApiError(error)) return undefined;
  if (error.code === "four_eyes") return t("problem.fourEyes");
  if (error.code === "illegal_transition") {
    const allowed = (error.allowed ?? []).map((a) => tx(`agreementDecision.${a}.action`)).join(", ");
    return allowed ? t("agreement.illegalAllowed", { allowed }) : t("agreement.illegal");
  }
  if (error.status === 412) return t("agreement.stale");
  if (error.status === 403) return error.detail ?? t("problem.forbidden");
  if (error.status === 400 && error.errors.length) return error.errors.map((e) => tm(e)).join(" ");
  return undefined;
};

const Detail = (props: { term: string; children?: JSX.Element; testid?: string }) => (
  <>
    <dt>{props.term}</dt>
    <dd data-testid={props.testid}>{props.children || "—"}</dd>
  </>
);

const regionLabel = (r: { provinceCode: string; regencyCode?: string }) =>
  r.regencyCode
    ? `${regencyName(r.regencyCode)}, ${provinceName(r.provinceCode)}`
    : provinceName(r.provinceCode);

/** The agreement's content: term, scope, regions and yearly targets. */
const AgreementSummary = (props: { agreement: Agreement }) => {
  const a = () => props.agreement;
  return (
    <>
      <section class="card" aria-labelledby="agreement-general">
        <h2 id="agreement-general">{t("agreementForm.sectionGeneral")}</h2>
        <dl class="details">
          <Detail term={t("field.partner")}>{a().partnerName}</Detail>
          <Detail term={t("field.supervisingUnit")}>{a().supervisingUnit}</Detail>
          <Detail term={t("field.term")}>
            {formatDate(a().startDate)} – {formatDate(a().endDate)}
          </Detail>
          <Detail term={t("field.reportingCadence")}>{tx(`cadence.${a().reportingCadence}`)}</Detail>
          <Detail term={t("field.valueRupiah")} testid="agreement-value">
            {a().valueRupiah === undefined ? "" : formatRupiah(a().valueRupiah)}
          </Detail>
          <Detail term={t("field.submittedAt")}>{formatDateTime(a().submittedAt)}</Detail>
          <Show when={a().recommendedBy}>
            {(who) => <Detail term={t("agreement.recommendedBy")}>{who().name ?? who().id}</Detail>}
          </Show>
          <Show when={a().approvedBy}>
            {(who) => (
              <Detail term={t("agreement.approvedBy")}>
                {who().name ?? who().id} · {formatDateTime(a().approvedAt)}
              </Detail>
            )}
          </Show>
        </dl>
      </section>
      <section class="card" aria-labelledby="agreement-scope">
        <h2 id="agreement-scope">{t("agreementForm.sectionScope")}</h2>
        <h3>{t("field.clusters")}</h3>
        <ul class="tags">
          <For each={a().scope.clusters}>{(c) => <li>{tx(`cluster.${c}`)}</li>}</For>
        </ul>
        <h3>{t("field.serviceForms")}</h3>
        <ul class="tags">
          <For each={a().scope.serviceForms}>{(f) => <li>{tx(`serviceForm.${f}`)}</li>}</For>
        </ul>
        <h3>{t("field.serviceBases")}</h3>
        <ul class="tags">
          <For each={a().scope.bases}>{(b) => <li>{tx(`base.${b}`)}</li>}</For>
        </ul>
        <h3>{t("field.targetCriteria")}</h3>
        <ul class="tags">
          <For each={a().scope.targetCriteria}>{(c) => <li>{tx(`criterion.${c}`)}</li>}</For>
        </ul>
        <h3>{t("agreementForm.sectionRegions")}</h3>
        <ul class="plain-list">
          <For each={a().scope.regions}>{(r) => <li>{regionLabel(r)}</li>}</For>
        </ul>
      </section>
      <section class="card" aria-labelledby="agreement-targets">
        <h2 id="agreement-targets">{t("agreementForm.sectionTargets")}</h2>
        <Show
          when={a().yearlyTargets.length > 0}
          fallback={<p class="muted">{t("agreementForm.noTargets")}</p>}
        >
          <Table
            rows={a().yearlyTargets}
            testid="agreement-targets"
            label={t("agreementForm.sectionTargets")}
            columns={[
              { header: t("field.year"), cell: (row) => row.year },
              { header: t("field.cluster"), cell: (row) => tx(`cluster.${row.cluster}`) },
              { header: t("field.target"), num: true, cell: (row) => formatNumber(row.target) },
            ]}
          />
        </Show>
      </section>
    </>
  );
};

/** The decisions the API says this person may take now, each sent with If-Match. */
const AgreementActions = (props: { agreement: Agreement; session: Session }) => {
  const decide = useAgreementDecision();
  const amend = useStartAmendment();
  const navigate = useNavigate();
  const a = () => props.agreement;
  // What the API allows, not a guess from roles: four-eyes hides "approve" from the recommender.
  const available = () => DECISIONS.filter((d) => (a().allowed as string[]).includes(d.decision));
  const canEdit = () => EDITABLE.includes(a().status) && can(props.session, "agreement.edit");
  const canAmend = () => a().status === "active" && can(props.session, "agreement.create");
  const lksCannotSubmit = () =>
    ["draft", "changes_requested"].includes(a().status) &&
    can(props.session, "agreement.edit") &&
    !can(props.session, "agreement.submit");

  const startAmendment = async () => {
    const addendum = await amend.mutateAsync(a().id);
    navigate(`/agreements/${addendum.id}/edit`);
  };

  return (
    <DecisionPanel
      record="agreement"
      catalogue="agreementDecision"
      offered={available()}
      withReason={DECISIONS_WITH_REASON}
      confirm={["recommend", "approve"]}
      reasonSchema={AgreementReason}
      danger={(d) => d !== "request_changes"}
      run={(decision, reason) => decide.mutateAsync({ id: a().id, version: a().version, decision, reason })}
      mutation={decide}
      problem={decisionProblem}
      closeOn={[403]}
      others={canEdit() || canAmend()}
      hints={
        <>
          <Show when={lksCannotSubmit()}>
            <p class="hint">{t("agreement.adminSubmits")}</p>
          </Show>
          <Show when={a().status === "recommended" && a().recommendedBy?.id === props.session.user.id}>
            <p class="hint" data-testid="four-eyes-hint">
              {t("agreement.youRecommended")}
            </p>
          </Show>
        </>
      }
      leading={
        <Show when={canEdit()}>
          <A href={`/agreements/${a().id}/edit`} class="button">
            {t("agreement.edit")}
          </A>
        </Show>
      }
      trailing={
        <Show when={canAmend()}>
          <button
            type="button"
            class="button"
            disabled={amend.isPending}
            aria-busy={amend.isPending}
            onClick={() => void startAmendment().catch(() => undefined)}
          >
            {t("agreement.startAmendment")}
          </button>
        </Show>
      }
      after={<ProblemAlert error={amend.error} />}
    />
  );
};

/** Signed agreement and annexes: the list with downloads, and an upload while the agreement is open. */
const Documents = (props: { agreement: Agreement; session: Session }) => {
  const upload = useUploadAgreementDocument();
  const canUpload = () =>
    can(props.session, "agreement.documents") && !FINAL.includes(props.agreement.status);
  return (
    <section class="card" aria-labelledby="agreement-documents" data-testid="agreement-documents">
      <h2 id="agreement-documents">{t("documents.title")}</h2>
      <Show
        when={props.agreement.documents.length > 0}
        fallback={<p class="muted">{t("documents.empty")}</p>}
      >
        <FileList
          files={props.agreement.documents}
          kinds="documentKind"
          url={(documentID) => agreementDocumentUrl(props.agreement.id, documentID)}
          dated
          itemTestid={(d) => `document-${d.id}`}
        />
      </Show>
      <Show when={canUpload()}>
        <h3>{t("documents.upload")}</h3>
        <FileUpload
          title={t("documents.upload")}
          kinds={[
            { value: "signed_agreement", label: tx("documentKind.signed_agreement") },
            { value: "annex", label: tx("documentKind.annex") },
          ]}
          schema={DocumentUpload}
          onUpload={(kind, file, onProgress) =>
            upload.mutateAsync({
              id: props.agreement.id,
              kind: kind as "annex",
              file,
              onProgress,
            })
          }
          testid="document-upload"
        />
      </Show>
    </section>
  );
};

/** The thread between the LKS and Kemensos, oldest first, and a new comment. */
const Comments = (props: { agreement: Agreement; session: Session }) => {
  const comments = useAgreementComments(() => props.agreement.id);
  const add = useAddAgreementComment();
  const [form, { Form }] = createAppForm<{ body: string }>({
    initialValues: { body: "" },
    validate: schemaValidator<{ body: string }>(AgreementCommentSchema),
  });
  const submit = async (values: { body: string }) => {
    try {
      await add.mutateAsync({ id: props.agreement.id, body: values.body });
      reset(form);
    } catch (error) {
      applyProblem(form, error);
    }
  };
  return (
    <section class="card" aria-labelledby="agreement-comments">
      <h2 id="agreement-comments">{t("comments.title")}</h2>
      <Switch>
        <Match when={comments.isPending}>
          <Loading />
        </Match>
        <Match when={comments.isError}>
          <ProblemAlert error={comments.error} />
        </Match>
        <Match when={comments.data?.items.length === 0}>
          <p class="muted">{t("comments.empty")}</p>
        </Match>
        <Match when={comments.data}>
          {(data) => <CommentList comments={data().items} testid="agreement-comments" />}
        </Match>
      </Switch>
      <Show when={can(props.session, "agreement.comment")}>
        <Form onSubmit={submit} class="form" aria-label={t("comments.add")}>
          <FormText of={form} name="body" label={t("comments.body")} multiline required />
          <FormActions busy={add.isPending} label={t("comments.send")} error={add.error} />
        </Form>
      </Show>
    </section>
  );
};

/** A changed value, told in words: lists of choices, regions, targets, rupiah, dates. */
const DiffValue = (props: { field: string; value: unknown }) => {
  const text = (): string => {
    const value = props.value;
    if (value === null || value === undefined) return "—";
    const prefix: Record<string, string> = {
      "scope.clusters": "cluster",
      "scope.serviceForms": "serviceForm",
      "scope.bases": "base",
      "scope.targetCriteria": "criterion",
    };
    if (prefix[props.field] && Array.isArray(value))
      return value.map((v) => tx(`${prefix[props.field]}.${v}`)).join(", ");
    if (props.field === "scope.regions" && Array.isArray(value))
      return value.map((r) => regionLabel(r as { provinceCode: string; regencyCode?: string })).join("; ");
    if (props.field === "yearlyTargets" && Array.isArray(value))
      return value
        .map((r) => {
          const row = r as { year: number; cluster: string; target: number };
          return `${row.year} · ${tx(`cluster.${row.cluster}`)}: ${formatNumber(row.target)}`;
        })
        .join("; ");
    if (props.field === "valueRupiah" && typeof value === "number") return formatRupiah(value);
    if ((props.field === "startDate" || props.field === "endDate") && typeof value === "string")
      return formatDate(value);
    if (props.field === "reportingCadence") return tx(`cadence.${value}`);
    return typeof value === "string" ? value : JSON.stringify(value);
  };
  return <>{text()}</>;
};

/** On an addendum: what it changes in the agreement it amends, field by field. */
const AmendmentDiff = (props: { agreement: Agreement }) => {
  const diff = useAgreementDiff(
    () => props.agreement.id,
    () => !!props.agreement.amends,
  );
  return (
    <section class="card" aria-labelledby="agreement-diff" data-testid="agreement-diff">
      <h2 id="agreement-diff">{t("amendment.diffTitle")}</h2>
      <p>
        {t("amendment.amends", { n: props.agreement.amendmentNo ?? 1 })}{" "}
        <A href={`/agreements/${props.agreement.amends}`}>{t("amendment.original")}</A>
      </p>
      <Switch>
        <Match when={diff.isPending}>
          <Loading />
        </Match>
        <Match when={diff.isError}>
          <ProblemAlert error={diff.error} />
        </Match>
        <Match when={diff.data?.changes.length === 0}>
          <p class="muted">{t("amendment.noChanges")}</p>
        </Match>
        <Match when={diff.data}>
          {(data) => (
            <DiffTable
              changes={data().changes}
              label={(field) => tx(`agreementField.${field}`)}
              value={(field, value) => <DiffValue field={field} value={value} />}
              rowTestid={(change) => `diff-${change.field}`}
            />
          )}
        </Match>
      </Switch>
    </section>
  );
};

export const AgreementDetailPage = (props: { session: Session }) => {
  const params = useParams();
  const location = useLocation<AgreementSavedState>();
  const agreement = useAgreement(() => params.id ?? "");
  const audit = useAgreementAudit(() => params.id ?? "");
  return (
    <section class="page">
      <p class="breadcrumb">
        <A href="/agreements">← {t("agreements.back")}</A>
      </p>
      <QueryPage query={agreement} errorTitle={t("agreement.title")}>
        {(a) => (
          <>
            <PageHeading
              title={a().title}
              lead={
                <span class="status-line">
                  <AgreementStatusBadge status={a().status} testid="agreement-status" />{" "}
                  <span class="muted">{a().partnerName}</span>
                </span>
              }
              actions={
                <Show when={a().number}>
                  <PdfButton kind="agreements" id={a().id} label={t("download.agreementPdf")} />
                </Show>
              }
            />
            <Show when={location.state?.agreementSaved}>
              {(saved) => (
                <p class="alert alert-success" role="status" data-testid="agreement-saved">
                  {saved() === "created" ? t("agreement.created") : t("agreement.saved")}
                </p>
              )}
            </Show>
            <Show when={a().number}>
              {(n) => (
                <p class="agreement-number card highlight">
                  <span class="muted small block">{t("agreement.number")}</span>
                  <strong data-testid="agreement-number">{n()}</strong>
                </p>
              )}
            </Show>
            <Show when={a().statusReason}>
              <div class="alert alert-warning" data-testid="agreement-reason">
                <p>
                  <strong>{tx(`agreementReason.${a().status}`)}</strong> {a().statusReason}
                </p>
              </div>
            </Show>
            <Show when={a().warnings.length > 0}>
              <div class="alert alert-warning" role="note" data-testid="agreement-warnings">
                <p>
                  <strong>{t("agreement.warnings")}</strong>
                </p>
                <ul>
                  <For each={a().warnings}>{(w) => <li>{tm(w)}</li>}</For>
                </ul>
              </div>
            </Show>
            <div class="detail-layout with-actions">
              <div class="area-actions">
                <AgreementActions agreement={a()} session={props.session} />
              </div>
              <div class="area-main">
                <Show when={a().amends}>
                  <AmendmentDiff agreement={a()} />
                </Show>
                <AgreementSummary agreement={a()} />
                <Documents agreement={a()} session={props.session} />
                <Comments agreement={a()} session={props.session} />
              </div>
              <div class="area-audit">
                <AuditTrail query={audit} testid="agreement-audit" />
              </div>
            </div>
          </>
        )}
      </QueryPage>
    </section>
  );
};
