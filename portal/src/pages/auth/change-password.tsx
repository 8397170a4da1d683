import { PasswordChange } from "@atensi/contracts";
import { reset } from "@modular-forms/solid";
import { createSignal, Show } from "solid-js";
import { FormText } from "../../components/fields";
import { applyProblem, createAppForm, FormActions, schemaValidator } from "../../components/form";
import { PageHeading } from "../../components/page";
import {
  ConfirmPasswordField,
  NewPasswordField,
  PasswordWithConfirm,
} from "../../components/password-fields";
import { ProblemAlert } from "../../components/problem";
import { useChangePassword } from "../../data/session";
import { t } from "../../i18n";

type ChangeForm = { currentPassword: string; newPassword: string; confirm: string };

const validateOwn = schemaValidator<ChangeForm>(PasswordChange, ({ currentPassword, newPassword }) => ({
  currentPassword,
  newPassword,
}));
const validateConfirm = schemaValidator<ChangeForm>(PasswordWithConfirm, ({ newPassword, confirm }) => ({
  password: newPassword,
  confirm,
}));

/**
 * The API's own schema (PasswordChange) plus the typed-twice confirmation; the new password's
 * own errors come from the former, only the mismatch from the latter.
 */
const validatePasswords = (values: Partial<ChangeForm>) => {
  const own = validateOwn(values);
  const { confirm } = validateConfirm(values);
  return confirm ? { ...own, confirm } : own;
};

export const ChangePasswordPage = () => {
  const change = useChangePassword();
  const [done, setDone] = createSignal(false);
  const [form, { Form, Field }] = createAppForm<ChangeForm>({
    initialValues: { currentPassword: "", newPassword: "", confirm: "" },
    validate: validatePasswords,
  });

  const submit = async (values: ChangeForm) => {
    setDone(false);
    try {
      await change.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      reset(form);
      setDone(true);
    } catch (error) {
      applyProblem(form, error);
    }
  };

  return (
    <section class="page narrow">
      <PageHeading title={t("password.title")} lead={t("password.lead")} />
      <Show when={done()}>
        <p class="alert alert-success" role="status">
          {t("password.done")}
        </p>
      </Show>
      <Show when={change.error && !done()}>
        <ProblemAlert error={change.error} />
      </Show>
      <Form onSubmit={submit} class="form card" aria-label={t("password.title")}>
        <FormText
          of={form}
          name="currentPassword"
          label={t("field.currentPassword")}
          type="password"
          autocomplete="current-password"
          required
        />
        <Field name="newPassword">{(field, input) => <NewPasswordField field={field} input={input} />}</Field>
        <Field name="confirm">{(field, input) => <ConfirmPasswordField field={field} input={input} />}</Field>
        <FormActions busy={change.isPending} label={t("password.submit")} />
      </Form>
    </section>
  );
};
