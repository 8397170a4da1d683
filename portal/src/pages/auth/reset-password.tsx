import { A, useNavigate } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { isApiError } from "../../api";
import { applyProblem, createAppForm, FormActions, schemaValidator } from "../../components/form";
import { PageHeading } from "../../components/page";
import { takeFragmentToken } from "../../components/params";
import {
  ConfirmPasswordField,
  NewPasswordField,
  PasswordWithConfirm,
} from "../../components/password-fields";
import { ProblemAlert } from "../../components/problem";
import { useResetPassword } from "../../data/session";
import { t } from "../../i18n";

type ResetForm = { password: string; confirm: string };

/** Sets a new password from the e-mailed link (once, within 30 minutes); every session ends. */
export const ResetPasswordPage = () => {
  const token = takeFragmentToken();
  const navigate = useNavigate();
  const reset = useResetPassword();
  const [tokenProblem, setTokenProblem] = createSignal(false);
  const [form, { Form, Field }] = createAppForm<ResetForm>({
    initialValues: { password: "", confirm: "" },
    validate: schemaValidator<ResetForm>(PasswordWithConfirm),
  });
  const submit = async (values: ResetForm) => {
    if (!token) return;
    try {
      await reset.mutateAsync({ token, password: values.password });
      navigate("/sign-in?reset=1", { replace: true });
    } catch (error) {
      if (!applyProblem(form, error)) setTokenProblem(true);
    }
  };
  return (
    <section class="page narrow">
      <PageHeading title={t("reset.title")} lead={t("reset.lead")} />
      <Show
        when={token}
        fallback={
          <div class="alert alert-error" role="alert">
            <p>{t("reset.missing")}</p>
          </div>
        }
      >
        <Show when={tokenProblem()}>
          <ProblemAlert
            error={reset.error}
            message={
              isApiError(reset.error) && reset.error.errors.some((e) => e.field === "token")
                ? t("v.linkInvalid")
                : undefined
            }
          />
        </Show>
        <Form onSubmit={submit} class="form card" aria-label={t("reset.title")}>
          <Field name="password">{(field, input) => <NewPasswordField field={field} input={input} />}</Field>
          <Field name="confirm">
            {(field, input) => <ConfirmPasswordField field={field} input={input} />}
          </Field>
          <FormActions busy={reset.isPending} label={t("reset.submit")} />
        </Form>
      </Show>
      <p>
        <A href="/forgot-password">{t("reset.again")}</A>
      </p>
    </section>
  );
};
