import { Show } from "solid-js";
import { PageHeading } from "../../components/page";
import { QueryPage } from "../../components/query-view";
import { useMyPartner } from "../../data/partners";
import { can, type Session } from "../../data/session";
import { t } from "../../i18n";
import { AccreditationSummary, AuditTimeline, PartnerProfile, StatusBadge } from "./components";

/** The signed-in LKS user's own institution. */
export const OwnProfilePage = (props: { session: Session }) => {
  const partner = useMyPartner();
  return (
    <section class="page">
      <QueryPage query={partner} errorTitle={t("profile.title")}>
        {(p) => (
          <>
            <PageHeading
              title={p().name}
              lead={
                <>
                  {t("profile.lead")} <StatusBadge status={p().status} />
                </>
              }
            />
            <div class="card highlight" data-testid="own-accreditation">
              <h2>{t("profile.accreditation")}</h2>
              <AccreditationSummary accreditation={p().accreditation} />
            </div>
            <div class="detail-layout">
              <div>
                <PartnerProfile partner={p()} hideAccreditation />
              </div>
              <Show when={can(props.session, "partner.audit")}>
                <aside class="detail-side">
                  <AuditTimeline partnerID={p().id} />
                </aside>
              </Show>
            </div>
          </>
        )}
      </QueryPage>
    </section>
  );
};
