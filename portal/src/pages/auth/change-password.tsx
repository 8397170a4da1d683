import { Password, PasswordChange } from "@atensi/contracts";
import { reset } from "@modular-forms/solid";
import { createSignal, Show } from "solid-js";
import * as v from "valibot";
import { applyProblem, createAppForm, SubmitButton, schemaValidator, TextField } from "../../components/form";
import { PageHeading } from "../../components/page";
import { ProblemAlert } from "../../components/problem";
import { useChangePassword } from "../../data/session";
import { t } from "../../i18n";

type ChangeForm = { currentPassword: string; newPassword: string; confirm: string };

const ChangeWithConfirm = v.pipe(
  v.object({ currentPassword: v.string(), newPassword: Password, confirm: v.string() }),
  v.forward(
    v.partialCheck(
      [["newPassword"], ["confirm"]],
      (x) => x.newPassword === x.confirm,
      "Passwords do not match",
    ),
    ["confirm"],
  ),
);

/** The API's own schema (PasswordChange) plus the typed-twice confirmation. */
const validatePasswords = (values: Partial<ChangeForm>) => {
  const own = schemaValidator<ChangeForm>(PasswordChange, ({ currentPassword, newPassword }) => ({
    currentPassword,
    newPassword,
  }))(values);
  const confirm = schemaValidator<ChangeForm>(ChangeWithConfirm)(values);
  return { ...confirm, ...own };
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
        <Field name="currentPassword">
          {(field, input) => (
            <TextField
              field={field}
              input={input}
              label={t("field.currentPassword")}
              type="password"
              autocomplete="current-password"
              required
            />
          )}
        </Field>
        <Field name="newPassword">
          {(field, input) => (
            <TextField
              field={field}
              input={input}
              label={t("field.newPassword")}
              hint={t("hint.password")}
              type="password"
              autocomplete="new-password"
              required
            />
          )}
        </Field>
        <Field name="confirm">
          {(field, input) => (
            <TextField
              field={field}
              input={input}
              label={t("field.confirmPassword")}
              type="password"
              autocomplete="new-password"
              required
            />
          )}
        </Field>
        <div class="form-actions">
          <SubmitButton busy={change.isPending} label={t("password.submit")} />
        </div>
      </Form>
    </section>
  );
};
