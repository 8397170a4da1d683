import {
  ATENSI_CRITERIA,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  ReferralCreate,
  SEXES,
  URGENCIES,
} from "@atensi/contracts";
import { getValue, type PartialValues, setValue } from "@modular-forms/solid";
import { A, useNavigate } from "@solidjs/router";
import { createEffect, createSignal, For, Match, on, Show, Switch } from "solid-js";
import { isApiError } from "../../api";
import { FormCheckbox, FormCheckboxes, FormRadios, FormSelect, FormText } from "../../components/fields";
import {
  applyProblem,
  createAppForm,
  dropEmpty,
  FormActions,
  optionsOf,
  schemaValidator,
} from "../../components/form";
import { PageHeading } from "../../components/page";
import { Loading, ProblemAlert } from "../../components/problem";
import { RegionSelects } from "../../components/region-fields";
import { useAllPrograms } from "../../data/programs";
import { useCreateReferral } from "../../data/referrals";
import { t, tx } from "../../i18n";
import { ageOn, isIsoDate, NikField } from "./fields";

export type ReferralFormValues = {
  programID: string;
  beneficiary: {
    nik: string;
    kk: string;
    name: string;
    birthDate: string;
    sex: string;
    address: { street: string; provinceCode: string; regencyCode: string };
    disability: boolean;
  };
  criteria: string[];
  needs: string;
  reason: string;
  urgency: string;
  legalBasis: {
    type: string;
    givenBy: string;
    guardianName: string;
    guardianRelationship: string;
    givenAt: string;
    method: string;
    reference: string;
  };
  /** Asked for only once the API said the person already has an open referral there. */
  duplicateReason: string;
};

/** What the detail page shows after a referral was sent (passed as navigation state). */
export type ReferralSentState = { referralSent?: string };

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The request body from the form: only the legal basis chosen (consent or public task) and,
 * for consent, the guardian only when a guardian gave it; blank optional inputs left out.
 */
export const toRequest = (values: PartialValues<ReferralFormValues>): unknown => {
  const b = values.beneficiary ?? {};
  const basis = values.legalBasis ?? {};
  const legalBasis =
    basis.type === "public_task"
      ? { type: basis.type, reference: basis.reference }
      : basis.type === "consent"
        ? {
            type: basis.type,
            givenBy: basis.givenBy,
            ...(basis.givenBy === "guardian"
              ? { guardianName: basis.guardianName, guardianRelationship: basis.guardianRelationship }
              : {}),
            givenAt: basis.givenAt,
            method: basis.method,
          }
        : { type: basis.type };
  return dropEmpty({
    programID: values.programID,
    beneficiary: {
      nik: b.nik,
      kk: b.kk,
      name: b.name,
      birthDate: b.birthDate,
      sex: b.sex,
      address: {
        street: b.address?.street,
        provinceCode: b.address?.provinceCode,
        regencyCode: b.address?.regencyCode,
      },
      disability: b.disability === true,
    },
    criteria: values.criteria ?? [],
    needs: values.needs,
    reason: values.reason,
    urgency: values.urgency,
    legalBasis,
    duplicateReason: values.duplicateReason,
  });
};

const initialValues: ReferralFormValues = {
  programID: "",
  beneficiary: {
    nik: "",
    kk: "",
    name: "",
    birthDate: "",
    sex: "",
    address: { street: "", provinceCode: "", regencyCode: "" },
    disability: false,
  },
  criteria: [],
  needs: "",
  reason: "",
  urgency: "",
  legalBasis: {
    type: "",
    givenBy: "",
    guardianName: "",
    guardianRelationship: "",
    givenAt: "",
    method: "",
    reference: "",
  },
  duplicateReason: "",
};

