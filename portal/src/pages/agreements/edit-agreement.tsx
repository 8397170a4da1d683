import { A, useNavigate, useParams } from "@solidjs/router";
import { Show } from "solid-js";
import { isApiError } from "../../api";
import { applyProblem } from "../../components/form";
import { PageHeading } from "../../components/page";
import { ProblemAlert } from "../../components/problem";
import { QueryPage } from "../../components/query-view";
import { useAgreement, useEditAgreement } from "../../data/agreements";
import { t } from "../../i18n";
import { AgreementForm, valuesOf } from "./agreement-form";
import type { AgreementSavedState } from "./new-agreement";

const EDITABLE = ["draft", "changes_requested"];

/** The LKS edits a draft, or answers requested changes, sending the whole agreement with If-Match. */
export const EditAgreementPage = () => {
  const params = useParams();
  const navigate = useNavigate();
  const agreement = useAgreement(() => params.id ?? "");
  const edit = useEditAgreement();
  const back = () => `/agreements/${params.id}`;
  return (
    <section class="page">
      <p class="breadcrumb">
        <A href={back()}>← {t("agreement.back")}</A>
      </p>
      <QueryPage query={agreement} errorTitle={t("editAgreement.title")}>
        {(a) => (
          <>
            <PageHeading title={t("editAgreement.title")} lead={a().title} />
            <Show
              when={EDITABLE.includes(a().status)}
              fallback={<p class="alert alert-info">{t("editAgreement.notEditable")}</p>}
            >
              <Show when={a().status === "changes_requested" && a().statusReason}>
                <div class="alert alert-warning">
                  <p>
                    <strong>{t("agreement.changesRequested")}</strong> {a().statusReason}
                  </p>
                </div>
              </Show>
              <Show when={isApiError(edit.error) && edit.error.status === 412}>
                <ProblemAlert error={edit.error} message={t("agreement.staleEdit")} />
              </Show>
              {/* Keyed on the version: a newer version (after a 412) refills the form. */}
              <Show when={a().version} keyed>
                <AgreementForm
                  initial={valuesOf(a())}
                  submitLabel={t("editAgreement.submit")}
                  busy={edit.isPending}
                  error={isApiError(edit.error) && edit.error.status === 412 ? undefined : edit.error}
                  onSubmit={async (draft, form) => {
                    try {
                      await edit.mutateAsync({ id: a().id, version: a().version, draft });
                      navigate(back(), { state: { agreementSaved: "edited" } satisfies AgreementSavedState });
                    } catch (error) {
                      applyProblem(form, error);
                    }
                  }}
                  cancel={
                    <A href={back()} class="button link">
                      {t("common.cancel")}
                    </A>
                  }
                />
              </Show>
            </Show>
          </>
        )}
      </QueryPage>
    </section>
  );
};
