import { issueCode } from "@atensi/contracts";
import {
  createForm,
  type FieldElementProps,
  type FieldValues,
  type FormErrors,
  type FormOptions,
  type FormStore,
  hasField,
  hasFieldArray,
  type PartialValues,
  setError,
} from "@modular-forms/solid";
import { createEffect, createUniqueId, For, type JSX, on, Show, splitProps } from "solid-js";
import * as v from "valibot";
import { isApiError } from "../api";
import { codedError, t, tm, tx } from "../i18n";
import { ProblemAlert, problemText } from "./problem";

const isEmpty = (x: unknown) => x === undefined || x === null || (typeof x === "string" && x.trim() === "");

/**
 * A modular-forms validator running one of the shared valibot schemas (the same the API runs).
 * Errors keep the schema's code and params and are translated where shown (`tm`), so switching
 * the language re-renders them. `prepare` turns form values into the request body (for example
 * empty optional inputs into absent keys).
 */
export const schemaValidator =
  <T extends FieldValues>(
    schema: v.GenericSchema,
    prepare: (values: PartialValues<T>) => unknown = (x) => x,
    /** `acrossFields`: run the schema's rules across fields (`forward(partialCheck…)`) even while
     * other fields still have problems, instead of stopping at the first problem. */
    options: { acrossFields?: boolean } = {},
  ) =>
  (values: PartialValues<T>): FormErrors<T> => {
    const result = v.safeParse(schema, prepare(values), { abortPipeEarly: !options.acrossFields });
    const errors: Record<string, string> = {};
    if (!result.success) {
      for (const issue of result.issues) {
        const path = v.getDotPath(issue);
        if (!path || errors[path]) continue;
        errors[path] = codedError(
          isEmpty(issue.input) ? { code: "required" } : { ...issueCode(issue), message: issue.message },
        );
      }
    }
    return errors as FormErrors<T>;
  };

/** Drops keys whose value is an empty string (optional inputs left blank), recursively. */
export const dropEmpty = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(dropEmpty);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, x]) => !(typeof x === "string" && x.trim() === "") && x !== undefined)
        .map(([k, x]) => [k, dropEmpty(x)]),
    );
  }
  return value;
};

/** Moves focus to the first invalid control of a form, in document order. */
export const focusFirstError = (form: HTMLFormElement | undefined | null) => {
  requestAnimationFrame(() => {
    const el = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    el?.focus();
  });
};

/**
 * `createForm` with the portal's conventions: fields are checked when first left and then on
 * every keystroke, and after a submit that found errors (the schema's or the API's) focus moves
 * to the first invalid control in document order (modular-forms' own focus follows the order
 * fields were first read, which is not always the page order).
 */
export const createAppForm = <T extends FieldValues>(options: FormOptions<T>) => {
  const [form, components] = createForm<T>({ validateOn: "touched", revalidateOn: "input", ...options });
  const Base = components.Form;
  const Form: typeof Base = (props) => <Base shouldFocus={false} {...props} />;
  createEffect(
    on(
      () => [form.submitCount, form.submitting] as const,
      ([count, submitting]) => {
        if (count > 0 && !submitting && form.invalid) focusFirstError(form.element);
      },
      { defer: true },
    ),
  );
  return [form, { ...components, Form }] as const;
};

/**
 * Shows a failed request on the form: field errors from the problem's `errors[]` (and known
 * conflict codes mapped to a field) go to their fields; returns whether any field took one,
 * so the caller can decide what the summary says.
 */
export const applyProblem = <T extends FieldValues>(
  form: FormStore<T, undefined>,
  error: unknown,
  conflicts: Record<string, string> = {},
): boolean => {
  if (!isApiError(error)) return false;
  const entries = [...error.errors];
  const conflictField = conflicts[error.code];
  // A conflict lands on its field under the problem's code; `tm` translates it where it is shown.
  if (conflictField)
    entries.push({ field: conflictField, code: error.code, message: error.detail ?? problemText(error) });
  let matched = false;
  for (const entry of entries) {
    // An item of a list of choices (`criteria.2`) belongs to the list's field (`criteria`).
    for (const candidate of [entry.field, entry.field.replace(/\.\d+$/, "")]) {
      const name = candidate as never;
      if (hasField(form, name) || hasFieldArray(form, name)) {
        setError(form, name, codedError(entry), { shouldFocus: false });
        matched = true;
        break;
      }
    }
  }
  return matched;
};

