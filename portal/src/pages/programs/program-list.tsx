import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { useProgramList } from "../../data/programs";
import { can, type Session } from "../../data/session";
import { t, tx } from "../../i18n";

/** Receiving programmes by code (Kemensos staff); admins register new ones. */
export const ProgramListPage = (props: { session: Session }) => {
  const list = useProgramList();
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
      <InfiniteList query={list} empty={<p class="empty card">{t("programs.empty")}</p>}>
        {(items) => (
          <>
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
          </>
        )}
      </InfiniteList>
    </section>
  );
};
