import { A, useSearchParams } from "@solidjs/router";
import { Show } from "solid-js";
import { FilterBar, FilterSelect } from "../../components/filters";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { one } from "../../components/params";
import { Loading, ProblemAlert } from "../../components/problem";
import { Table } from "../../components/table";
import { useAllPrograms } from "../../data/programs";
import { useOverdueReferrals, useSlaCompliance } from "../../data/referrals";
import type { Session } from "../../data/session";
import { formatDateTime, formatNumber, t, tx } from "../../i18n";
import { SlaDue } from "./sla-clock";

/** Staff: per programme, the referrals past their deadline and the monthly SLA compliance. */
export const ReferralSlaPage = (_props: { session: Session }) => {
  const [params, setParams] = useSearchParams();
  const programs = useAllPrograms();
  const programID = () => {
    const id = one(params.program);
    return id && /^prg_[0-9a-z]{26}$/i.test(id) ? id : programs.data?.[0]?.id;
  };
  const overdue = useOverdueReferrals(programID);
  const compliance = useSlaCompliance(programID);
  return (
    <section class="page">
      <PageHeading title={t("sla.pageTitle")} lead={t("sla.pageLead")} />
      <FilterBar label={t("sla.pageTitle")}>
        <FilterSelect
          label={t("field.program")}
          value={programID()}
          options={(programs.data ?? []).map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }))}
          busy={programs.isPending}
          onChange={(program) => setParams({ program })}
        />
      </FilterBar>

      <section class="card" aria-labelledby="sla-compliance">
        <h2 id="sla-compliance">{t("sla.compliance")}</h2>
        <Show when={!compliance.isError} fallback={<ProblemAlert error={compliance.error} />}>
          <Show when={compliance.data} fallback={<Loading />}>
            {(data) => (
              <Show when={data().items.length > 0} fallback={<p class="muted">{t("sla.noMonths")}</p>}>
                <Table
                  rows={data().items}
                  testid="sla-compliance"
                  label={t("sla.compliance")}
                  columns={[
                    { header: t("sla.month"), cell: (m) => m.month },
                    { header: t("sla.met"), cell: (m) => formatNumber(m.met) },
                    { header: t("sla.lateCount"), cell: (m) => formatNumber(m.late) },
                    {
                      header: t("sla.compliance"),
                      cell: (m) =>
                        m.compliance === undefined ? "—" : `${Math.round(m.compliance * 1000) / 10}%`,
                    },
                  ]}
                />
              </Show>
            )}
          </Show>
        </Show>
      </section>

      <h2>{t("sla.overdueTitle")}</h2>
      <InfiniteList
        query={overdue}
        empty={
          <p class="empty card" data-testid="sla-overdue-empty">
            {t("sla.noOverdue")}
          </p>
        }
        summary={(n) => t("referrals.showing", { n })}
        label={t("sla.overdueTitle")}
        testid="sla-overdue"
        rowTestid={(r) => `sla-overdue-${r.id}`}
        columns={[
          {
            header: t("field.beneficiary"),
            cell: (r) => <A href={`/referrals/${r.id}`}>{r.beneficiary.name ?? r.id}</A>,
          },
          { header: t("field.urgency"), cell: (r) => tx(`urgency.${r.urgency}`) },
          { header: t("field.sender"), cell: (r) => r.sender.name },
          {
            header: t("sla.deadline"),
            cell: (r) => (
              <Show when={r.sla?.due}>
                {(due) => (
                  <>
                    {tx(`sla.stage.${due().stage}`)}:{" "}
                    <time datetime={due().at}>{formatDateTime(due().at)}</time>
                  </>
                )}
              </Show>
            ),
          },
          { header: t("sla.status"), cell: (r) => <SlaDue sla={r.sla} /> },
        ]}
      />
    </section>
  );
};
