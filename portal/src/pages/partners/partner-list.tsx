import { PARTNER_STATUSES, type PartnerStatus } from "@atensi/contracts";
import { A, useSearchParams } from "@solidjs/router";
import { XlsxButton } from "../../components/downloads";
import { FilterBar, FilterSelect } from "../../components/filters";
import { optionsOf } from "../../components/form";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { one } from "../../components/params";
import { usePartnerList } from "../../data/partners";
import { provinceName, provinceOptions, regencyName } from "../../data/regions";
import { formatDate, t } from "../../i18n";
import { StatusBadge } from "./components";

const isStatus = (x: string | undefined): x is PartnerStatus =>
  !!x && (PARTNER_STATUSES as readonly string[]).includes(x);

export const PartnerListPage = () => {
  const [params, setParams] = useSearchParams();
  const filters = () => {
    const status = one(params.status);
    const province = one(params.province);
    return {
      ...(isStatus(status) ? { status } : {}),
      ...(province && /^\d{2}$/.test(province) ? { province } : {}),
    };
  };
  const list = usePartnerList(filters);

  return (
    <section class="page">
      <PageHeading
        title={t("partners.title")}
        lead={t("partners.lead")}
        actions={<XlsxButton list="partners" filters={filters()} />}
      />
      <FilterBar
        label={t("partners.filters")}
        clear={
          filters().status || filters().province
            ? () => setParams({ status: undefined, province: undefined })
            : undefined
        }
      >
        <FilterSelect
          label={t("field.status")}
          value={filters().status}
          all={t("partners.allStatuses")}
          options={optionsOf(PARTNER_STATUSES, "status")}
          onChange={(status) => setParams({ status })}
        />
        <FilterSelect
          label={t("field.province")}
          value={filters().province}
          all={t("partners.allProvinces")}
          options={provinceOptions}
          onChange={(province) => setParams({ province })}
        />
      </FilterBar>

      <InfiniteList
        query={list}
        empty={<p class="empty card">{t("partners.empty")}</p>}
        summary={(n) => t("partners.showing", { n })}
        label={t("partners.title")}
        rowTestid={(partner) => `partner-row-${partner.id}`}
        columns={[
          {
            header: t("field.partnerName"),
            cell: (partner) => (
              <div>
                <A href={`/partners/${partner.id}`}>{partner.name}</A>
                <span class="muted small block break">{partner.registrationNumber}</span>
              </div>
            ),
          },
          {
            header: t("field.region"),
            cell: (partner) => (
              <div>
                {regencyName(partner.regencyCode)}
                <span class="muted small block">{provinceName(partner.provinceCode)}</span>
              </div>
            ),
          },
          { header: t("field.grade"), cell: (partner) => partner.accreditation.grade },
          { header: t("field.status"), cell: (partner) => <StatusBadge status={partner.status} /> },
          { header: t("field.registeredAt"), cell: (partner) => formatDate(partner.createdAt, "medium") },
        ]}
      />
    </section>
  );
};
