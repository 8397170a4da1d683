import { REFERRAL_STATUSES, type ReferralStatus } from "@atensi/contracts";
import { A, useSearchParams } from "@solidjs/router";
import { createUniqueId, For, Show } from "solid-js";
import { ReferralStatusBadge } from "../../components/badges";
import { XlsxButton } from "../../components/downloads";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { one } from "../../components/params";
import { useAllPrograms } from "../../data/programs";
import { useReferralList } from "../../data/referrals";
import { can, isStaff, type Session } from "../../data/session";
import { formatDate, formatDateTime, t, tx } from "../../i18n";

const isStatus = (x: string | undefined): x is ReferralStatus =>
  !!x && (REFERRAL_STATUSES as readonly string[]).includes(x);

/** Referrals, newest first: an LKS sees the ones it sent, Kemensos staff all of them. */
export const ReferralListPage = (props: { session: Session }) => {
  const [params, setParams] = useSearchParams();
  const programs = useAllPrograms();
  const filters = () => {
    const status = one(params.status);
    const programID = one(params.program);
    return {
      ...(isStatus(status) ? { status } : {}),
      ...(programID && /^prg_[0-9a-z]{26}$/.test(programID) ? { programID } : {}),
    };
  };
  const list = useReferralList(filters);
  const ids = { status: createUniqueId(), program: createUniqueId() };
  const staff = () => isStaff(props.session);

  return (
    <section class="page">
      <PageHeading
        title={t("referrals.title")}
        lead={
          staff()
            ? t("referrals.leadStaff")
            : t("referrals.leadLks", { name: props.session.partner?.name ?? "" })
        }
        actions={
          <>
            <XlsxButton list="referrals" filters={filters()} />
            <Show when={can(props.session, "referral.create")}>
              <A href="/referrals/new" class="button primary">
                {t("referrals.new")}
              </A>
            </Show>
          </>
        }
      />
      <form class="filters card" aria-label={t("referrals.filters")} onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for={ids.status}>{t("field.status")}</label>
          <select
            id={ids.status}
            value={filters().status ?? ""}
            onChange={(e) => setParams({ status: e.currentTarget.value || undefined })}
          >
            <option value="">{t("referrals.allStatuses")}</option>
            <For each={REFERRAL_STATUSES}>
              {(s) => (
                <option value={s} selected={filters().status === s}>
                  {tx(`referralStatus.${s}`)}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for={ids.program}>{t("field.program")}</label>
          <select
            id={ids.program}
            value={filters().programID ?? ""}
            aria-busy={programs.isPending}
            onChange={(e) => setParams({ program: e.currentTarget.value || undefined })}
          >
            <option value="">{t("referrals.allPrograms")}</option>
            <For each={programs.data ?? []}>
              {(p) => (
                <option value={p.id} selected={filters().programID === p.id}>
                  {p.code} · {p.name}
                </option>
              )}
            </For>
          </select>
        </div>
        <Show when={filters().status || filters().programID}>
          <button
            type="button"
            class="button link"
            onClick={() => setParams({ status: undefined, program: undefined })}
          >
            {t("partners.clearFilters")}
          </button>
        </Show>
      </form>

      <InfiniteList
        query={list}
        empty={
          <p class="empty card" data-testid="referrals-empty">
            {filters().status || filters().programID ? t("referrals.emptyFiltered") : t("referrals.empty")}
          </p>
        }
        summary={(n) => t("referrals.showing", { n })}
      >
        {(items) => (
          <>
            <table class="table responsive" aria-label={t("referrals.title")}>
              <thead>
                <tr>
                  <th scope="col">{t("field.beneficiary")}</th>
                  <th scope="col">{t("field.program")}</th>
                  <th scope="col">{t("field.status")}</th>
                  <th scope="col">{t("field.urgency")}</th>
                  <Show when={staff()}>
                    <th scope="col">{t("field.sender")}</th>
                  </Show>
                  <th scope="col">{t("field.sentAt")}</th>
                  <th scope="col">{t("field.updatedAt")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={items()}>
                  {(referral) => (
                    <tr data-testid={`referral-row-${referral.id}`}>
                      <td data-label={t("field.beneficiary")}>
                        <div>
                          <A href={`/referrals/${referral.id}`}>{referral.beneficiary.name ?? referral.id}</A>
                          <Show when={referral.beneficiary.nik}>
                            <span class="muted small block nik">
                              {t("field.nikShort")} {referral.beneficiary.nik}
                            </span>
                          </Show>
                        </div>
                      </td>
                      <td data-label={t("field.program")}>{referral.programCode}</td>
                      <td data-label={t("field.status")}>
                        <ReferralStatusBadge status={referral.status} />
                      </td>
                      <td data-label={t("field.urgency")}>
                        <span classList={{ urgent: referral.urgency === "respon_kasus" }}>
                          {tx(`urgency.${referral.urgency}`)}
                        </span>
                      </td>
                      <Show when={staff()}>
                        <td data-label={t("field.sender")}>{referral.sender.name}</td>
                      </Show>
                      <td data-label={t("field.sentAt")}>{formatDate(referral.createdAt, "medium")}</td>
                      <td data-label={t("field.updatedAt")}>
                        <time datetime={referral.updatedAt}>{formatDateTime(referral.updatedAt)}</time>
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
