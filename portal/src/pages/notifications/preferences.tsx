import { DELIVERY_PREFERENCES, type DeliveryPreference, renderNotification } from "@atensi/contracts";
import { A } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { PageHeading } from "../../components/page";
import { Loading, ProblemAlert } from "../../components/problem";
import { usePreferences, useSetPreferences } from "../../data/notifications";
import { locale, t, tx } from "../../i18n";

/**
 * How each kind of notification reaches the user: in the portal only, also by e-mail, or in a
 * daily digest; and the language of their e-mail. Mandatory kinds (security, deadlines) are
 * shown as always e-mailed and cannot be changed.
 */
export const PreferencesPage = () => {
  const prefs = usePreferences();
  const save = useSetPreferences();
  const [saved, setSaved] = createSignal(false);
  const set = (input: Parameters<typeof save.mutate>[0]) => {
    setSaved(false);
    save.mutate(input, { onSuccess: () => setSaved(true) });
  };
  return (
    <section class="page">
      <PageHeading title={t("preferences.title")} lead={t("preferences.lead")} />
      <p>
        <A href="/notifications">{t("preferences.back")}</A>
      </p>
      <ProblemAlert error={save.error} />
      <Show when={saved()}>
        <p class="alert alert-success" role="status">
          {t("preferences.saved")}
        </p>
      </Show>
      <Switch>
        <Match when={prefs.isPending}>
          <Loading />
        </Match>
        <Match when={prefs.isError}>
          <ProblemAlert error={prefs.error} />
        </Match>
        <Match when={prefs.data}>
          {(p) => (
            <div class="card form">
              <label for="mail-language">{t("preferences.language")}</label>
              <select
                id="mail-language"
                value={p().language}
                onChange={(e) => set({ language: e.currentTarget.value as "id" | "en" })}
              >
                <option value="id">Bahasa Indonesia</option>
                <option value="en">English</option>
              </select>
              <table class="table responsive" aria-label={t("preferences.title")}>
                <thead>
                  <tr>
                    <th scope="col">{t("preferences.kind")}</th>
                    <th scope="col">{t("preferences.how")}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={p().items}>
                    {(item) => (
                      <tr>
                        <td data-label={t("preferences.kind")}>
                          {renderNotification(locale(), item.kind, {}).title.replace(/\{\w+\}/g, "…")}
                        </td>
                        <td data-label={t("preferences.how")}>
                          <Show
                            when={!item.mandatory}
                            fallback={<span class="muted">{t("preferences.mandatory")}</span>}
                          >
                            <select
                              aria-label={renderNotification(locale(), item.kind, {}).title}
                              value={item.preference}
                              disabled={save.isPending}
                              onChange={(e) =>
                                set({
                                  preferences: { [item.kind]: e.currentTarget.value as DeliveryPreference },
                                })
                              }
                            >
                              <For each={DELIVERY_PREFERENCES}>
                                {(how) => <option value={how}>{tx(`preferences.option.${how}`)}</option>}
                              </For>
                            </select>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          )}
        </Match>
      </Switch>
    </section>
  );
};