type FieldLike = { readonly name: string; readonly error: string; readonly value: unknown };
// biome-ignore lint/suspicious/noExplicitAny: the element props are the same for every field
type InputProps = FieldElementProps<any, any>;

const useIds = (name: string) => {
  const base = `f${createUniqueId()}-${name.replace(/[^\w-]/g, "-")}`;
  return { input: base, hint: `${base}-hint`, error: `${base}-error` };
};

const describedBy = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(" ") || undefined;

const Label = (props: { for?: string; label: string; required?: boolean }) => (
  <label for={props.for}>
    {props.label}
    <Show when={!props.required}>
      <span class="optional"> ({t("form.optional")})</span>
    </Show>
  </label>
);

const Hint = (props: { id: string; hint?: string }) => (
  <Show when={props.hint}>
    <p id={props.id} class="hint">
      {props.hint}
    </p>
  </Show>
);

const FieldError = (props: { id: string; error: string }) => (
  <Show when={props.error}>
    <p id={props.id} class="field-error">
      {tm(props.error)}
    </p>
  </Show>
);

export type TextFieldProps = {
  field: FieldLike;
  input: InputProps;
  label: string;
  hint?: string;
  type?: "text" | "email" | "password" | "tel" | "date" | "search" | "url" | "datetime-local";
  required?: boolean;
  multiline?: boolean;
  testid?: string;
} & Pick<
  JSX.InputHTMLAttributes<HTMLInputElement>,
  "autocomplete" | "inputmode" | "placeholder" | "max" | "min" | "maxLength" | "spellcheck"
>;

/** A labelled input with hint and error wired up for assistive technology. */
export const TextField = (props: TextFieldProps) => {
  const ids = useIds(props.field.name);
  const [local, rest] = splitProps(props, [
    "field",
    "input",
    "label",
    "hint",
    "type",
    "required",
    "multiline",
    "testid",
  ]);
  const common = () => ({
    id: ids.input,
    "aria-invalid": local.field.error ? ("true" as const) : ("false" as const),
    "aria-describedby": describedBy(local.hint && ids.hint, local.field.error && ids.error),
    required: local.required,
    "data-testid": local.testid,
  });
  return (
    <div class="field" classList={{ invalid: !!local.field.error }}>
      <Label for={ids.input} label={local.label} required={local.required} />
      <Hint id={ids.hint} hint={local.hint} />
      <Show
        when={local.multiline}
        fallback={
          <input
            {...local.input}
            {...rest}
            {...common()}
            type={local.type ?? "text"}
            value={(local.field.value as string | undefined) ?? ""}
          />
        }
      >
        <textarea
          {...local.input}
          {...common()}
          rows={3}
          placeholder={rest.placeholder}
          value={(local.field.value as string | undefined) ?? ""}
        />
      </Show>
      <FieldError id={ids.error} error={local.field.error} />
    </div>
  );
};

export type Option = { value: string; label: string };

/** The options of an enum's values, labelled from the catalogue under `prefix` ("status.active"). */
export const optionsOf = (values: readonly string[], prefix: string): Option[] =>
  values.map((value) => ({ value, label: tx(`${prefix}.${value}`) }));

export const SelectField = (props: {
  field: FieldLike;
  input: InputProps;
  label: string;
  options: Option[];
  placeholder: string;
  hint?: string;
  required?: boolean;
  disabled?: boolean;
}) => {
  const ids = useIds(props.field.name);
  return (
    <div class="field" classList={{ invalid: !!props.field.error }}>
      <Label for={ids.input} label={props.label} required={props.required} />
      <Hint id={ids.hint} hint={props.hint} />
      <select
        {...props.input}
        id={ids.input}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={props.field.error ? "true" : "false"}
        aria-describedby={describedBy(props.hint && ids.hint, props.field.error && ids.error)}
      >
        <option value="">{props.placeholder}</option>
        <For each={props.options}>
          {(option) => (
            <option value={option.value} selected={props.field.value === option.value}>
              {option.label}
            </option>
          )}
        </For>
      </select>
      <FieldError id={ids.error} error={props.field.error} />
    </div>
  );
};

