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
import { useAcceptInvitation } from "../../data/session";
import { t } from "../../i18n";

type AcceptForm = { password: string; confirm: string };

export const AcceptInvitationPage = () => {
  const token = takeFragmentToken();
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const [tokenProblem, setTokenProblem] = createSignal(false);
  const [form, { Form, Field }] = createAppForm<AcceptForm>({
    initialValues: { password: "", confirm: "" },
    validate: schemaValidator<AcceptForm>(PasswordWithConfirm),
  });

  const submit = async (values: AcceptForm) => {
    if (!token) return;
    try {
      const user = await accept.mutateAsync({ token, password: values.password });
      navigate(`/sign-in?accepted=1&email=${encodeURIComponent(user.email)}`, { replace: true });
    } catch (error) {
      if (!applyProblem(form, error)) setTokenProblem(true);
    }
  };

  return (
    <section class="page narrow">
      <PageHeading title={t("invitation.title")} lead={t("invitation.lead")} />
      <Show
        when={token}
        fallback={
          <div class="alert alert-error" role="alert">
            <p>{t("invitation.missing")}</p>
          </div>
        }
      >
        <Show when={tokenProblem()}>
          <ProblemAlert
            error={accept.error}
            message={
              isApiError(accept.error) && accept.error.errors.some((e) => e.field === "token")
                ? t("v.linkInvalid")
                : undefined
            }
          />
        </Show>
        <Form onSubmit={submit} class="form card" aria-label={t("invitation.title")}>
          <Field name="password">{(field, input) => <NewPasswordField field={field} input={input} />}</Field>
          <Field name="confirm">
            {(field, input) => <ConfirmPasswordField field={field} input={input} />}
          </Field>
          <FormActions busy={accept.isPending} label={t("invitation.submit")} />
        </Form>
      </Show>
      <p>
        <A href="/sign-in">{t("nav.signIn")}</A>
      </p>
    </section>
  );
};
