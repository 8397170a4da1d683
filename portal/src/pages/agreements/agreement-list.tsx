import { AGREEMENT_STATUSES, type AgreementStatus, CLUSTERS, type Cluster } from "@atensi/contracts";
import { A, useSearchParams } from "@solidjs/router";
import { createSignal, onCleanup, Show } from "solid-js";
import { AgreementStatusBadge } from "../../components/badges";
import { XlsxButton } from "../../components/downloads";
import { FilterBar, FilterSelect } from "../../components/filters";
import { optionsOf } from "../../components/form";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { one } from "../../components/params";
import { columnIf } from "../../components/table";
import { type Agreement, useAgreementList, waitingSince } from "../../data/agreements";
import { provinceName, provinceOptions } from "../../data/regions";
import { can, isStaff, type Session } from "../../data/session";
import { formatDate, formatDateTime, t } from "../../i18n";

const REVIEW_STATUSES: readonly string[] = ["submitted", "resubmitted", "recommended"];
const isStatus = (x: string | undefined): x is AgreementStatus =>
  !!x && (AGREEMENT_STATUSES as readonly string[]).includes(x);
const isCluster = (x: string | undefined): x is Cluster => !!x && (CLUSTERS as readonly string[]).includes(x);

/** How long something has waited, in words: "3 jam", "2 hari". */
export const waitedFor = (since: string, now: number) => {
  const minutes = Math.max(0, Math.floor((now - Date.parse(since)) / 60_000));
  if (minutes < 60) return t("duration.minutes", { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t("duration.hours", { n: hours });
  return t("duration.days", { n: Math.floor(hours / 24) });
};

/** The clock for waiting times, ticking each minute while the page is open. */
const useNow = () => {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 60_000);
  onCleanup(() => clearInterval(timer));
  return now;
};

const regionsOf = (a: Agreement) =>
  [...new Set(a.scope.regions.map((r) => provinceName(r.provinceCode)))].join(", ");

/**
 * Staff: the review queue (a status, longest waiting first; narrowed by province and cluster)
 * or every agreement newest first. An LKS: its own agreements, newest first.
 */
export const AgreementListPage = (props: { session: Session }) => {
  const [params, setParams] = useSearchParams();
  const staff = () => isStaff(props.session);
  const now = useNow();
  const filters = () => {
    const raw = one(params.status);
    // Staff start at what waits for them (the API's `queues`: recommended for an approver,
    // submitted for a reviewer); "all" lists everything newest first.
    const status = raw === "all" ? undefined : isStatus(raw) ? raw : props.session.queues.agreements;
    const province = one(params.province);
    const cluster = one(params.cluster);
    return {
      ...(status ? { status } : {}),
      ...(status && province && /^\d{2}$/.test(province) ? { province } : {}),
      ...(isCluster(cluster) ? { cluster } : {}),
    };
  };
  const list = useAgreementList(filters);
  const queue = () => !!filters().status && REVIEW_STATUSES.includes(filters().status ?? "");

  return (
    <section class="page">
      <PageHeading
        title={staff() ? t("agreements.titleStaff") : t("agreements.title")}
        lead={
          staff()
            ? t("agreements.leadStaff")
            : t("agreements.leadLks", { name: props.session.partner?.name ?? "" })
        }
        actions={
          <>
            <XlsxButton list="agreements" filters={filters()} />
            <Show when={can(props.session, "agreement.create")}>
              <A href="/agreements/new" class="button primary">
                {t("agreements.new")}
              </A>
            </Show>
          </>
        }
      />
      <FilterBar label={t("agreements.filters")} class="filters-3">
        <FilterSelect
          label={t("field.status")}
          value={filters().status}
          all={staff() ? t("agreements.allNewest") : t("agreements.allStatuses")}
          options={optionsOf(AGREEMENT_STATUSES, "agreementStatus")}
          onChange={(status) => setParams({ status: status ?? (staff() ? "all" : undefined) })}
        />
        <Show when={staff()}>
          <FilterSelect
            label={t("field.province")}
            value={filters().province}
            all={t("partners.allProvinces")}
            options={provinceOptions}
            disabled={!filters().status}
            hint={filters().status ? undefined : t("agreements.provinceNeedsStatus")}
            onChange={(province) => setParams({ province })}
          />
        </Show>
        <FilterSelect
          label={t("field.cluster")}
          value={filters().cluster}
          all={t("agreements.allClusters")}
          options={optionsOf(CLUSTERS, "cluster")}
          onChange={(cluster) => setParams({ cluster })}
        />
      </FilterBar>

      <InfiniteList
        query={list}
        empty={
          <p class="empty card" data-testid="agreements-empty">
            {queue() ? t("agreements.queueEmpty") : t("agreements.empty")}
          </p>
        }
        summary={(n) => (queue() ? t("agreements.queueShowing", { n }) : t("agreements.showing", { n }))}
        label={t("agreements.title")}
        testid="agreement-list"
        rowTestid={(a) => `agreement-row-${a.id}`}
        columns={[
          {
            header: t("field.agreementTitle"),
            cell: (a) => (
              <div>
                <A href={`/agreements/${a.id}`}>{a.title}</A>
                <Show when={a.number}>
                  <span class="muted small block">{a.number}</span>
                </Show>
              </div>
            ),
          },
          ...columnIf<Agreement>(staff(), { header: t("field.partner"), cell: (a) => a.partnerName }),
          { header: t("field.status"), cell: (a) => <AgreementStatusBadge status={a.status} /> },
          { header: t("field.region"), cell: regionsOf },
          {
            header: t("field.term"),
            cell: (a) => `${formatDate(a.startDate, "medium")} – ${formatDate(a.endDate, "medium")}`,
          },
          queue()
            ? {
                header: t("field.waiting"),
                cell: (a) => (
                  <span data-testid="waiting" title={formatDateTime(waitingSince(a))}>
                    {waitedFor(waitingSince(a), now())}
                  </span>
                ),
              }
            : {
                header: t("field.updatedAt"),
                cell: (a) => <time datetime={a.updatedAt}>{formatDateTime(a.updatedAt)}</time>,
              },
        ]}
      />
    </section>
  );
};
