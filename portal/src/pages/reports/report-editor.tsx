import {
  AGE_BANDS,
  ATENSI_CRITERIA,
  AttachmentUpload,
  CASE_STAGES,
  INDICATOR_LEVELS,
  SERVICE_FORMS,
} from "@atensi/contracts";
import { useQueryClient } from "@tanstack/solid-query";
import {
  batch,
  createEffect,
  createMemo,
  createSignal,
  createUniqueId,
  For,
  type JSX,
  Match,
  on,
  onCleanup,
  onMount,
  Show,
  Switch,
  untrack,
} from "solid-js";
import { createStore, produce, reconcile } from "solid-js/store";
import { isApiError } from "../../api";
import { ProblemAlert, problemText } from "../../components/problem";
import { ScrollRegion } from "../../components/scroll-region";
import { FileUpload } from "../../components/upload";
import type { Agreement } from "../../data/agreements";
import {
  type AttachmentKind,
  fetchReport,
  type Report,
  type ReportComment,
  reportKeys,
  saveReport,
  uploadReportAttachment,
  useReportDecision,
} from "../../data/reports";
import type { Session } from "../../data/session";
import { formatDateTime, formatNumber, t, tm, tx } from "../../i18n";
import {
  breakdownKey,
  breakdownSum,
  clearLocal,
  type Draft,
  emptyIndicator,
  emptyIssue,
  expectedAtEnd,
  FLOW_FIELDS,
  fromContent,
  readLocal,
  SEXES,
  serverErrorsOf,
  toContent,
  toCount,
  validateDraft,
  writeLocal,
} from "./draft";
import {
  AttachmentList,
  type ReferralSummary,
  ReferralsSummary,
  Section,
  SectionComments,
} from "./report-parts";

export type SaveState = "saved" | "pending" | "saving" | "offline" | "conflict" | "error";
const DEBOUNCE_MS = 700;

const contentJSON = (draft: Draft) => JSON.stringify(toContent(draft).content);

/**
 * The LKS fills in a report. Every change is kept on this device at once (debounced) and saved
 * to the server with If-Match when online; offline, it waits for the `online` event. A save
 * refused with 412 (the report was saved elsewhere) asks whether to keep this copy or take the
 * server's. Rules are checked live with `ReportContent` (the API's schema), and the API's
 * field errors on submission land on the same inputs.
 */