type ChoiceGroupProps = {
  field: FieldLike;
  input: InputProps;
  legend: string;
  options: Option[];
  hint?: string;
  required?: boolean;
};

/** A fieldset of checkboxes (any number of choices) or radio buttons (one). */
const ChoiceGroup = (props: ChoiceGroupProps & { type: "checkbox" | "radio"; inline?: boolean }) => {
  const ids = useIds(props.field.name);
  const checked = (value: string) =>
    props.type === "radio"
      ? props.field.value === value
      : Array.isArray(props.field.value) && (props.field.value as string[]).includes(value);
  return (
    <fieldset
      class={`field ${props.type === "radio" ? "radio-group" : "checkbox-group"}`}
      classList={{ invalid: !!props.field.error, inline: !!props.inline }}
      aria-describedby={describedBy(props.hint && ids.hint, props.field.error && ids.error)}
    >
      <legend>
        {props.legend}
        <Show when={!props.required}>
          <span class="optional"> ({t("form.optional")})</span>
        </Show>
      </legend>
      <Hint id={ids.hint} hint={props.hint} />
      <div class="checkbox-options">
        <For each={props.options}>
          {(option, index) => (
            <label class="checkbox">
              <input
                {...props.input}
                type={props.type}
                id={`${ids.input}-${index()}`}
                value={option.value}
                checked={checked(option.value)}
                // A radio group is answered by one of its buttons; a checkbox group's rule is the schema's.
                required={props.type === "radio" ? props.required : undefined}
                aria-invalid={props.field.error ? "true" : "false"}
                aria-describedby={props.field.error ? ids.error : undefined}
              />
              <span>{option.label}</span>
            </label>
          )}
        </For>
      </div>
      <FieldError id={ids.error} error={props.field.error} />
    </fieldset>
  );
};

/** A fieldset of checkboxes for a `string[]` field. */
export const CheckboxGroup = (props: ChoiceGroupProps) => <ChoiceGroup {...props} type="checkbox" />;

/** A fieldset of radio buttons for a `string` field (a few mutually exclusive choices). */
export const RadioGroup = (props: ChoiceGroupProps & { inline?: boolean }) => (
  <ChoiceGroup {...props} type="radio" />
);

/** One checkbox for a `boolean` field. */
export const CheckboxField = (props: {
  field: FieldLike;
  input: InputProps;
  label: string;
  hint?: string;
}) => {
  const ids = useIds(props.field.name);
  return (
    <div class="field" classList={{ invalid: !!props.field.error }}>
      <label class="checkbox">
        <input
          {...props.input}
          type="checkbox"
          id={ids.input}
          checked={props.field.value === true}
          aria-invalid={props.field.error ? "true" : "false"}
          aria-describedby={describedBy(props.hint && ids.hint, props.field.error && ids.error)}
        />
        <span>{props.label}</span>
      </label>
      <Hint id={ids.hint} hint={props.hint} />
      <FieldError id={ids.error} error={props.field.error} />
    </div>
  );
};

/** A submit button that shows progress and cannot be pressed twice. */
export const SubmitButton = (props: { busy: boolean; label: string; busyLabel?: string; class?: string }) => (
  <button type="submit" class={props.class ?? "button primary"} disabled={props.busy} aria-busy={props.busy}>
    <Show when={props.busy}>
      <span class="spinner" aria-hidden="true" />
    </Show>
    {props.busy ? (props.busyLabel ?? t("common.saving")) : props.label}
  </button>
);

/**
 * The end of a form: the failed request's error, when one is given, then the actions row with
 * the submit button and any further buttons (`children`).
 */
export const FormActions = (props: {
  busy: boolean;
  label: string;
  busyLabel?: string;
  buttonClass?: string;
  error?: unknown;
  errorTestid?: string;
  children?: JSX.Element;
}) => (
  <>
    <ProblemAlert error={props.error} testid={props.errorTestid} />
    <div class="form-actions">
      <SubmitButton
        busy={props.busy}
        label={props.label}
        busyLabel={props.busyLabel}
        class={props.buttonClass}
      />
      {props.children}
    </div>
  </>
);
