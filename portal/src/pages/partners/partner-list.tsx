import { PARTNER_STATUSES, type PartnerStatus } from "@atensi/contracts";
import { A, useSearchParams } from "@solidjs/router";
import { createUniqueId, For, Show } from "solid-js";
import { XlsxButton } from "../../components/downloads";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { one } from "../../components/params";
import { usePartnerList } from "../../data/partners";
import { provinceName, regencyName, useProvinces } from "../../data/regions";
import { formatDate, t, tx } from "../../i18n";
import { StatusBadge } from "./components";

const isStatus = (x: string | undefined): x is PartnerStatus =>
  !!x && (PARTNER_STATUSES as readonly string[]).includes(x);

export const PartnerListPage = () => {
  const [params, setParams] = useSearchParams();
  const provinces = useProvinces();
  const filters = () => {
    const status = one(params.status);
    const province = one(params.province);
    return {
      ...(isStatus(status) ? { status } : {}),
      ...(province && /^\d{2}$/.test(province) ? { province } : {}),
    };
  };
  const list = usePartnerList(filters);
  const ids = { status: createUniqueId(), province: createUniqueId() };

  return (
    <section class="page">
      <PageHeading
        title={t("partners.title")}
        lead={t("partners.lead")}
        actions={<XlsxButton list="partners" filters={filters()} />}
      />
      <form class="filters card" aria-label={t("partners.filters")} onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for={ids.status}>{t("field.status")}</label>
          <select
            id={ids.status}
            value={filters().status ?? ""}
            onChange={(e) => setParams({ status: e.currentTarget.value || undefined })}
          >
            <option value="">{t("partners.allStatuses")}</option>
            <For each={PARTNER_STATUSES}>
              {(s) => (
                <option value={s} selected={filters().status === s}>
                  {tx(`status.${s}`)}
                </option>
              )}
            </For>
          </select>
        </div>
        <div class="field">
          <label for={ids.province}>{t("field.province")}</label>
          <select
            id={ids.province}
            value={filters().province ?? ""}
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
        </div>
        <Show when={filters().status || filters().province}>
          <button
            type="button"
            class="button link"
            onClick={() => setParams({ status: undefined, province: undefined })}
          >
            {t("partners.clearFilters")}
          </button>
        </Show>
      </form>

      <InfiniteList
        query={list}
        empty={<p class="empty card">{t("partners.empty")}</p>}
        summary={(n) => t("partners.showing", { n })}
      >
        {(items) => (
          <>
            <table class="table responsive" aria-label={t("partners.title")}>
              <thead>
                <tr>
                  <th scope="col">{t("field.partnerName")}</th>
                  <th scope="col">{t("field.region")}</th>
                  <th scope="col">{t("field.grade")}</th>
                  <th scope="col">{t("field.status")}</th>
                  <th scope="col">{t("field.registeredAt")}</th>
                </tr>
              </thead>
              <tbody>
                <For each={items()}>
                  {(partner) => (
                    <tr data-testid={`partner-row-${partner.id}`}>
                      <td data-label={t("field.partnerName")}>
                        <div>
                          <A href={`/partners/${partner.id}`}>{partner.name}</A>
                          <span class="muted small block break">{partner.registrationNumber}</span>
                        </div>
                      </td>
                      <td data-label={t("field.region")}>
                        <div>
                          {regencyName(partner.regencyCode)}
                          <span class="muted small block">{provinceName(partner.provinceCode)}</span>
                        </div>
                      </td>
                      <td data-label={t("field.grade")}>{partner.accreditation.grade}</td>
                      <td data-label={t("field.status")}>
                        <StatusBadge status={partner.status} />
                      </td>
                      <td data-label={t("field.registeredAt")}>{formatDate(partner.createdAt, "medium")}</td>
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
