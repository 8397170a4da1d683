import { A, useSearchParams } from "@solidjs/router";
import { createUniqueId, For, Show } from "solid-js";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { one } from "../../components/params";
import { Loading, ProblemAlert } from "../../components/problem";
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
  const selectID = createUniqueId();
  return (
    <section class="page">
      <PageHeading title={t("sla.pageTitle")} lead={t("sla.pageLead")} />
      <form class="filters card" aria-label={t("sla.pageTitle")} onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for={selectID}>{t("field.program")}</label>
          <select
            id={selectID}
            aria-busy={programs.isPending}
            onChange={(e) => setParams({ program: e.currentTarget.value || undefined })}
          >
            <For each={programs.data ?? []}>
              {(p) => (
                <option value={p.id} selected={programID() === p.id}>
                  {p.code} · {p.name}
                </option>
              )}
            </For>
          </select>
        </div>
      </form>

      <section class="card" aria-labelledby="sla-compliance">
        <h2 id="sla-compliance">{t("sla.compliance")}</h2>
        <Show when={!compliance.isError} fallback={<ProblemAlert error={compliance.error} />}>
          <Show when={compliance.data} fallback={<Loading />}>
            {(data) => (
              <Show when={data().items.length > 0} fallback={<p class="muted">{t("sla.noMonths")}</p>}>
                <table class="table" data-testid="sla-compliance" aria-labelledby="sla-compliance">
                  <thead>
                    <tr>
                      <th scope="col">{t("sla.month")}</th>
                      <th scope="col">{t("sla.met")}</th>
                      <th scope="col">{t("sla.lateCount")}</th>
                      <th scope="col">{t("sla.compliance")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={data().items}>
                      {(m) => (
                        <tr>
                          <td>{m.month}</td>
                          <td>{formatNumber(m.met)}</td>
                          <td>{formatNumber(m.late)}</td>
                          <td>
                            {m.compliance === undefined ? "—" : `${Math.round(m.compliance * 1000) / 10}%`}
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
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
      >
        {(items) => (
          <table class="table responsive" aria-label={t("sla.overdueTitle")} data-testid="sla-overdue">
            <thead>
              <tr>
                <th scope="col">{t("field.beneficiary")}</th>
                <th scope="col">{t("field.urgency")}</th>
                <th scope="col">{t("field.sender")}</th>
                <th scope="col">{t("sla.deadline")}</th>
                <th scope="col">{t("sla.status")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={items()}>
                {(r) => (
                  <tr data-testid={`sla-overdue-${r.id}`}>
                    <td data-label={t("field.beneficiary")}>
                      <A href={`/referrals/${r.id}`}>{r.beneficiary.name ?? r.id}</A>
                    </td>
                    <td data-label={t("field.urgency")}>{tx(`urgency.${r.urgency}`)}</td>
                    <td data-label={t("field.sender")}>{r.sender.name}</td>
                    <td data-label={t("sla.deadline")}>
                      <Show when={r.sla?.due}>
                        {(due) => (
                          <>
                            {tx(`sla.stage.${due().stage}`)}:{" "}
                            <time datetime={due().at}>{formatDateTime(due().at)}</time>
                          </>
                        )}
                      </Show>
                    </td>
                    <td data-label={t("sla.status")}>
                      <SlaDue sla={r.sla} />
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </InfiniteList>
    </section>
  );
};
