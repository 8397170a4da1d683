import { A } from "@solidjs/router";
import { Show } from "solid-js";
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
      <InfiniteList
        query={list}
        empty={<p class="empty card">{t("programs.empty")}</p>}
        label={t("programs.title")}
        rowTestid={(program) => `program-row-${program.code}`}
        columns={[
          {
            header: t("field.programCode"),
            cell: (program) => (
              <A href={`/programs/${program.id}`}>
                <strong>{program.code}</strong>
              </A>
            ),
          },
          { header: t("field.programName"), cell: (program) => program.name },
          { header: t("field.owningUnit"), cell: (program) => program.owningUnit },
          { header: t("field.programKind"), cell: (program) => tx(`programKind.${program.kind}`) },
          {
            header: t("field.allowedFields"),
            cell: (program) => t("programs.fieldsN", { n: program.allowedFields.length }),
          },
        ]}
      />
    </section>
  );
};