export const ReportEditor = (props: {
  report: Report;
  agreement: Agreement | undefined;
  comments: ReportComment[];
  session: Session;
}) => {
  const id = props.report.id;
  const qc = useQueryClient();
  const decide = useReportDecision();
  const scope = () => props.agreement?.scope.clusters ?? [];

  // The starting point: this device's unsaved copy when there is one, else the server's.
  const serverDraft = fromContent(props.report.content, untrack(scope));
  const local = readLocal(id);
  const resumeLocal = !!local?.dirty;
  const startsInConflict = resumeLocal && local?.version !== props.report.version;
  const [draft, setDraft] = createStore<Draft>(
    resumeLocal ? fromContent(local?.content, untrack(scope)) : serverDraft,
  );
  const [version, setVersion] = createSignal(props.report.version);
  const [state, setState] = createSignal<SaveState>(startsInConflict ? "conflict" : "saved");
  const [online, setOnline] = createSignal(navigator.onLine);
  const [savedAt, setSavedAt] = createSignal<string>(props.report.updatedAt);
  const [saveError, setSaveError] = createSignal<unknown>();
  const [resolving, setResolving] = createSignal(false);
  /** What the server holds at `version()`, as JSON. */
  let synced = contentJSON(serverDraft);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | undefined;
  let again = false;
  /** Saves wait while an attachment upload changes the server's version. */
  let paused = false;

  const current = () => untrack(() => contentJSON(draft));
  /** Set once submitted: the local copy is done with. */
  let finished = false;
  const keepLocal = (json = current()) =>
    !finished &&
    writeLocal(id, {
      content: JSON.parse(json),
      version: untrack(version),
      dirty: json !== synced,
      savedAt: new Date().toISOString(),
    });

  const sync = async (): Promise<void> => {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    if (paused || untrack(state) === "conflict") return;
    const json = current();
    if (json === synced) {
      keepLocal(json);
      setState("saved");
      return;
    }
    if (!navigator.onLine) {
      keepLocal(json);
      setState("offline");
      return;
    }
    setState("saving");
    inFlight = (async () => {
      try {
        const saved = await saveReport(id, untrack(version), JSON.parse(json));
        synced = json;
        // The page's copy follows, so coming back here starts from this version.
        qc.setQueryData<Report>(reportKeys.detail(id), (old) => (old ? { ...old, ...saved } : old));
        batch(() => {
          setVersion(saved.version);
          setSavedAt(saved.updatedAt);
          setSaveError(undefined);
        });
        const now = current();
        keepLocal(now);
        setState(now === synced ? "saved" : "pending");
        if (now !== synced) again = true;
      } catch (error) {
        keepLocal(json);
        if (isApiError(error) && error.status === 412) setState("conflict");
        else if (isApiError(error) && error.status === 0) setState("offline");
        else {
          setSaveError(error);
          setState("error");
        }
        again = false;
      } finally {
        inFlight = undefined;
      }
      if (again) {
        again = false;
        await sync();
      }
    })();
    return inFlight;
  };

  // Every change: kept locally and saved after a short pause in typing.
  createEffect(
    on(
      () => contentJSON(draft),
      (json) => {
        clearTimeout(timer);
        if (untrack(state) === "conflict") {
          timer = setTimeout(() => {
            timer = undefined;
            keepLocal(json);
          }, DEBOUNCE_MS);
          return;
        }
        if (json === synced && !inFlight) {
          keepLocal(json);
          setState("saved");
          return;
        }
        // "Offline, kept on this device" only once it is: after the pause, when it is written.
        setState("pending");
        timer = setTimeout(() => {
          timer = undefined;
          keepLocal(json);
          void sync();
        }, DEBOUNCE_MS);
      },
      { defer: true },
    ),
  );

  const onOnline = () => {
    setOnline(true);
    if (untrack(state) !== "conflict") void sync();
  };
  const onOffline = () => {
    setOnline(false);
    if (untrack(state) === "pending" || untrack(state) === "saving") setState("offline");
  };
  // Leaving the page mid-pause: keep what was typed.
  const onHide = () => {
    if (timer !== undefined) keepLocal();
  };
  onMount(() => {
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    window.addEventListener("pagehide", onHide);
    if (resumeLocal && !startsInConflict) void sync();
  });
  onCleanup(() => {
    onHide();
    clearTimeout(timer);
    window.removeEventListener("online", onOnline);
    window.removeEventListener("offline", onOffline);
    window.removeEventListener("pagehide", onHide);
  });

  /** Conflict: this copy overwrites the server's (saved with the server's current version). */
  const keepMine = async () => {
    setResolving(true);
    try {
      const latest = await fetchReport(id);
      synced = contentJSON(fromContent(latest.content, untrack(scope)));
      setVersion(latest.version);
      setState("pending");
      await sync();
    } catch (error) {
      setSaveError(error);
    } finally {
      setResolving(false);
    }
  };
  /** Conflict: the server's copy replaces this one. */
  const takeServer = async () => {
    setResolving(true);
    try {
      const latest = await fetchReport(id);
      const next = fromContent(latest.content, untrack(scope));
      synced = contentJSON(next);
      batch(() => {
        setVersion(latest.version);
        setSavedAt(latest.updatedAt);
        setState("saved");
        setDraft(reconcile(next));
      });
      keepLocal(synced);
      qc.setQueryData(reportKeys.detail(id), latest);
    } catch (error) {
      setSaveError(error);
    } finally {
      setResolving(false);
    }
  };

  // ---- validation ----------------------------------------------------------------------
  const errors = createMemo(() => validateDraft(draft));
  const [serverErrors, setServerErrors] = createStore<Record<string, string>>({});
  const [touched, setTouched] = createSignal<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = createSignal(false);
  const touch = (key: string) => {
    if (!untrack(touched).has(key)) setTouched(new Set([...untrack(touched), key]));
  };
  const errorOf = (key: string) =>
    serverErrors[key] ?? (showAll() || touched().has(key) ? errors()[key] : undefined);
  const changed = (key: string) => {
    if (serverErrors[key]) setServerErrors(key, undefined as unknown as string);
  };

  // Not a <form>: the section comments and the attachment upload are forms of their own.
  let formElement: HTMLElement | undefined;
  const focusFirstError = () =>
    requestAnimationFrame(() => formElement?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  const [submitProblem, setSubmitProblem] = createSignal<string>();
  const submit = async () => {
    setSubmitProblem(undefined);
    setServerErrors(reconcile({}));
    decide.reset();
    setShowAll(true);
    if (Object.keys(errors()).length > 0) {
      setSubmitProblem(t("report.fixFirst", { n: Object.keys(errors()).length }));
      focusFirstError();
      return;
    }
    clearTimeout(timer);
    await sync();
    if (inFlight) await inFlight;
    if (state() !== "saved") {
      setSubmitProblem(state() === "offline" ? t("report.submitOffline") : t("report.submitUnsaved"));
      return;
    }
    try {
      await decide.mutateAsync({ id, version: version(), decision: "submit" });
      finished = true;
      clearLocal(id);
    } catch (error) {
      if (isApiError(error) && error.status === 400 && error.errors.length) {
        setServerErrors(reconcile(serverErrorsOf(draft, error.errors)));
        focusFirstError();
      }
    }
  };

  // ---- inputs --------------------------------------------------------------------------
  const FieldError = (p: { id: string; error: string | undefined }) => (
    <Show when={p.error}>
      <p id={p.id} class="field-error">
        {tm(p.error)}
      </p>
    </Show>
  );

  /** A count (whole, non-negative), typed as text so "1.250" and mistakes can be named. */
  const CountInput = (p: {
    key: string;
    label: string;
    value: string;
    set: (value: string) => void;
    hint?: string;
    compact?: boolean;
  }) => {
    const uid = createUniqueId();
    const error = () => errorOf(p.key);
    return (
      <div class="field count-field" classList={{ invalid: !!error(), compact: !!p.compact }}>
        <label for={uid} classList={{ "sr-only": !!p.compact }}>
          {p.label}
        </label>
        <input
          id={uid}
          type="text"
          inputmode="numeric"
          autocomplete="off"
          value={p.value}
          aria-invalid={error() ? "true" : "false"}
          aria-describedby={
            [p.hint && `${uid}-hint`, error() && `${uid}-error`].filter(Boolean).join(" ") || undefined
          }
          data-key={p.key}
          onInput={(e) => {
            p.set(e.currentTarget.value);
            changed(p.key);
          }}
          onBlur={() => touch(p.key)}
        />
        <Show when={p.hint}>
          <p id={`${uid}-hint`} class="hint small">
            {p.hint}
          </p>
        </Show>
        <FieldError id={`${uid}-error`} error={error()} />
      </div>
    );
  };

  const TextInput = (p: {
    key: string;
    label: string;
    value: string;
    set: (value: string) => void;
    multiline?: boolean;
    hint?: string;
    required?: boolean;
  }) => {
    const uid = createUniqueId();
    const error = () => errorOf(p.key);
    const common = () => ({
      id: uid,
      value: p.value,
      "aria-invalid": error() ? ("true" as const) : ("false" as const),
      "aria-describedby":
        [p.hint && `${uid}-hint`, error() && `${uid}-error`].filter(Boolean).join(" ") || undefined,
      "data-key": p.key,
      onInput: (e: InputEvent & { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
        p.set(e.currentTarget.value);
        changed(p.key);
      },
      onBlur: () => touch(p.key),
    });
    return (
      <div class="field" classList={{ invalid: !!error() }}>
        <label for={uid}>
          {p.label}
          <Show when={p.required === false}>
            <span class="optional"> ({t("form.optional")})</span>
          </Show>
        </label>
        <Show when={p.hint}>
          <p id={`${uid}-hint`} class="hint">
            {p.hint}
          </p>
        </Show>
        {p.multiline ? <textarea rows={2} {...common()} /> : <input type="text" {...common()} />}
        <FieldError id={`${uid}-error`} error={error()} />
      </div>
    );
  };

  const SectionError = (p: { section: string }) => (
    <Show when={errorOf(`section.${p.section}`)}>
      <p class="field-error" role="alert">
        {tm(errorOf(`section.${p.section}`))}
      </p>
    </Show>
  );

  const comments = (section: string) => (
    <SectionComments reportID={id} section={section} comments={props.comments} session={props.session} />
  );

  // ---- attachments: the upload changes the report's version on the server ----------------
  const upload = async (kind: string, file: File, onProgress: (f: number) => void) => {
    clearTimeout(timer);
    await sync();
    if (inFlight) await inFlight;
    if (state() !== "saved") throw new Error(t("report.uploadUnsaved"));
    paused = true;
    try {
      const updated = await uploadReportAttachment({ id, kind: kind as AttachmentKind, file, onProgress });
      setVersion(updated.version);
      qc.setQueryData<Report>(reportKeys.detail(id), (old) => (old ? { ...old, ...updated } : old));
    } finally {
      paused = false;
      if (current() !== synced) void sync();
    }
  };

  const sexLabel = (s: string) => tx(`sex.${s}`);
  const bandLabel = (b: string) => t("report.ageBand", { band: b });

  return (
    <section ref={formElement} class="form report-form" aria-label={t("report.formLabel")}>
      <SaveStatus
        state={state()}
        online={online()}
        savedAt={savedAt()}
        version={version()}
        error={saveError()}
        resolving={resolving()}
        onKeepMine={() => void keepMine()}
        onTakeServer={() => void takeServer()}
        onRetry={() => {
          setState("pending");
          void sync();
        }}
      />

      <Section
        id="beneficiaries"
        title={tx("reportSection.beneficiaries")}
        editing
        after={comments("beneficiaries")}
      >
        <p class="hint">{t("report.beneficiariesHint")}</p>
        <SectionError section="beneficiaries" />
        <For each={draft.clusters} fallback={<p class="muted">{t("report.noClusters")}</p>}>
          {(cluster) => (
            <fieldset class="subsection" data-testid={`cluster-${cluster}`}>
              <legend>{tx(`cluster.${cluster}`)}</legend>
              <CountInput
                key={`totals.${cluster}`}
                label={t("report.totalServed")}
                value={draft.totals[cluster] ?? ""}
                set={(value) => setDraft("totals", cluster, value)}
                hint={t("report.breakdownSoFar", { n: formatNumber(breakdownSum(draft, cluster)) })}
              />
              <ScrollRegion label={t("report.breakdownCaption", { cluster: tx(`cluster.${cluster}`) })}>
                <table class="table grid-table">
                  <caption>{t("report.breakdownCaption", { cluster: tx(`cluster.${cluster}`) })}</caption>
                  <thead>
                    <tr>
                      <td />
                      <For each={AGE_BANDS}>{(band) => <th scope="col">{bandLabel(band)}</th>}</For>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={SEXES}>
                      {(sex) => (
                        <tr>
                          <th scope="row">{sexLabel(sex)}</th>
                          <For each={AGE_BANDS}>
                            {(band) => {
                              const key = breakdownKey(cluster, sex, band);
                              return (
                                <td>
                                  <CountInput
                                    key={`breakdown.${key}`}
                                    label={t("report.breakdownCell", {
                                      cluster: tx(`cluster.${cluster}`),
                                      sex: sexLabel(sex),
                                      band: bandLabel(band),
                                    })}
                                    value={draft.breakdown[key] ?? ""}
                                    set={(value) => setDraft("breakdown", key, value)}
                                    compact
                                  />
                                </td>
                              );
                            }}
                          </For>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </ScrollRegion>
            </fieldset>
          )}
        </For>
        <fieldset class="subsection">
          <legend>{t("report.byCriterion")}</legend>
          <p class="hint">{t("report.byCriterionHint")}</p>
          <div class="count-grid">
            <For each={ATENSI_CRITERIA}>
              {(criterion) => (
                <CountInput
                  key={`byCriterion.${criterion}`}
                  label={tx(`criterion.${criterion}`)}
                  value={draft.byCriterion[criterion] ?? ""}
                  set={(value) => setDraft("byCriterion", criterion, value)}
                />
              )}
            </For>
          </div>
        </fieldset>
      </Section>

      <Section id="services" title={tx("reportSection.services")} editing after={comments("services")}>
        <p class="hint">{t("report.servicesHint")}</p>
        <SectionError section="services" />
        <div class="count-grid">
          <For each={SERVICE_FORMS}>
            {(form) => (
              <CountInput
                key={`services.${form}`}
                label={tx(`serviceForm.${form}`)}
                value={draft.services[form] ?? ""}
                set={(value) => setDraft("services", form, value)}
              />
            )}
          </For>
        </div>
      </Section>

      <Section id="caseFlow" title={tx("reportSection.caseFlow")} editing after={comments("caseFlow")}>
        <p class="hint">{t("report.caseFlowHint")}</p>
        <SectionError section="caseFlow" />
        <For each={CASE_STAGES}>
          {(stage) => {
            const row = () =>
              draft.caseFlow[stage] ?? { atStart: "", entered: "", completed: "", terminated: "", atEnd: "" };
            const expected = () => expectedAtEnd(row());
            return (
              <fieldset class="subsection flow-row" data-testid={`stage-${stage}`}>
                <legend>{tx(`caseStage.${stage}`)}</legend>
                <div class="flow-grid">
                  <For each={FLOW_FIELDS}>
                    {(field) => (
                      <CountInput
                        key={`caseFlow.${stage}.${field}`}
                        label={tx(`flowField.${field}`)}
                        value={row()[field]}
                        set={(value) => setDraft("caseFlow", stage, field, value)}
                      />
                    )}
                  </For>
                </div>
                <Show when={expected() !== undefined && toCount(row().atEnd) !== expected()}>
                  <p class="hint small" data-testid="flow-expected">
                    {t("report.expectedAtEnd", { n: formatNumber(expected()) })}
                  </p>
                </Show>
              </fieldset>
            );
          }}
        </For>
      </Section>

      <Section id="indicators" title={tx("reportSection.indicators")} editing after={comments("indicators")}>
        <p class="hint">{t("report.indicatorsHint")}</p>
        <SectionError section="indicators" />
        <For each={draft.indicators}>
          {(_, index) => {
            const row = () => draft.indicators[index()] ?? emptyIndicator();
            const key = (f: string) => `indicators.${index()}.${f}`;
            const set = (f: keyof Draft["indicators"][number]) => (value: string) =>
              setDraft("indicators", index(), f, value);
            const levelID = createUniqueId();
            return (
              <fieldset class="subsection" data-testid={`indicator-${index()}`}>
                <legend>{t("report.indicatorN", { n: index() + 1 })}</legend>
                <div class="grid-2">
                  <div class="field" classList={{ invalid: !!errorOf(key("level")) }}>
                    <label for={levelID}>{t("report.indicatorLevel")}</label>
                    <select
                      id={levelID}
                      aria-invalid={errorOf(key("level")) ? "true" : "false"}
                      aria-describedby={errorOf(key("level")) ? `${levelID}-error` : undefined}
                      onChange={(e) => {
                        set("level")(e.currentTarget.value);
                        changed(key("level"));
                        touch(key("level"));
                      }}
                    >
                      <option value="">{t("form.choose")}</option>
                      <For each={INDICATOR_LEVELS}>
                        {(level) => (
                          <option value={level} selected={row().level === level}>
                            {tx(`indicatorLevel.${level}`)}
                          </option>
                        )}
                      </For>
                    </select>
                    <FieldError id={`${levelID}-error`} error={errorOf(key("level"))} />
                  </div>
                  <TextInput
                    key={key("name")}
                    label={t("report.indicatorName")}
                    value={row().name}
                    set={set("name")}
                  />
                  <CountInput
                    key={key("target")}
                    label={t("field.target")}
                    value={row().target}
                    set={set("target")}
                  />
                  <CountInput
                    key={key("realised")}
                    label={t("report.realised")}
                    value={row().realised}
                    set={set("realised")}
                  />
                </div>
                <TextInput
                  key={key("narrative")}
                  label={t("report.narrative")}
                  hint={t("report.narrativeHint")}
                  value={row().narrative}
                  set={set("narrative")}
                  multiline
                  required={false}
                />
                <button
                  type="button"
                  class="button link danger"
                  onClick={() =>
                    setDraft(
                      "indicators",
                      produce((rows) => void rows.splice(index(), 1)),
                    )
                  }
                >
                  {t("report.removeIndicator", { n: index() + 1 })}
                </button>
              </fieldset>
            );
          }}
        </For>
        <button
          type="button"
          class="button"
          onClick={() =>
            setDraft(
              "indicators",
              produce((rows) => void rows.push(emptyIndicator())),
            )
          }
        >
          {t("report.addIndicator")}
        </button>
      </Section>

      <Section
        id="socialWorker"
        title={tx("reportSection.socialWorker")}
        editing
        after={comments("socialWorker")}
      >
        <div class="grid-2">
          <TextInput
            key="socialWorker.name"
            label={t("report.socialWorkerName")}
            value={draft.socialWorker.name}
            set={(value) => setDraft("socialWorker", "name", value)}
          />
          <TextInput
            key="socialWorker.certificateNumber"
            label={t("report.certificateNumber")}
            hint={t("report.certificateHint")}
            value={draft.socialWorker.certificateNumber}
            set={(value) => setDraft("socialWorker", "certificateNumber", value)}
          />
        </div>
      </Section>

      <Section id="issues" title={tx("reportSection.issues")} editing after={comments("issues")}>
        <SectionError section="issues" />
        <For each={draft.issues} fallback={<p class="muted small">{t("report.noIssues")}</p>}>
          {(_, index) => {
            const row = () => draft.issues[index()] ?? emptyIssue();
            return (
              <fieldset class="subsection" data-testid={`issue-${index()}`}>
                <legend>{t("report.issueN", { n: index() + 1 })}</legend>
                <TextInput
                  key={`issues.${index()}.issue`}
                  label={t("report.issue")}
                  value={row().issue}
                  set={(value) => setDraft("issues", index(), "issue", value)}
                  multiline
                />
                <TextInput
                  key={`issues.${index()}.followUp`}
                  label={t("report.followUp")}
                  value={row().followUp}
                  set={(value) => setDraft("issues", index(), "followUp", value)}
                  multiline
                />
                <button
                  type="button"
                  class="button link danger"
                  onClick={() =>
                    setDraft(
                      "issues",
                      produce((rows) => void rows.splice(index(), 1)),
                    )
                  }
                >
                  {t("report.removeIssue", { n: index() + 1 })}
                </button>
              </fieldset>
            );
          }}
        </For>
        <button
          type="button"
          class="button"
          onClick={() =>
            setDraft(
              "issues",
              produce((rows) => void rows.push(emptyIssue())),
            )
          }
        >
          {t("report.addIssue")}
        </button>
      </Section>

      <Section id="referrals" title={tx("reportSection.referrals")} editing after={comments("referrals")}>
        <ReferralsSummary referrals={props.report.referrals as ReferralSummary | undefined} live />
      </Section>

      <section class="card" aria-labelledby="report-attachments-heading">
        <h2 id="report-attachments-heading">{t("attachments.title")}</h2>
        <AttachmentList report={props.report} />
        <AttachmentUploadForm onUpload={upload} />
      </section>

      <div class="card submit-bar">
        <Show when={submitProblem()}>
          <p class="alert alert-error" role="alert" data-testid="report-submit-problem">
            {submitProblem()}
          </p>
        </Show>
        <ProblemAlert
          error={decide.error}
          message={
            isApiError(decide.error) && decide.error.status === 400
              ? t("report.submitRefused")
              : isApiError(decide.error) && decide.error.status === 412
                ? t("report.stale")
                : undefined
          }
          testid="report-submit-error"
        />
        <Show
          when={(props.report.allowed as string[]).includes("submit")}
          fallback={<p class="hint">{t("report.adminSubmits")}</p>}
        >
          <p class="hint">{t("report.submitHint")}</p>
          <div class="form-actions">
            <button
              type="button"
              class="button primary"
              disabled={decide.isPending}
              aria-busy={decide.isPending}
              onClick={() => void submit()}
            >
              <Show when={decide.isPending}>
                <span class="spinner" aria-hidden="true" />
              </Show>
              {decide.isPending
                ? t("report.submitting")
                : props.report.submissions > 0
                  ? t("report.resubmit")
                  : t("report.submit")}
            </button>
          </div>
        </Show>
      </div>
    </section>
  );
};

/** Where the draft stands: saved, saving, waiting, offline (kept on this device), or in conflict. */
const SaveStatus = (props: {
  state: SaveState;
  online: boolean;
  savedAt: string;
  version: number;
  error: unknown;
  resolving: boolean;
  onKeepMine: () => void;
  onTakeServer: () => void;
  onRetry: () => void;
}) => (
  <div class="save-status" classList={{ [`save-${props.state}`]: true }}>
    <p
      role="status"
      aria-live="polite"
      data-testid="save-status"
      data-state={props.state}
      data-version={props.version}
    >
      <Switch>
        <Match when={props.state === "saved"}>
          {t("report.saved", { time: formatDateTime(props.savedAt) })}
        </Match>
        <Match when={props.state === "pending"}>{t("report.pending")}</Match>
        <Match when={props.state === "saving"}>
          <span class="spinner" aria-hidden="true" /> {t("common.saving")}
        </Match>
        <Match when={props.state === "offline"}>{t("report.offline")}</Match>
        <Match when={props.state === "conflict"}>{t("report.conflictShort")}</Match>
        <Match when={props.state === "error"}>{t("report.saveFailed")}</Match>
      </Switch>
      <Show when={!props.online && props.state !== "offline"}>
        <span class="muted"> · {t("report.youAreOffline")}</span>
      </Show>
    </p>
    <Show when={props.state === "conflict"}>
      <div class="alert alert-warning" role="alert" data-testid="save-conflict">
        <p>
          <strong>{t("report.conflictTitle")}</strong>
        </p>
        <p>{t("report.conflictBody")}</p>
        <div class="button-row">
          <button
            type="button"
            class="button primary"
            disabled={props.resolving}
            onClick={() => props.onKeepMine()}
          >
            {t("report.keepMine")}
          </button>
          <button
            type="button"
            class="button"
            disabled={props.resolving}
            onClick={() => props.onTakeServer()}
          >
            {t("report.takeServer")}
          </button>
        </div>
      </div>
    </Show>
    <Show when={props.state === "error"}>
      <ProblemAlert error={props.error} message={props.error ? problemText(props.error) : undefined}>
        <button type="button" class="button" onClick={() => props.onRetry()}>
          {t("common.retry")}
        </button>
      </ProblemAlert>
    </Show>
  </div>
);

const AttachmentUploadForm = (props: {
  onUpload: (kind: string, file: File, onProgress: (f: number) => void) => Promise<unknown>;
}): JSX.Element => (
  <>
    <h3>{t("attachments.upload")}</h3>
    <FileUpload
      title={t("attachments.upload")}
      kinds={[
        { value: "photo", label: tx("attachmentKind.photo") },
        { value: "attendance_list", label: tx("attachmentKind.attendance_list") },
        { value: "other", label: tx("attachmentKind.other") },
      ]}
      schema={AttachmentUpload}
      onUpload={props.onUpload}
      testid="attachment-upload"
    />
  </>
);
