import { createSignal, createUniqueId, onMount, Show } from "solid-js";
import { t } from "../i18n";

/**
 * A secret the API shows exactly once (an API key, a webhook signing secret): a read-only,
 * copyable box with a clear warning. It takes focus when it appears so screen readers read it.
 */
export const SecretOnce = (props: {
  title: string;
  label: string;
  secret: string;
  warning: string;
  note?: string;
  onClose: () => void;
  testid?: string;
}) => {
  const id = createUniqueId();
  const [copied, setCopied] = createSignal<boolean>();
  let box: HTMLElement | undefined;
  onMount(() => requestAnimationFrame(() => box?.focus()));
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section
      ref={box}
      class="alert alert-warning secret-once"
      aria-labelledby={`${id}-title`}
      tabindex="-1"
      data-testid={props.testid}
    >
      <h3 id={`${id}-title`}>{props.title}</h3>
      <p>
        <strong>{props.warning}</strong>
      </p>
      <Show when={props.note}>
        <p>{props.note}</p>
      </Show>
      <label class="small" for={`${id}-secret`}>
        {props.label}
      </label>
      <div class="copy-row">
        <input
          id={`${id}-secret`}
          readOnly
          value={props.secret}
          spellcheck={false}
          autocomplete="off"
          data-testid={props.testid ? `${props.testid}-value` : undefined}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" class="button" onClick={() => void copy()}>
          {copied() ? t("secret.copied") : t("secret.copy")}
        </button>
      </div>
      <p class="small" aria-live="polite">
        <Show when={copied() === false}>{t("secret.copyFailed")}</Show>
      </p>
      <button type="button" class="button primary" onClick={() => props.onClose()}>
        {t("secret.done")}
      </button>
    </section>
  );
};
