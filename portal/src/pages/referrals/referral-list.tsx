import { REFERRAL_STATUSES, type ReferralStatus } from "@atensi/contracts";
import { A, useSearchParams } from "@solidjs/router";
import { Show } from "solid-js";
import { ReferralStatusBadge } from "../../components/badges";
import { XlsxButton } from "../../components/downloads";
import { FilterBar, FilterSelect } from "../../components/filters";
import { optionsOf } from "../../components/form";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { one } from "../../components/params";
import { columnIf } from "../../components/table";
import { useAllPrograms } from "../../data/programs";
import { type Referral, useReferralList } from "../../data/referrals";
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
      <FilterBar
        label={t("referrals.filters")}
        clear={
          filters().status || filters().programID
            ? () => setParams({ status: undefined, program: undefined })
            : undefined
        }
      >
        <FilterSelect
          label={t("field.status")}
          value={filters().status}
          all={t("referrals.allStatuses")}
          options={optionsOf(REFERRAL_STATUSES, "referralStatus")}
          onChange={(status) => setParams({ status })}
        />
        <FilterSelect
          label={t("field.program")}
          value={filters().programID}
          all={t("referrals.allPrograms")}
          options={(programs.data ?? []).map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }))}
          busy={programs.isPending}
          onChange={(program) => setParams({ program })}
        />
      </FilterBar>

      <InfiniteList
        query={list}
        empty={
          <p class="empty card" data-testid="referrals-empty">
            {filters().status || filters().programID ? t("referrals.emptyFiltered") : t("referrals.empty")}
          </p>
        }
        summary={(n) => t("referrals.showing", { n })}
        label={t("referrals.title")}
        rowTestid={(referral) => `referral-row-${referral.id}`}
        columns={[
          {
            header: t("field.beneficiary"),
            cell: (referral) => (
              <div>
                <A href={`/referrals/${referral.id}`}>{referral.beneficiary.name ?? referral.id}</A>
                <Show when={referral.beneficiary.nik}>
                  <span class="muted small block nik">
                    {t("field.nikShort")} {referral.beneficiary.nik}
                  </span>
                </Show>
              </div>
            ),
          },
          { header: t("field.program"), cell: (referral) => referral.programCode },
          { header: t("field.status"), cell: (referral) => <ReferralStatusBadge status={referral.status} /> },
          {
            header: t("field.urgency"),
            cell: (referral) => (
              <span classList={{ urgent: referral.urgency === "respon_kasus" }}>
                {tx(`urgency.${referral.urgency}`)}
              </span>
            ),
          },
          ...columnIf<Referral>(staff(), {
            header: t("field.sender"),
            cell: (referral) => referral.sender.name,
          }),
          { header: t("field.sentAt"), cell: (referral) => formatDate(referral.createdAt, "medium") },
          {
            header: t("field.updatedAt"),
            cell: (referral) => (
              <time datetime={referral.updatedAt}>{formatDateTime(referral.updatedAt)}</time>
            ),
          },
        ]}
      />
    </section>
  );
};
