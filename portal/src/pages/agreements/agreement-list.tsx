import { AGREEMENT_STATUSES, type AgreementStatus, CLUSTERS, type Cluster } from "@atensi/contracts";
import { A, useSearchParams } from "@solidjs/router";
import { createSignal, createUniqueId, For, onCleanup, Show } from "solid-js";
import { AgreementStatusBadge } from "../../components/badges";
import { XlsxButton } from "../../components/downloads";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { one } from "../../components/params";
import { type Agreement, useAgreementList, waitingSince } from "../../data/agreements";
import { provinceName, useProvinces } from "../../data/regions";
import { can, isStaff, type Session } from "../../data/session";
import { formatDate, formatDateTime, t, tx } from "../../i18n";

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
  const provinces = useProvinces();
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
  const ids = { status: createUniqueId(), province: createUniqueId(), cluster: createUniqueId() };
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
      <form
        class="filters filters-3 card"
        aria-label={t("agreements.filters")}
        onSubmit={(e) => e.preventDefault()}
      >
        <div class="field">
          <label for={ids.status}>{t("field.status")}</label>
          <select
            id={ids.status}
            onChange={(e) => setParams({ status: e.currentTarget.value || (staff() ? "all" : undefined) })}
          >
            <option value="" selected={!filters().status}>
              {staff() ? t("agreements.allNewest") : t("agreements.allStatuses")}
            </option>
            <For each={AGREEMENT_STATUSES}>
              {(s) => (
                <option value={s} selected={filters().status === s}>
                  {tx(`agreementStatus.${s}`)}
                </option>
              )}
            </For>
          </select>
        </div>
        <Show when={staff()}>
          <div class="field">
            <label for={ids.province}>{t("field.province")}</label>
            <select
              id={ids.province}
              disabled={!filters().status}
              aria-describedby={filters().status ? undefined : `${ids.province}-hint`}
              onChange={(e) => setParams({ province: e.currentTarget.value || undefined })}
            >
              <option value="">{t("partners.allProvinces")}</option>
              <For each={provinces}>
                {(p) => (
                  <option value={p.code} selected={filters().province === p.code}>
                    {p.name}
                  </option>
                )}
              </For>
            </select>
            <Show when={!filters().status}>
              <p id={`${ids.province}-hint`} class="hint">
                {t("agreements.provinceNeedsStatus")}
              </p>
            </Show>
          </div>
        </Show>
        <div class="field">
          <label for={ids.cluster}>{t("field.cluster")}</label>
          <select
            id={ids.cluster}
            onChange={(e) => setParams({ cluster: e.currentTarget.value || undefined })}
          >
            <option value="">{t("agreements.allClusters")}</option>
            <For each={CLUSTERS}>
              {(c) => (
                <option value={c} selected={filters().cluster === c}>
                  {tx(`cluster.${c}`)}
                </option>
              )}
            </For>
          </select>
        </div>
      </form>

      <InfiniteList
        query={list}
        empty={
          <p class="empty card" data-testid="agreements-empty">
            {queue() ? t("agreements.queueEmpty") : t("agreements.empty")}
          </p>
        }
        summary={(n) => (queue() ? t("agreements.queueShowing", { n }) : t("agreements.showing", { n }))}
      >
        {(items) => (
          <>
            <table class="table responsive" aria-label={t("agreements.title")} data-testid="agreement-list">
              <thead>
                <tr>
                  <th scope="col">{t("field.agreementTitle")}</th>
                  <Show when={staff()}>
                    <th scope="col">{t("field.partner")}</th>
                  </Show>
                  <th scope="col">{t("field.status")}</th>
                  <th scope="col">{t("field.region")}</th>
                  <th scope="col">{t("field.term")}</th>
                  <th scope="col">{queue() ? t("field.waiting") : t("field.updatedAt")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={items()}>
                  {(a) => (
                    <tr data-testid={`agreement-row-${a.id}`}>
                      <td data-label={t("field.agreementTitle")}>
                        <div>
                          <A href={`/agreements/${a.id}`}>{a.title}</A>
                          <Show when={a.number}>
                            <span class="muted small block">{a.number}</span>
                          </Show>
                        </div>
                      </td>
                      <Show when={staff()}>
                        <td data-label={t("field.partner")}>{a.partnerName}</td>
                      </Show>
                      <td data-label={t("field.status")}>
                        <AgreementStatusBadge status={a.status} />
                      </td>
                      <td data-label={t("field.region")}>{regionsOf(a)}</td>
                      <td data-label={t("field.term")}>
                        {formatDate(a.startDate, "medium")} – {formatDate(a.endDate, "medium")}
                      </td>
                      <td data-label={queue() ? t("field.waiting") : t("field.updatedAt")}>
                        <Show
                          when={queue()}
                          fallback={<time datetime={a.updatedAt}>{formatDateTime(a.updatedAt)}</time>}
                        >
                          <span data-testid="waiting" title={formatDateTime(waitingSince(a))}>
                            {waitedFor(waitingSince(a), now())}
                          </span>
                        </Show>
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
