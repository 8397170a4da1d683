import { A } from "@solidjs/router";
import { createSignal, createUniqueId, For, Show } from "solid-js";
import { ReportStatusBadge } from "../../components/badges";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { ProblemAlert } from "../../components/problem";
import { type ReviewQueueFilter, useReportDecision, useReviewQueue } from "../../data/reports";
import type { Session } from "../../data/session";
import { formatDateTime, t } from "../../i18n";
import { periodLabel } from "./periods";

const FILTERS: ReviewQueueFilter[] = ["unassigned", "me", "any"];

/**
 * A reviewer's queue at its level: a Balai / Loka / Sentra or dinas sosial sees the reports waiting
 * in its region, national staff those waiting for acceptance; longest waiting first, each claimable
 * so two reviewers do not work the same report.
 */
export const ReviewQueuePage = (props: { session: Session }) => {
  const [filter, setFilter] = createSignal<ReviewQueueFilter>("any");
  const queue = useReviewQueue(filter);
  const decide = useReportDecision();
  const filterID = createUniqueId();
  const me = () => props.session.user.id;
  return (
    <section class="page">
      <PageHeading title={t("reviewQueue.title")} lead={<p>{t("reviewQueue.intro")}</p>} />
      <div class="filters">
        <label for={filterID}>{t("reviewQueue.filter")}</label>
        <select
          id={filterID}
          value={filter()}
          onChange={(e) => setFilter(e.currentTarget.value as ReviewQueueFilter)}
          data-testid="queue-filter"
        >
          <For each={FILTERS}>{(f) => <option value={f}>{t(`reviewQueue.${f}`)}</option>}</For>
        </select>
      </div>
      <Show when={decide.error}>
        <ProblemAlert error={decide.error} />
      </Show>
      <InfiniteList
        query={queue}
        empty={
          <p class="empty card" data-testid="queue-empty">
            {t("reviewQueue.empty")}
          </p>
        }
        summary={(n) => t("reviewQueue.showing", { n })}
      >
        {(items) => (
          <table class="table responsive" aria-label={t("reviewQueue.title")} data-testid="review-queue">
            <thead>
              <tr>
                <th scope="col">{t("field.period")}</th>
                <th scope="col">{t("field.partner")}</th>
                <th scope="col">{t("field.status")}</th>
                <th scope="col">{t("reviewQueue.waitingSince")}</th>
                <th scope="col">{t("reviewQueue.assignee")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={items()}>
                {(r) => (
                  <tr data-testid={`queue-row-${r.id}`}>
                    <td data-label={t("field.period")}>
                      <A href={`/reports/${r.id}`}>{periodLabel(r.period)}</A>
                    </td>
                    <td data-label={t("field.partner")}>{r.partnerName}</td>
                    <td data-label={t("field.status")}>
                      <ReportStatusBadge status={r.status} />
                    </td>
                    <td data-label={t("reviewQueue.waitingSince")}>
                      {formatDateTime(r.waitingSince ?? r.updatedAt)}
                    </td>
                    <td data-label={t("reviewQueue.assignee")}>
                      <Show
                        when={r.assignee}
                        fallback={
                          <button
                            type="button"
                            class="button"
                            disabled={decide.isPending}
                            aria-busy={decide.isPending}
                            data-testid={`claim-${r.id}`}
                            onClick={() => decide.mutate({ id: r.id, version: r.version, decision: "claim" })}
                          >
                            {t("reportDecision.claim.action")}
                          </button>
                        }
                      >
                        {(a) => (
                          <span data-testid={`assignee-${r.id}`}>
                            {a().id === me()
                              ? `${a().name} (${t("reviewQueue.me").toLowerCase()})`
                              : a().name}
                          </span>
                        )}
                      </Show>
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
