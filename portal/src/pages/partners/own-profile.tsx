import { A, useLocation } from "@solidjs/router";
import { Show } from "solid-js";
import { PageHeading } from "../../components/page";
import { QueryPage } from "../../components/query-view";
import { useMyPartner } from "../../data/partners";
import { can, type Session } from "../../data/session";
import { t } from "../../i18n";
import { AccreditationSummary, AuditTimeline, PartnerProfile, StatusBadge } from "./components";
import type { ProfileSavedState } from "./edit-profile";

/** The signed-in LKS user's own institution. */
export const OwnProfilePage = (props: { session: Session }) => {
  const partner = useMyPartner();
  const location = useLocation<ProfileSavedState>();
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
              actions={
                <Show when={can(props.session, "partner.update")}>
                  <A href="/profile/edit" class="button primary">
                    {t("profile.edit")}
                  </A>
                </Show>
              }
            />
            <Show when={location.state?.profileSaved}>
              <p class="alert alert-success" role="status" data-testid="profile-saved">
                {t("profile.saved")}
              </p>
            </Show>
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
