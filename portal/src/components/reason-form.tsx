import { onMount } from "solid-js";
import type { GenericSchema } from "valibot";
import { t } from "../i18n";
import { FormText } from "./fields";
import { applyProblem, createAppForm, FormActions, schemaValidator } from "./form";

type ReasonValues = { reason: string };

/**
 * A decision that needs a reason (request changes, reject, terminate, revise, unlock): the
 * reason checked with the API's schema, a warning of what follows, and the confirming button.
 */
export const ReasonForm = (props: {
  title: string;
  label: string;
  confirm: string;
  warning?: string;
  schema: GenericSchema;
  busy: boolean;
  danger?: boolean;
  onSubmit: (reason: string) => Promise<unknown>;
  onCancel: () => void;
  testid?: string;
}) => {
  const [form, { Form }] = createAppForm<ReasonValues>({
    initialValues: { reason: "" },
    validate: schemaValidator<ReasonValues>(props.schema),
  });
  // The form opens on a button press: put the cursor where the reason goes.
  onMount(() => form.element?.querySelector("textarea")?.focus());
  const submit = async (values: ReasonValues) => {
    try {
      await props.onSubmit(values.reason);
    } catch (error) {
      applyProblem(form, error);
    }
  };
  return (
    <Form onSubmit={submit} class="form reason-form" aria-label={props.title} data-testid={props.testid}>
      {props.warning ? <p class="alert alert-warning small">{props.warning}</p> : null}
      <FormText
        of={form}
        name="reason"
        label={props.label}
        hint={t("decision.reasonHint")}
        multiline
        required
      />
      <FormActions
        busy={props.busy}
        label={props.confirm}
        buttonClass={props.danger === false ? "button primary" : "button danger"}
      >
        <button type="button" class="button link" onClick={() => props.onCancel()}>
          {t("common.cancel")}
        </button>
      </FormActions>
    </Form>
  );
};
