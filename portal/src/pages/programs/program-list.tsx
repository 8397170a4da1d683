import { A } from "@solidjs/router";
import { For, Match, Show, Switch } from "solid-js";
import { PageHeading } from "../../components/page";
import { Loading, ProblemAlert } from "../../components/problem";
import { useProgramList } from "../../data/programs";
import { can, type Session } from "../../data/session";
import { t, tx } from "../../i18n";

/** Receiving programmes by code (Kemensos staff); admins register new ones. */
export const ProgramListPage = (props: { session: Session }) => {
  const list = useProgramList();
  const items = () => list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section class="page">
      <PageHeading
        title={t("programs.title")}
        lead={t("programs.lead")}
        actions={
          <Show when={can(props.session, "program.manage")}>
            <A href="/programs/new" class="button primary">
              {t("programs.new")}
            </A>
          </Show>
        }
      />
      <Switch>
        <Match when={list.isPending}>
          <Loading />
        </Match>
        <Match when={list.isError && !list.data}>
          <ProblemAlert error={list.error}>
            <button type="button" class="button" onClick={() => void list.refetch()}>
              {t("common.retry")}
            </button>
          </ProblemAlert>
        </Match>
        <Match when={items().length === 0}>
          <p class="empty card">{t("programs.empty")}</p>
        </Match>
        <Match when={true}>
          <table class="table responsive" aria-label={t("programs.title")}>
            <thead>
              <tr>
                <th scope="col">{t("field.programCode")}</th>
                <th scope="col">{t("field.programName")}</th>
                <th scope="col">{t("field.owningUnit")}</th>
                <th scope="col">{t("field.programKind")}</th>
                <th scope="col">{t("field.allowedFields")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={items()}>
                {(program) => (
                  <tr data-testid={`program-row-${program.code}`}>
                    <td data-label={t("field.programCode")}>
                      <A href={`/programs/${program.id}`}>
                        <strong>{program.code}</strong>
                      </A>
                    </td>
                    <td data-label={t("field.programName")}>{program.name}</td>
                    <td data-label={t("field.owningUnit")}>{program.owningUnit}</td>
                    <td data-label={t("field.programKind")}>{tx(`programKind.${program.kind}`)}</td>
                    <td data-label={t("field.allowedFields")}>
                      {t("programs.fieldsN", { n: program.allowedFields.length })}
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <Show when={list.hasNextPage}>
            <div class="load-more">
              <button
                type="button"
                class="button"
                disabled={list.isFetchingNextPage}
                aria-busy={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                <Show when={list.isFetchingNextPage}>
                  <span class="spinner" aria-hidden="true" />
                </Show>
                {list.isFetchingNextPage ? t("common.loading") : t("partners.loadMore")}
              </button>
            </div>
          </Show>
        </Match>
      </Switch>
    </section>
  );
};
