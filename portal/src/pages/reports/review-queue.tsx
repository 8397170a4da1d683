import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { ReportStatusBadge } from "../../components/badges";
import { FilterSelect } from "../../components/filters";
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
  const me = () => props.session.user.id;
  return (
    <section class="page">
      <PageHeading title={t("reviewQueue.title")} lead={<p>{t("reviewQueue.intro")}</p>} />
      <div class="filters">
        <FilterSelect
          label={t("reviewQueue.filter")}
          value={filter()}
          options={FILTERS.map((f) => ({ value: f, label: t(`reviewQueue.${f}`) }))}
          onChange={(f) => setFilter((f ?? "any") as ReviewQueueFilter)}
          testid="queue-filter"
        />
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
        label={t("reviewQueue.title")}
        testid="review-queue"
        rowTestid={(r) => `queue-row-${r.id}`}
        columns={[
          {
            header: t("field.period"),
            cell: (r) => <A href={`/reports/${r.id}`}>{periodLabel(r.period)}</A>,
          },
          { header: t("field.partner"), cell: (r) => r.partnerName },
          { header: t("field.status"), cell: (r) => <ReportStatusBadge status={r.status} /> },
          {
            header: t("reviewQueue.waitingSince"),
            cell: (r) => formatDateTime(r.waitingSince ?? r.updatedAt),
          },
          {
            header: t("reviewQueue.assignee"),
            cell: (r) => (
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
                    {a().id === me() ? `${a().name} (${t("reviewQueue.me").toLowerCase()})` : a().name}
                  </span>
                )}
              </Show>
            ),
          },
        ]}
      />
    </section>
  );
};
