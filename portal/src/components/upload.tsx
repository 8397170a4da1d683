import { createSignal, createUniqueId, For, Show } from "solid-js";
import type * as v from "valibot";
import { isApiError } from "../api";
import { fileProblem } from "../data/uploads";
import { codedError, formatNumber, t, tm } from "../i18n";
import type { Option } from "./form";
import { ProblemAlert } from "./problem";

/** 2_100_000 → "2,1 MB"; 900 → "900 B". */
export const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${formatNumber(bytes / (1024 * 1024), 1)} MB`
    : bytes >= 1024
      ? `${formatNumber(bytes / 1024, 0)} KB`
      : `${bytes} B`;

/** A refused upload names the file's problem (type, size, content): say that rather than "check the fields". */
const fieldMessage = (error: unknown) =>
  isApiError(error)
    ? error.errors[0]
      ? tm(error.errors[0])
      : undefined
    : error instanceof Error
      ? error.message
      : undefined;

/**
 * Choose a kind and a file, checked at once with the schema the API applies to the declaration
 * (type and size), then uploaded with a progress bar. `onUpload` declares, PUTs and completes.
 */
export const FileUpload = (props: {
  title: string;
  kinds: Option[];
  schema: v.GenericSchema;
  onUpload: (kind: string, file: File, onProgress: (fraction: number) => void) => Promise<unknown>;
  testid?: string;
}) => {
  const ids = {
    kind: createUniqueId(),
    file: createUniqueId(),
    hint: createUniqueId(),
    err: createUniqueId(),
  };
  const [kind, setKind] = createSignal(props.kinds[0]?.value ?? "");
  const [file, setFile] = createSignal<File>();
  const [problem, setProblem] = createSignal<string>();
  const [progress, setProgress] = createSignal<number>();
  const [error, setError] = createSignal<unknown>();
  const [done, setDone] = createSignal<string>();
  let input: HTMLInputElement | undefined;

  const check = (f: File | undefined) => {
    setFile(f);
    setDone(undefined);
    setError(undefined);
    setProblem(f ? fileProblem(f, kind(), props.schema) : undefined);
  };

  const upload = async (event: SubmitEvent) => {
    event.preventDefault();
    const f = file();
    if (!f) {
      setProblem(codedError({ code: "required", message: "Required" }));
      input?.focus();
      return;
    }
    if (problem()) {
      input?.focus();
      return;
    }
    setError(undefined);
    setProgress(0);
    try {
      await props.onUpload(kind(), f, setProgress);
      setDone(f.name);
      setFile(undefined);
      if (input) input.value = "";
    } catch (e) {
      setError(e);
    } finally {
      setProgress(undefined);
    }
  };

  const busy = () => progress() !== undefined;

  return (
    <form class="form upload" aria-label={props.title} onSubmit={upload} data-testid={props.testid}>
      <div class="grid-2">
        <div class="field">
          <label for={ids.kind}>{t("upload.kind")}</label>
          <select
            id={ids.kind}
            value={kind()}
            onChange={(e) => {
              setKind(e.currentTarget.value);
              check(file());
            }}
          >
            <For each={props.kinds}>
              {(o) => (
                <option value={o.value} selected={kind() === o.value}>
                  {o.label}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field" classList={{ invalid: !!problem() }}>
          <label for={ids.file}>{t("upload.file")}</label>
          <p id={ids.hint} class="hint">
            {t("upload.hint")}
          </p>
          <input
            ref={input}
            id={ids.file}
            type="file"
            accept="application/pdf,image/jpeg,image/png"
            aria-invalid={problem() ? "true" : "false"}
            aria-describedby={[ids.hint, problem() && ids.err].filter(Boolean).join(" ")}
            onChange={(e) => check(e.currentTarget.files?.[0])}
          />
          <Show when={problem()}>
            <p id={ids.err} class="field-error">
              {tm(problem())}
            </p>
          </Show>
        </div>
      </div>
      <Show when={file() && !problem()}>
        <p class="small muted">
          {t("upload.chosen", { name: file()?.name ?? "", size: formatBytes(file()?.size ?? 0) })}
        </p>
      </Show>
      <Show when={busy()}>
        <div class="upload-progress">
          <progress max="1" value={progress() ?? 0} aria-label={t("upload.progress")} />
          <span class="small" aria-hidden="true">
            {Math.round((progress() ?? 0) * 100)}%
          </span>
        </div>
      </Show>
      <div aria-live="polite">
        <Show when={busy()}>
          <p class="sr-only">{t("upload.uploading")}</p>
        </Show>
        <Show when={done()}>
          {(name) => (
            <p class="alert alert-success small" data-testid="upload-done">
              {t("upload.done", { name: name() })}
            </p>
          )}
        </Show>
      </div>
      <ProblemAlert error={error()} message={fieldMessage(error())} testid="upload-error" />
      <div class="form-actions">
        <button type="submit" class="button" disabled={busy()} aria-busy={busy()}>
          <Show when={busy()}>
            <span class="spinner" aria-hidden="true" />
          </Show>
          {busy() ? t("upload.uploading") : t("upload.submit")}
        </button>
      </div>
    </form>
  );
};
