import type { AgreementDraft } from "@atensi/contracts";
import { A, useNavigate } from "@solidjs/router";
import { applyProblem } from "../../components/form";
import { PageHeading } from "../../components/page";
import { useCreateAgreement } from "../../data/agreements";
import { t } from "../../i18n";
import { AgreementForm, emptyAgreement } from "./agreement-form";

/** What the detail page says after a save (passed as navigation state). */
export type AgreementSavedState = { agreementSaved?: "created" | "edited" };

/** An LKS drafts a partnership agreement; nothing is reviewed until it is submitted. */
export const NewAgreementPage = () => {
  const navigate = useNavigate();
  const create = useCreateAgreement();
  return (
    <section class="page">
      <p class="breadcrumb">
        <A href="/agreements">← {t("agreements.back")}</A>
      </p>
      <PageHeading title={t("newAgreement.title")} lead={t("newAgreement.lead")} />
      <AgreementForm
        initial={emptyAgreement()}
        submitLabel={t("newAgreement.submit")}
        busy={create.isPending}
        error={create.error}
        onSubmit={async (draft: AgreementDraft, form) => {
          try {
            const agreement = await create.mutateAsync(draft);
            navigate(`/agreements/${agreement.id}`, {
              state: { agreementSaved: "created" } satisfies AgreementSavedState,
            });
          } catch (error) {
            applyProblem(form, error);
          }
        }}
        cancel={
          <A href="/agreements" class="button link">
            {t("common.cancel")}
          </A>
        }
      />
    </section>
  );
};
