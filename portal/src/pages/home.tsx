import { A, Navigate } from "@solidjs/router";
import { Match, Switch } from "solid-js";
import { PageHeading } from "../components/page";
import { Loading } from "../components/problem";
import { homeFor, useSession } from "../data/session";
import { t } from "../i18n";

export const HomePage = () => {
  const session = useSession();
  return (
    <Switch>
      <Match when={session.isPending}>
        <Loading />
      </Match>
      <Match when={session.data}>{(s) => <Navigate href={homeFor(s())} />}</Match>
      <Match when={true}>
        <section class="page home">
          <PageHeading title={t("home.title")} lead={t("home.lead")} />
          <div class="cards">
            <article class="card">
              <h2>{t("home.registerTitle")}</h2>
              <p>{t("home.registerBody")}</p>
              <A class="button primary" href="/register">
                {t("home.registerAction")}
              </A>
            </article>
            <article class="card">
              <h2>{t("home.signInTitle")}</h2>
              <p>{t("home.signInBody")}</p>
              <A class="button" href="/sign-in">
                {t("nav.signIn")}
              </A>
            </article>
          </div>
        </section>
      </Match>
    </Switch>
  );
};
