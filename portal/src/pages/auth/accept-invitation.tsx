import { Password } from "@atensi/contracts";
import { A, useNavigate } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import * as v from "valibot";
import { isApiError } from "../../api";
import { applyProblem, createAppForm, SubmitButton, schemaValidator, TextField } from "../../components/form";
import { PageHeading } from "../../components/page";
import { ProblemAlert } from "../../components/problem";
import { useAcceptInvitation } from "../../data/session";
import { t } from "../../i18n";

type AcceptForm = { password: string; confirm: string };

/** The password plus a confirmation typed twice (the API takes the password once). */
export const PasswordWithConfirm = v.pipe(
  v.object({ password: Password, confirm: v.string() }),
  v.forward(
    v.partialCheck([["password"], ["confirm"]], (x) => x.password === x.confirm, "Passwords do not match"),
    ["confirm"],
  ),
);

const readToken = () => {
  const hash = new URLSearchParams(location.hash.replace(/^#/, ""));
  return hash.get("token") ?? undefined;
};

export const AcceptInvitationPage = () => {
  // The token travels in the fragment so it never reaches a server log; read it once, then
  // take it out of the address bar and history.
  const token = readToken();
  if (token) history.replaceState(history.state, "", location.pathname);
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
                ? t("v.invitationInvalid")
                : undefined
            }
          />
        </Show>
        <Form onSubmit={submit} class="form card" aria-label={t("invitation.title")}>
          <Field name="password">
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
            <SubmitButton busy={accept.isPending} label={t("invitation.submit")} />
          </div>
        </Form>
      </Show>
      <p>
        <A href="/sign-in">{t("nav.signIn")}</A>
      </p>
    </section>
  );
};
