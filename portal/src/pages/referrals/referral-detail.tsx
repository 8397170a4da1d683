import { ReferralNote, SENDER_ACTIONS } from "@atensi/contracts";
import { A, useLocation, useParams } from "@solidjs/router";
import { createSignal, For, type JSX, Match, onMount, Show, Switch } from "solid-js";
import { isApiError } from "../../api";
import { DeliveryStatusBadge, ReferralStatusBadge } from "../../components/badges";
import { PdfButton } from "../../components/downloads";
import { FormText } from "../../components/fields";
import { applyProblem, createAppForm, FormActions, schemaValidator } from "../../components/form";
import { PageHeading } from "../../components/page";
import { Loading, ProblemAlert } from "../../components/problem";
import { QueryPage } from "../../components/query-view";
import {
  type Referral,
  type SenderAction,
  type TimelineEvent,
  useReferral,
  useReferralTimeline,
  useSenderAction,
} from "../../data/referrals";
import { provinceName, regencyName } from "../../data/regions";
import { can, type Session } from "../../data/session";
import { formatDate, formatDateTime, t, tx } from "../../i18n";
import type { ReferralSentState } from "./new-referral";
import { ErasureCard, SlaCard } from "./sla-clock";

type LegalBasisView = {
  type?: string;
  givenBy?: string;
  guardianName?: string;
  guardianRelationship?: string;
  givenAt?: string;
  method?: string;
  reference?: string;
};

const legalBasisOf = (r: Referral) => (r.legalBasis ?? undefined) as LegalBasisView | undefined;

/** The sender's problem in words: a stale version, or a status that no longer allows the action. */
const actionProblem = (error: unknown): string | undefined => {
  if (!isApiError(error)) return undefined;
  if (error.code === "illegal_transition") {
    const allowed = (error.allowed ?? []).map((a) => tx(`senderAction.${a}.action`)).join(", ");
    return allowed ? t("referral.illegalAllowed", { allowed }) : t("referral.illegal");
  }
  if (error.code === "not_consent_based") return t("referral.notConsentBased");
  if (error.status === 412) return t("referral.stale");
  return undefined;
};

/** The sender's note, with a confirmation: what happens, and the button that does it. */
const SenderActionForm = (props: {
  action: SenderAction;
  referral: Referral;
  busy: boolean;
  onSubmit: (note: string) => Promise<unknown>;
  onCancel: () => void;
}) => {
  const [form, { Form }] = createAppForm<{ note: string }>({
    initialValues: { note: "" },
    validate: schemaValidator<{ note: string }>(ReferralNote),
  });
  onMount(() => form.element?.querySelector("textarea")?.focus());
  const submit = async (values: { note: string }) => {
    try {
      await props.onSubmit(values.note);
    } catch (error) {
      applyProblem(form, error);
    }
  };
  return (
    <Form
      onSubmit={submit}
      class="form reason-form"
      aria-label={tx(`senderAction.${props.action}.title`)}
      data-testid={`form-${props.action}`}
    >
      <p class="alert alert-warning small" id={`confirm-${props.action}`}>
        {tx(`senderAction.${props.action}.warning`, { code: props.referral.programCode })}
      </p>
      <FormText
        of={form}
        name="note"
        label={tx(`senderAction.${props.action}.note`)}
        hint={t("referral.noteHint")}
        multiline
        required
      />
      <FormActions
        busy={props.busy}
        label={tx(`senderAction.${props.action}.confirm`)}
        buttonClass="button danger"
      >
        <button type="button" class="button link" onClick={() => props.onCancel()}>
          {t("common.cancel")}
        </button>
      </FormActions>
    </Form>
  );
};

