import { PasswordResetRequest } from "@atensi/contracts";
import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { FormEmail } from "../../components/fields";
import { applyProblem, createAppForm, FormActions, schemaValidator } from "../../components/form";
import { PageHeading } from "../../components/page";
import { ProblemAlert } from "../../components/problem";
import { useRequestPasswordReset } from "../../data/session";
import { t } from "../../i18n";

type ForgotForm = { email: string };

/** Asks for a reset link by e-mail. The answer is the same for every address (nothing to probe). */
export const ForgotPasswordPage = () => {
  const request = useRequestPasswordReset();
  const [sentTo, setSentTo] = createSignal<string>();
  const [form, { Form }] = createAppForm<ForgotForm>({
    initialValues: { email: "" },
    validate: schemaValidator<ForgotForm>(PasswordResetRequest),
  });
  const submit = async (values: ForgotForm) => {
    try {
      await request.mutateAsync(values);
      setSentTo(values.email);
    } catch (error) {
      applyProblem(form, error);
    }
  };
  return (
    <section class="page narrow">
      <PageHeading title={t("forgot.title")} lead={t("forgot.lead")} />
      <Show when={sentTo()}>
        {(email) => (
          <p class="alert alert-success" role="status" data-testid="reset-requested">
            {t("forgot.sent", { email: email() })}
          </p>
        )}
      </Show>
      <ProblemAlert error={request.error} />
      <Form onSubmit={submit} class="form card" aria-label={t("forgot.title")}>
        <FormEmail of={form} name="email" />
        <FormActions busy={request.isPending} label={t("forgot.submit")} />
      </Form>
      <p>
        <A href="/sign-in">{t("nav.signIn")}</A>
      </p>
    </section>
  );
};
