import { createSignal, For, type JSX, Show } from "solid-js";
import type { GenericSchema } from "valibot";
import { isApiError } from "../api";
import { formatDateTime, t, tx } from "../i18n";
import { ProblemAlert } from "./problem";
import { ReasonForm } from "./reason-form";
import { type Column, Table } from "./table";
import { formatBytes } from "./upload";

/**
 * The parts agreement and report pages share, as the API shares their comments, files and
 * decisions (`record-parts.ts`): a comment thread, a file list with downloads, a table of what
 * changed, and the panel of decisions the API allows.
 */

type Comment = {
  id?: string;
  body: string;
  createdAt: string;
  author: { type: string; name?: string | null };
};

/** Comments, oldest first: who wrote, when, and what (line breaks kept). */
export const CommentList = (props: { comments: readonly Comment[]; testid?: string }) => (
  <ol class="comment-list" data-testid={props.testid}>
    <For each={props.comments}>
      {(c) => (
        <li>
          <div class="timeline-head">
            <strong>{c.author.name ?? tx(`audit.actor.${c.author.type}`)}</strong>
            <time datetime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
          </div>
          <p class="pre-line">{c.body}</p>
        </li>
      )}
    </For>
  </ol>
);

type StoredFile = { id: string; fileName: string; kind: string; size: number; uploadedAt?: string | null };

/**
 * Uploaded files, each downloadable once its upload is complete: `url` signs a short-lived link
 * whose answer saves the file under its original name.
 */
