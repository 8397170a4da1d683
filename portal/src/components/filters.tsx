import { createUniqueId, For, type JSX, Show } from "solid-js";
import { t } from "../i18n";
import type { Option } from "./form";

/**
 * One filter of a list: a labelled select whose choice goes to `onChange` (undefined for the
 * "all" option, when there is one). A `hint` says why it is disabled, or what it does.
 */
export const FilterSelect = (props: {
  label: string;
  value: string | undefined;
  options: readonly Option[];
  /** The first option, meaning no filter ("Semua status"); none when a value is always chosen. */
  all?: string;
  onChange: (value: string | undefined) => void;
  disabled?: boolean;
  busy?: boolean;
  hint?: string;
  class?: string;
  testid?: string;
}) => {
  const id = createUniqueId();
  return (
    <div class={props.class ?? "field"}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        disabled={props.disabled}
        aria-busy={props.busy}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        data-testid={props.testid}
        onChange={(e) => props.onChange(e.currentTarget.value || undefined)}
      >
        <Show when={props.all !== undefined}>
          <option value="" selected={!props.value}>
            {props.all}
          </option>
        </Show>
        <For each={props.options}>
          {(o) => (
            <option value={o.value} selected={props.value === o.value}>
              {o.label}
            </option>
          )}
        </For>
      </select>
      <Show when={props.hint}>
        <p id={`${id}-hint`} class="hint">
          {props.hint}
        </p>
      </Show>
    </div>
  );
};

/** The filters above a list; `clear`, when given, offers to drop them all. */
export const FilterBar = (props: {
  label: string;
  class?: string;
  clear?: () => void;
  children: JSX.Element;
}) => (
  <form
    class={`filters card${props.class ? ` ${props.class}` : ""}`}
    aria-label={props.label}
    onSubmit={(e) => e.preventDefault()}
  >
    {props.children}
    <Show when={props.clear}>
      {(clear) => (
        <button type="button" class="button link" onClick={() => clear()()}>
          {t("partners.clearFilters")}
        </button>
      )}
    </Show>
  </form>
);
