import { Field, type FieldPath, type FieldValues, type FormStore } from "@modular-forms/solid";
import { type ComponentProps, splitProps } from "solid-js";
import { t } from "../i18n";
import { CheckboxField, CheckboxGroup, RadioGroup, SelectField, TextField } from "./form";

/**
 * The form's controls bound to one field of a form by name (`<FormText of={form} name="title"
 * label=… />`), instead of the `<Field>{(field, input) => <TextField …/>}</Field>` wiring written
 * out for every field. The name is checked against the form's values; the field's type (string,
 * string[], boolean) follows from the control.
 */
type Bound<T extends FieldValues> = { of: FormStore<T, undefined>; name: FieldPath<T> };
// biome-ignore lint/suspicious/noExplicitAny: the control decides the field's type, the name is checked by Bound
const AnyField = Field as unknown as (props: any) => ReturnType<typeof Field>;

const bind =
  <P extends { field: unknown; input: unknown }>(
    Control: (props: P) => ReturnType<typeof Field>,
    type?: "string[]" | "boolean",
  ) =>
  <T extends FieldValues>(props: Bound<T> & Omit<P, "field" | "input">) => {
    const [bound, rest] = splitProps(props, ["of", "name"]);
    return (
      <AnyField of={bound.of} name={bound.name} type={type}>
        {(field: P["field"], input: P["input"]) => (
          <Control {...(rest as unknown as P)} field={field} input={input} />
        )}
      </AnyField>
    );
  };

export const FormText = bind<ComponentProps<typeof TextField>>(TextField);
export const FormSelect = bind<ComponentProps<typeof SelectField>>(SelectField);
export const FormRadios = bind<ComponentProps<typeof RadioGroup>>(RadioGroup);
export const FormCheckboxes = bind<ComponentProps<typeof CheckboxGroup>>(CheckboxGroup, "string[]");
export const FormCheckbox = bind<ComponentProps<typeof CheckboxField>>(CheckboxField, "boolean");

/** An e-mail address (the sign-in name unless `autocomplete` says otherwise). */
export const FormEmail = <T extends FieldValues>(
  props: Bound<T> & { label?: string; autocomplete?: "username" | "email"; testid?: string },
) => (
  <FormText
    of={props.of}
    name={props.name}
    label={props.label ?? t("field.email")}
    type="email"
    inputmode="email"
    autocomplete={props.autocomplete ?? "username"}
    testid={props.testid}
    required
  />
);