/** An LKS user (or Kemensos staff) refers a person to another programme. */
export const NewReferralPage = () => {
  const navigate = useNavigate();
  const create = useCreateReferral();
  const programs = useAllPrograms();
  const [form, { Form }] = createAppForm<ReferralFormValues>({
    initialValues,
    validate: schemaValidator<ReferralFormValues>(ReferralCreate, toRequest),
  });

  /** Who already referred this person to the chosen programme, once the API said so. */
  const [duplicateOf, setDuplicateOf] = createSignal<{ sender: string }[]>();
  // Another person or programme is another question: the warning (and its reason) go.
  createEffect(
    on(
      () => [getValue(form, "programID"), getValue(form, "beneficiary.nik")],
      () => {
        if (!duplicateOf()) return;
        setDuplicateOf(undefined);
        setValue(form, "duplicateReason", "", {
          shouldValidate: false,
          shouldTouched: false,
          shouldFocus: false,
        });
      },
      { defer: true },
    ),
  );

  const chosenProgram = () => programs.data?.find((p) => p.id === getValue(form, "programID"));
  const basisType = () => getValue(form, "legalBasis.type");
  const givenBy = () => getValue(form, "legalBasis.givenBy");
  /** A child (on the consent date, else today) or a person with a disability: a guardian consents. */
  const needsGuardian = () => {
    const birthDate = getValue(form, "beneficiary.birthDate");
    const on = getValue(form, "legalBasis.givenAt");
    const child = isIsoDate(birthDate) && ageOn(birthDate, isIsoDate(on) ? on : today()) < 18;
    return child || getValue(form, "beneficiary.disability") === true;
  };

  const submit = async (values: ReferralFormValues) => {
    try {
      const referral = await create.mutateAsync(toRequest(values) as ReferralCreate);
      navigate(`/referrals/${referral.id}`, {
        state: { referralSent: referral.programCode } satisfies ReferralSentState,
      });
    } catch (error) {
      if (isApiError(error) && error.code === "duplicate_referral") {
        const asked = !!duplicateOf();
        setDuplicateOf(error.existing ?? []);
        // The first time, the warning is the message; the field's own error only if the reason was missing.
        if (asked) applyProblem(form, error);
        queueMicrotask(() => document.getElementById("duplicate-warning")?.focus());
        return;
      }
      applyProblem(form, error);
    }
  };

  const programOptions = () =>
    (programs.data ?? []).map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }));

  return (
    <section class="page">
      <p class="breadcrumb">
        <A href="/referrals">← {t("referrals.back")}</A>
      </p>
      <PageHeading title={t("newReferral.title")} lead={t("newReferral.lead")} />
      <p class="muted small">{t("form.requiredNote")}</p>
      <Form onSubmit={submit} class="form" aria-label={t("newReferral.title")}>
        <fieldset class="card section">
          <legend>{t("newReferral.sectionProgram")}</legend>
          <Switch>
            <Match when={programs.isPending}>
              <Loading label={t("newReferral.loadingPrograms")} />
            </Match>
            <Match when={programs.isError}>
              <ProblemAlert error={programs.error}>
                <button type="button" class="button" onClick={() => void programs.refetch()}>
                  {t("common.retry")}
                </button>
              </ProblemAlert>
            </Match>
            <Match when={programs.data?.length === 0}>
              <p class="empty">{t("newReferral.noPrograms")}</p>
            </Match>
          </Switch>
          <FormSelect
            of={form}
            name="programID"
            label={t("field.program")}
            options={programOptions()}
            placeholder={t("newReferral.chooseProgram")}
            disabled={!programs.data?.length}
            required
          />
          <p class="hint" aria-live="polite" data-testid="program-fields">
            <Show when={chosenProgram()}>
              {(p) => (
                <>
                  {t("newReferral.programReceives", { code: p().code })}{" "}
                  {p().allowedFields.length
                    ? p()
                        .allowedFields.map((f) => tx(`beneficiaryField.${f}`))
                        .join(", ")
                    : t("newReferral.programReceivesNothing")}
                </>
              )}
            </Show>
          </p>
          <Show when={chosenProgram()}>
            {(p) => (
              <p
                class={p().referralNotice === "webhook" ? "hint" : "alert alert-warning"}
                data-testid="program-notice"
              >
                {p().referralNotice === "webhook"
                  ? t("newReferral.noticeWebhook", { code: p().code })
                  : t("newReferral.noticePoll", { code: p().code })}
              </p>
            )}
          </Show>
        </fieldset>

        <fieldset class="card section">
          <legend>{t("newReferral.sectionBeneficiary")}</legend>
          <FormText
            of={form}
            name="beneficiary.name"
            label={t("field.beneficiaryName")}
            hint={t("hint.beneficiaryName")}
            autocomplete="off"
            required
          />
          <div class="grid-2">
            <FormText
              of={form}
              name="beneficiary.birthDate"
              label={t("field.birthDate")}
              type="date"
              max={today()}
              required
            />
            <FormRadios
              of={form}
              name="beneficiary.sex"
              legend={t("field.sex")}
              options={optionsOf(SEXES, "sex")}
              inline
              required
            />
          </div>
          <NikField of={form} />
          <FormText
            of={form}
            name="beneficiary.kk"
            label={t("field.kk")}
            hint={t("hint.kk")}
            inputmode="numeric"
            autocomplete="off"
            spellcheck={false}
            required
          />
          <FormCheckbox
            of={form}
            name="beneficiary.disability"
            label={t("field.disability")}
            hint={t("hint.disability")}
          />
        </fieldset>

        <fieldset class="card section">
          <legend>{t("newReferral.sectionAddress")}</legend>
          <RegionSelects
            of={form}
            province="beneficiary.address.provinceCode"
            regency="beneficiary.address.regencyCode"
          />
          <FormText
            of={form}
            name="beneficiary.address.street"
            label={t("field.street")}
            hint={t("hint.address")}
            multiline
            autocomplete="off"
            required
          />
        </fieldset>

        <fieldset class="card section">
          <legend>{t("newReferral.sectionNeeds")}</legend>
          <FormCheckboxes
            of={form}
            name="criteria"
            legend={t("field.criteria")}
            hint={t("hint.criteria")}
            options={optionsOf(ATENSI_CRITERIA, "criterion")}
            required
          />
          <FormText
            of={form}
            name="needs"
            label={t("field.needs")}
            hint={t("hint.needs")}
            multiline
            required
          />
          <FormText
            of={form}
            name="reason"
            label={t("field.reason")}
            hint={t("hint.reason")}
            multiline
            required
          />
          <FormRadios
            of={form}
            name="urgency"
            legend={t("field.urgency")}
            options={URGENCIES.map((u) => ({
              value: u,
              label: `${tx(`urgency.${u}`)}: ${tx(`urgencyHint.${u}`)}`,
            }))}
            required
          />
        </fieldset>

        <fieldset class="card section">
          <legend>{t("newReferral.sectionLegalBasis")}</legend>
          <p class="hint">{t("newReferral.legalBasisLead")}</p>
          <FormRadios
            of={form}
            name="legalBasis.type"
            legend={t("field.legalBasis")}
            options={[
              { value: "consent", label: t("legalBasis.consent") },
              { value: "public_task", label: t("legalBasis.public_task") },
            ]}
            required
          />
          <Show when={basisType() === "consent"}>
            <fieldset class="subsection">
              <legend>{t("newReferral.consentDetails")}</legend>
              <Show when={needsGuardian()}>
                <p class="alert alert-info small" role="status">
                  {t("newReferral.guardianNeeded")}
                </p>
              </Show>
              <FormRadios
                of={form}
                name="legalBasis.givenBy"
                legend={t("field.consentGivenBy")}
                options={optionsOf(CONSENT_GIVERS, "consentGiver")}
                inline
                required
              />
              <Show when={givenBy() === "guardian"}>
                <div class="grid-2">
                  <FormText
                    of={form}
                    name="legalBasis.guardianName"
                    label={t("field.guardianName")}
                    autocomplete="off"
                    required
                  />
                  <FormText
                    of={form}
                    name="legalBasis.guardianRelationship"
                    label={t("field.guardianRelationship")}
                    hint={t("hint.guardianRelationship")}
                    autocomplete="off"
                  />
                </div>
              </Show>
              <div class="grid-2">
                <FormText
                  of={form}
                  name="legalBasis.givenAt"
                  label={t("field.consentGivenAt")}
                  type="date"
                  max={today()}
                  required
                />
                <FormSelect
                  of={form}
                  name="legalBasis.method"
                  label={t("field.consentMethod")}
                  options={optionsOf(CONSENT_METHODS, "consentMethod")}
                  placeholder={t("form.choose")}
                  required
                />
              </div>
            </fieldset>
          </Show>
          <Show when={basisType() === "public_task"}>
            <FormText
              of={form}
              name="legalBasis.reference"
              label={t("field.legalReference")}
              hint={t("hint.legalReference")}
              required
            />
          </Show>
        </fieldset>

        <Show when={duplicateOf()}>
          {(existing) => (
            <fieldset class="card section">
              <legend>{t("newReferral.duplicateTitle")}</legend>
              <div
                class="alert alert-warning"
                role="alert"
                id="duplicate-warning"
                tabindex="-1"
                data-testid="duplicate-warning"
              >
                <p>{t("newReferral.duplicateLead", { code: chosenProgram()?.code ?? "" })}</p>
                <ul>
                  <For each={existing()}>{(r) => <li>{r.sender}</li>}</For>
                </ul>
                <p class="small">{t("newReferral.duplicateNoData")}</p>
              </div>
              <FormText
                of={form}
                name="duplicateReason"
                label={t("field.duplicateReason")}
                hint={t("hint.duplicateReason")}
                multiline
                required
              />
            </fieldset>
          )}
        </Show>

        <FormActions
          busy={create.isPending}
          label={duplicateOf() ? t("newReferral.submitDuplicate") : t("newReferral.submit")}
          busyLabel={t("newReferral.busy")}
          error={
            isApiError(create.error) && create.error.code === "duplicate_referral" ? undefined : create.error
          }
          errorTestid="referral-error"
        >
          <A href="/referrals" class="button link">
            {t("common.cancel")}
          </A>
        </FormActions>
      </Form>
    </section>
  );
};
