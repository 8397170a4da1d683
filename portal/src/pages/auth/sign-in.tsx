import { SignIn } from "@atensi/contracts";
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { Show } from "solid-js";
import { FormEmail, FormText } from "../../components/fields";
import { applyProblem, createAppForm, FormActions, schemaValidator } from "../../components/form";
import { PageHeading } from "../../components/page";
import { one } from "../../components/params";
import { ProblemAlert } from "../../components/problem";
import { homeFor, safeNext, useSession, useSignIn } from "../../data/session";
import { t } from "../../i18n";

type SignInForm = { email: string; password: string };

export const SignInPage = () => {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const signIn = useSignIn();
  const [form, { Form }] = createAppForm<SignInForm>({
    initialValues: { email: one(params.email) ?? "", password: "" },
    validate: schemaValidator<SignInForm>(SignIn),
  });

  const submit = async (values: SignInForm) => {
    try {
      const s = await signIn.mutateAsync(values);
      navigate(safeNext(one(params.next)) ?? homeFor(s), { replace: true });
    } catch (error) {
      applyProblem(form, error);
    }
  };

  return (
    <section class="page narrow">
      <PageHeading title={t("signIn.title")} lead={t("signIn.lead")} />
      <Show when={session.data}>
        {(s) => (
          <p class="alert alert-info" role="status">
            {t("signIn.already", { name: s().user.name })} <A href={homeFor(s())}>{t("signIn.continue")}</A>
          </p>
        )}
      </Show>
      <Show when={one(params.accepted)}>
        <p class="alert alert-success" role="status">
          {t("invitation.done")}
        </p>
      </Show>
      <Show when={one(params.reset)}>
        <p class="alert alert-success" role="status" data-testid="reset-done">
          {t("reset.done")}
        </p>
      </Show>
      <ProblemAlert error={signIn.error} testid="sign-in-error" />
      <Form onSubmit={submit} class="form card" aria-label={t("signIn.title")}>
        <FormEmail of={form} name="email" />
        <FormText
          of={form}
          name="password"
          label={t("field.password")}
          type="password"
          autocomplete="current-password"
          required
        />
        <FormActions busy={signIn.isPending} label={t("signIn.submit")} busyLabel={t("signIn.busy")} />
      </Form>
      <p>
        <A href="/forgot-password">{t("forgot.link")}</A>
      </p>
      <p>
        {t("signIn.noAccount")} <A href="/register">{t("home.registerAction")}</A>
      </p>
    </section>
  );
};