/** Cancel, or record withdrawn consent: offered where the status and the policy allow. */
const SenderActions = (props: { referral: Referral; session: Session }) => {
  const act = useSenderAction();
  const [open, setOpen] = createSignal<SenderAction>();
  const [done, setDone] = createSignal<SenderAction>();
  // What the API allows now (status, role, legal basis), not a guess made here.
  const available = () => SENDER_ACTIONS.filter((a) => (props.referral.allowed ?? []).includes(a));
  const run = async (action: SenderAction, note: string) => {
    setDone(undefined);
    try {
      await act.mutateAsync({ id: props.referral.id, version: props.referral.version, action, note });
      setOpen(undefined);
      setDone(action);
    } catch (error) {
      // A stale version or status: the form no longer applies; the page reloads the referral.
      if (isApiError(error) && (error.status === 409 || error.status === 412)) setOpen(undefined);
      throw error;
    }
  };
  return (
    <section class="card decisions" aria-labelledby="sender-actions-heading">
      <h2 id="sender-actions-heading">{t("referral.actions")}</h2>
      <div aria-live="polite">
        <Show when={done()}>
          {(a) => (
            <p class="alert alert-success" data-testid="sender-action-done">
              {tx(`senderAction.${a()}.done`)}
            </p>
          )}
        </Show>
      </div>
      <Show when={act.error}>
        <ProblemAlert error={act.error} message={actionProblem(act.error)} testid="sender-action-error" />
      </Show>
      <Show when={available().length > 0} fallback={<p class="muted">{t("referral.noActions")}</p>}>
        <Show
          when={open()}
          fallback={
            <div class="button-row">
              <For each={available()}>
                {(a) => (
                  <button
                    type="button"
                    class="button danger-outline"
                    onClick={() => {
                      act.reset();
                      setDone(undefined);
                      setOpen(a);
                    }}
                  >
                    {tx(`senderAction.${a}.action`)}
                  </button>
                )}
              </For>
            </div>
          }
        >
          {(action) => (
            <SenderActionForm
              action={action()}
              referral={props.referral}
              busy={act.isPending}
              onSubmit={(note) => run(action(), note)}
              onCancel={() => setOpen(undefined)}
            />
          )}
        </Show>
      </Show>
    </section>
  );
};

const Detail = (props: { term: string; children?: JSX.Element; testid?: string }) => (
  <>
    <dt>{props.term}</dt>
    <dd data-testid={props.testid}>{props.children || "—"}</dd>
  </>
);

/** The referral as the portal receives it: identity numbers masked. */
const ReferralSummary = (props: { referral: Referral }) => {
  const r = () => props.referral;
  const b = () => r().beneficiary;
  const basis = () => legalBasisOf(r());
  return (
    <div class="profile">
      <section class="card" aria-labelledby="referral-person">
        <h2 id="referral-person">{t("newReferral.sectionBeneficiary")}</h2>
        <dl class="details">
          <Detail term={t("field.beneficiaryName")}>{b().name}</Detail>
          <dt>{t("field.nik")}</dt>
          <dd class="nik" data-testid="referral-nik">
            {b().nik ?? "—"}
          </dd>
          <dt>{t("field.kk")}</dt>
          <dd class="nik">{b().kk ?? "—"}</dd>
          <Detail term={t("field.birthDate")}>{formatDate(b().birthDate)}</Detail>
          <Detail term={t("field.sex")}>{b().sex ? tx(`sex.${b().sex}`) : ""}</Detail>
          <Detail term={t("field.disability")}>
            {b().disability === undefined ? "" : b().disability ? t("common.yes") : t("common.no")}
          </Detail>
          <Detail term={t("field.region")}>
            {b().region
              ? `${regencyName(b().region?.regencyCode)}, ${provinceName(b().region?.provinceCode)}`
              : ""}
          </Detail>
          <Detail term={t("field.address")}>{b().address?.street}</Detail>
        </dl>
      </section>
      <section class="card" aria-labelledby="referral-needs">
        <h2 id="referral-needs">{t("newReferral.sectionNeeds")}</h2>
        <h3>{t("field.criteria")}</h3>
        <ul class="tags">
          <For each={r().criteria ?? []}>{(c) => <li>{tx(`criterion.${c}`)}</li>}</For>
        </ul>
        <dl class="details">
          <Detail term={t("field.urgency")}>{tx(`urgency.${r().urgency}`)}</Detail>
          <Detail term={t("field.needs")}>{r().needs}</Detail>
          <Detail term={t("field.reason")}>{r().reason}</Detail>
          <Show when={r().duplicateReason}>
            {(why) => (
              <Detail term={t("field.duplicateReason")} testid="referral-duplicate-reason">
                {why()}
              </Detail>
            )}
          </Show>
        </dl>
      </section>
      <SlaCard sla={r().sla} />
      <ErasureCard erasure={r().erasure} />
      <section class="card" aria-labelledby="referral-basis">
        <h2 id="referral-basis">{t("newReferral.sectionLegalBasis")}</h2>
        <Show when={basis()} fallback={<p class="muted">—</p>}>
          {(lb) => (
            <dl class="details">
              <Detail term={t("field.legalBasis")}>{tx(`legalBasis.${lb().type}`)}</Detail>
              <Show when={lb().type === "consent"}>
                <Detail term={t("field.consentGivenBy")}>
                  {tx(`consentGiver.${lb().givenBy}`)}
                  {lb().guardianName
                    ? ` · ${lb().guardianName}${lb().guardianRelationship ? ` (${lb().guardianRelationship})` : ""}`
                    : ""}
                </Detail>
                <Detail term={t("field.consentGivenAt")}>{formatDate(lb().givenAt)}</Detail>
                <Detail term={t("field.consentMethod")}>{tx(`consentMethod.${lb().method}`)}</Detail>
              </Show>
              <Show when={lb().type === "public_task"}>
                <Detail term={t("field.legalReference")}>{lb().reference}</Detail>
              </Show>
            </dl>
          )}
        </Show>
      </section>
      <Show when={r().response}>
        {(answer) => (
          <section class="card" aria-labelledby="referral-answer">
            <h2 id="referral-answer">{t("referral.answer")}</h2>
            <dl class="details">
              <Show when={answer().reasonCode}>
                <Detail term={t("field.rejectionCode")}>{tx(`rejection.${answer().reasonCode}`)}</Detail>
              </Show>
              <Show when={answer().enrolledOn}>
                <Detail term={t("field.enrolledOn")}>{formatDate(answer().enrolledOn)}</Detail>
              </Show>
              <Show when={answer().programReference}>
                <Detail term={t("field.programReference")}>{answer().programReference}</Detail>
              </Show>
              <Show when={answer().outcome}>
                <Detail term={t("field.outcome")}>{tx(`outcome.${answer().outcome}`)}</Detail>
              </Show>
              <Show when={answer().note}>
                <Detail term={t("field.note")}>{answer().note}</Detail>
              </Show>
            </dl>
          </section>
        )}
      </Show>
    </div>
  );
};