export const FileList = (props: {
  files: readonly StoredFile[];
  /** The catalogue prefix naming the kinds ("documentKind"). */
  kinds: string;
  url: (fileID: string) => Promise<string>;
  /** Also show when each was uploaded. */
  dated?: boolean;
  testid?: string;
  itemTestid?: (file: StoredFile) => string;
}) => {
  const [busy, setBusy] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();
  const download = async (fileID: string) => {
    setError(undefined);
    setBusy(fileID);
    try {
      window.location.assign(await props.url(fileID));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <>
      <ul class="document-list" data-testid={props.testid}>
        <For each={props.files}>
          {(f) => (
            <li data-testid={props.itemTestid?.(f)}>
              <div>
                <strong class="break">{f.fileName}</strong>
                <span class="muted small block">
                  {tx(`${props.kinds}.${f.kind}`)} · {formatBytes(f.size)}
                  {props.dated && f.uploadedAt ? ` · ${formatDateTime(f.uploadedAt)}` : ""}
                </span>
              </div>
              <Show
                when={f.uploadedAt}
                fallback={<span class="badge badge-pending_verification">{t("documents.pending")}</span>}
              >
                <button
                  type="button"
                  class="button small"
                  disabled={busy() === f.id}
                  aria-busy={busy() === f.id}
                  onClick={() => void download(f.id)}
                >
                  {t("documents.download")}
                  <span class="sr-only"> {f.fileName}</span>
                </button>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <ProblemAlert error={error()} />
    </>
  );
};

type Change = { field: string; from?: unknown; to?: unknown };

/** What changed, field by field: the field's name, the value before and after, in words. */
export const DiffTable = (props: {
  changes: readonly Change[];
  label: (field: string) => string;
  value: (field: string, value: unknown) => JSX.Element;
  rowTestid?: (change: Change) => string;
}) => {
  const columns = (): Column<Change>[] => [
    { header: t("diff.field"), rowHeader: true, cell: (c) => props.label(c.field) },
    { header: t("diff.from"), class: "diff-from", cell: (c) => props.value(c.field, c.from) },
    { header: t("diff.to"), class: "diff-to", cell: (c) => props.value(c.field, c.to) },
  ];
  return <Table rows={props.changes} columns={columns()} class="diff-table" rowTestid={props.rowTestid} />;
};

/** A decision as offered: primary (moves the record on) or not (sends it back, ends it). */
export type Offered<D extends string> = { decision: D; primary: boolean };

/**
 * The decisions the API allows this person now, as buttons; one that needs a reason opens the
 * reason form. `run` sends the decision (with If-Match); a refused one whose status or version
 * changed closes the form, since it no longer applies and the page reloads the record.
 * `catalogue` is the prefix of the decision's texts ("agreementDecision": `.action`, `.done`,
 * `.title`, `.reason`, `.confirm`, `.warning`), `record` the prefix of the test ids.
 */
export const DecisionPanel = <D extends string>(props: {
  record: string;
  catalogue: string;
  offered: readonly Offered<D>[];
  withReason: readonly D[];
  /** Decisions that move the record on for good (approve, recommend, accept): asked once more. */
  confirm?: readonly D[];
  reasonSchema: GenericSchema;
  /** Decisions whose reason form confirms with a danger button. */
  danger: (decision: D) => boolean;
  run: (decision: D, reason?: string) => Promise<unknown>;
  mutation: { isPending: boolean; error: unknown; reset: () => void };
  problem: (error: unknown) => string | undefined;
  /** Closes the reason form on these failure statuses as well as 409 and 412. */
  closeOn?: readonly number[];
  /** Hints above the buttons; buttons before and after the decisions; whether any of them show. */
  hints?: JSX.Element;
  leading?: JSX.Element;
  trailing?: JSX.Element;
  others?: boolean;
  after?: JSX.Element;
}) => {
  const [open, setOpen] = createSignal<D>();
  const [done, setDone] = createSignal<D>();
  const [asking, setAsking] = createSignal<D>();
  const text = (d: D, part: string) => tx(`${props.catalogue}.${d}.${part}`);
  const run = async (decision: D, reason?: string) => {
    setDone(undefined);
    try {
      await props.run(decision, reason);
      setOpen(undefined);
      setDone(() => decision);
    } catch (error) {
      const statuses = [409, 412, ...(props.closeOn ?? [])];
      if (isApiError(error) && statuses.includes(error.status)) setOpen(undefined);
      throw error;
    }
  };
  const heading = `${props.record}-actions-heading`;
  return (
    <section class="card decisions" aria-labelledby={heading}>
      <h2 id={heading}>{t("decision.title")}</h2>
      <div aria-live="polite">
        <Show when={done()}>
          {(d) => (
            <p class="alert alert-success" data-testid={`${props.record}-action-done`}>
              {text(d(), "done")}
            </p>
          )}
        </Show>
      </div>
      <Show when={props.mutation.error && !open()}>
        <ProblemAlert
          error={props.mutation.error}
          message={props.problem(props.mutation.error)}
          testid={`${props.record}-action-error`}
        />
      </Show>
      {props.hints}
      <Show
        when={open()}
        fallback={
          <Show
            when={props.offered.length > 0 || props.others}
            fallback={<p class="muted">{t("decision.none")}</p>}
          >
            <div class="button-row">
              {props.leading}
              <For each={props.offered}>
                {(d) => (
                  <button
                    type="button"
                    class={d.primary ? "button primary" : "button danger-outline"}
                    disabled={props.mutation.isPending}
                    aria-busy={props.mutation.isPending}
                    onClick={() => {
                      props.mutation.reset();
                      setDone(undefined);
                      if (props.withReason.includes(d.decision)) setOpen(() => d.decision);
                      else if (props.confirm?.includes(d.decision)) setAsking(() => d.decision);
                      else void run(d.decision).catch(() => undefined);
                    }}
                  >
                    {text(d.decision, "action")}
                  </button>
                )}
              </For>
              {props.trailing}
            </div>
            <Show when={asking()}>
              {(d) => (
                <div
                  class="alert alert-warning"
                  role="alertdialog"
                  aria-labelledby={`${heading}-confirm`}
                  data-testid={`confirm-${d()}`}
                >
                  <p id={`${heading}-confirm`}>
                    {t("decision.confirmQuestion", { action: text(d(), "action") })}
                  </p>
                  <div class="button-row">
                    <button
                      type="button"
                      class="button primary"
                      disabled={props.mutation.isPending}
                      aria-busy={props.mutation.isPending}
                      ref={(el) => queueMicrotask(() => el.focus())}
                      onClick={() => {
                        // Read before closing: the closed question's accessor no longer answers.
                        const decision = d();
                        setAsking(undefined);
                        void run(decision).catch(() => undefined);
                      }}
                    >
                      {t("decision.confirmYes", { action: text(d(), "action").toLowerCase() })}
                    </button>
                    <button type="button" class="button link" onClick={() => setAsking(undefined)}>
                      {t("common.cancel")}
                    </button>
                  </div>
                </div>
              )}
            </Show>
            {props.after}
          </Show>
        }
      >
        {(decision) => (
          <>
            <Show when={props.mutation.error}>
              <ProblemAlert error={props.mutation.error} message={props.problem(props.mutation.error)} />
            </Show>
            <ReasonForm
              title={text(decision(), "title")}
              label={text(decision(), "reason")}
              confirm={text(decision(), "confirm")}
              warning={text(decision(), "warning")}
              schema={props.reasonSchema}
              busy={props.mutation.isPending}
              danger={props.danger(decision())}
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
