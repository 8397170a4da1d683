import { A } from "@solidjs/router";
import { Match, onMount, Switch } from "solid-js";
import { isApiError } from "../../api";
import { PageHeading } from "../../components/page";
import { takeFragmentToken } from "../../components/params";
import { Loading, ProblemAlert } from "../../components/problem";
import { useConfirmEmail } from "../../data/session";
import { t } from "../../i18n";

/** Confirms an address from an e-mailed link: at registration, or when moving to a new address. */
export const ConfirmEmailPage = () => {
  const token = takeFragmentToken();
  const confirm = useConfirmEmail();
  onMount(() => {
    if (token) confirm.mutate({ token });
  });
  return (
    <section class="page narrow">
      <PageHeading title={t("confirmEmail.title")} />
      <Switch>
        <Match when={!token}>
          <p class="alert alert-error" role="alert">
            {t("reset.missing")}
          </p>
        </Match>
        <Match when={confirm.isPending || confirm.isIdle}>
          <Loading />
        </Match>
        <Match when={confirm.isError}>
          <ProblemAlert
            error={confirm.error}
            message={
              isApiError(confirm.error) && confirm.error.errors.some((e) => e.field === "token")
                ? t("v.linkInvalid")
                : undefined
            }
          />
        </Match>
        <Match when={confirm.data}>
          {(user) => (
            <p class="alert alert-success" role="status" data-testid="email-confirmed">
              {t("confirmEmail.done", { email: user().email })}
            </p>
          )}
        </Match>
      </Switch>
      <p>
        <A href="/sign-in">{t("nav.signIn")}</A>
      </p>
    </section>
  );
};