const str = (x: unknown) => (typeof x === "string" && x ? x : undefined);

/** Who made a change: a user by name, the receiving programme by its code. */
const actorOf = (event: TimelineEvent, referral: Referral) => {
  if (event.actor.type === "user") return event.actor.name ?? tx("audit.actor.user");
  if (event.actor.type === "program") {
    return t("timeline.programActor", {
      code: event.actor.id === referral.programID ? referral.programCode : event.actor.id,
    });
  }
  return tx(`audit.actor.${event.actor.type}`);
};

/** The referral's history, newest first, and where its events were delivered. */
const ReferralTimeline = (props: { referral: Referral; session: Session }) => {
  const timeline = useReferralTimeline(() => props.referral.id);
  const showDeliveryLinks = () => can(props.session, "integration.read");
  return (
    <>
      <section class="card audit" aria-labelledby="timeline-heading" data-testid="referral-timeline">
        <div class="section-heading">
          <h2 id="timeline-heading">{t("timeline.title")}</h2>
          <Show when={timeline.data?.verification}>
            {(v) => (
              <span
                class={`badge ${v().valid ? "badge-active" : "badge-rejected"}`}
                data-testid="timeline-verification"
              >
                {v().valid ? t("audit.chainValid", { n: v().events }) : t("timeline.chainBroken")}
              </span>
            )}
          </Show>
        </div>
        <Switch>
          <Match when={timeline.isPending}>
            <Loading />
          </Match>
          <Match when={timeline.isError}>
            <ProblemAlert error={timeline.error}>
              <button type="button" class="button" onClick={() => void timeline.refetch()}>
                {t("common.retry")}
              </button>
            </ProblemAlert>
          </Match>
          <Match when={timeline.data}>
            {(data) => (
              <ol class="timeline">
                <For each={[...data().items].sort((a, b) => b.version - a.version)}>
                  {(event) => {
                    const to = () =>
                      str(event.data.to) ?? (event.action === "referral.sent" ? "sent" : undefined);
                    return (
                      <li data-testid="timeline-item">
                        <div class="timeline-head">
                          <strong>{tx(`timeline.action.${event.action}`)}</strong>
                          <time datetime={event.at}>{formatDateTime(event.at)}</time>
                        </div>
                        <p class="small">
                          {t("timeline.by", { actor: actorOf(event, props.referral) })}
                          <Show when={to()}>
                            {(status) => (
                              <>
                                {" · "}
                                <ReferralStatusBadge status={status()} />
                              </>
                            )}
                          </Show>
                        </p>
                        <Show when={str(event.data.reasonCode)}>
                          {(code) => (
                            <p class="audit-reason">
                              {t("field.rejectionCode")}: {tx(`rejection.${code()}`)}
                            </p>
                          )}
                        </Show>
                        <Show when={str(event.data.outcome)}>
                          {(outcome) => (
                            <p class="audit-reason">
                              {t("field.outcome")}: {tx(`outcome.${outcome()}`)}
                            </p>
                          )}
                        </Show>
                        <Show when={str(event.data.enrolledOn)}>
                          {(date) => (
                            <p class="small">
                              {t("field.enrolledOn")}: {formatDate(date())}
                              <Show when={str(event.data.programReference)}>
                                {(ref) => ` · ${t("field.programReference")}: ${ref()}`}
                              </Show>
                            </p>
                          )}
                        </Show>
                        <Show when={str(event.data.note)}>
                          {(note) => (
                            <p class="audit-reason">
                              {t("field.note")}: {note()}
                            </p>
                          )}
                        </Show>
                      </li>
                    );
                  }}
                </For>
              </ol>
            )}
          </Match>
        </Switch>
      </section>
      <section class="card" aria-labelledby="deliveries-heading" data-testid="referral-deliveries">
        <h2 id="deliveries-heading">{t("referral.deliveries")}</h2>
        <p class="muted small">{t("referral.deliveriesExplain", { code: props.referral.programCode })}</p>
        <Show when={props.referral.notice === "poll"}>
          <p class="alert alert-warning" data-testid="referral-notice">
            {t("referral.noticePoll", { code: props.referral.programCode })}
          </p>
        </Show>
        <Show when={timeline.data}>
          {(data) => (
            <Show
              when={data().deliveries.length > 0}
              fallback={<p class="muted">{t("referral.noDeliveries")}</p>}
            >
              <ul class="delivery-list" aria-live="polite">
                <For each={data().deliveries}>
                  {(d) => (
                    <li>
                      <div class="timeline-head">
                        <strong>{tx(`event.${d.eventType}`)}</strong>
                        <DeliveryStatusBadge status={d.status} testid="referral-delivery-status" />
                      </div>
                      <p class="small muted">
                        {t("delivery.attemptsN", { n: d.attempts })}
                        <Show when={d.lastStatusCode !== undefined}>
                          {" · "}
                          {t("delivery.lastCode", { code: d.lastStatusCode ?? "" })}
                        </Show>
                        {" · "}
                        <time datetime={d.updatedAt}>{formatDateTime(d.updatedAt)}</time>
                        <Show when={d.status === "pending"}>
                          {" "}
                          <span class="spinner" aria-hidden="true" />
                        </Show>
                      </p>
                      <Show when={showDeliveryLinks()}>
                        <A href={`/deliveries/${d.id}`} class="small">
                          {t("delivery.open")}
                        </A>
                      </Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          )}
        </Show>
      </section>
    </>
  );
};

export const ReferralDetailPage = (props: { session: Session }) => {
  const params = useParams();
  const location = useLocation<ReferralSentState>();
  const referral = useReferral(() => params.id ?? "");
  return (
    <section class="page">
      <p class="breadcrumb">
        <A href="/referrals">← {t("referrals.back")}</A>
      </p>
      <QueryPage query={referral} errorTitle={t("referral.title")}>
        {(r) => (
          <>
            <PageHeading
              title={t("referral.heading", { name: r().beneficiary.name ?? r().id, code: r().programCode })}
              lead={
                <>
                  <ReferralStatusBadge status={r().status} testid="referral-status" />{" "}
                  <span class="muted">
                    {t("referral.sentBy", { sender: r().sender.name, date: formatDateTime(r().createdAt) })}
                  </span>
                </>
              }
              actions={<PdfButton kind="referrals" id={r().id} label={t("download.referralLetter")} />}
            />
            <Show when={location.state?.referralSent}>
              {(code) => (
                <p class="alert alert-success" role="status" data-testid="referral-sent">
                  {r().notice === "poll"
                    ? t("referral.sentPoll", { code: code() })
                    : t("referral.sent", { code: code() })}
                </p>
              )}
            </Show>
            <div class="detail-layout with-actions">
              <Show
                when={
                  can(props.session, "referral.cancel") || can(props.session, "referral.withdraw_consent")
                }
              >
                <div class="area-actions">
                  <SenderActions referral={r()} session={props.session} />
                </div>
              </Show>
              <div class="area-main">
                <ReferralSummary referral={r()} />
              </div>
              <div class="area-audit">
                <ReferralTimeline referral={r()} session={props.session} />
              </div>
            </div>
          </>
        )}
      </QueryPage>
    </section>
  );
};
