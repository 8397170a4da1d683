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
import { createEffect, Match, on, Show, Switch } from "solid-js";
import {
  applyProblem,
  CheckboxField,
  CheckboxGroup,
  createAppForm,
  dropEmpty,
  FormActions,
  RadioGroup,
  SelectField,
  schemaValidator,
  TextField,
} from "../../components/form";
import { PageHeading } from "../../components/page";
import { Loading, ProblemAlert } from "../../components/problem";
import { useAllPrograms } from "../../data/programs";
import { useCreateReferral } from "../../data/referrals";
import { useProvinces, useRegencies } from "../../data/regions";
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
};

/** An LKS user (or Kemensos staff) refers a person to another programme. */
export const NewReferralPage = () => {
  const navigate = useNavigate();
  const create = useCreateReferral();
  const programs = useAllPrograms();
  const provinces = useProvinces();
  const [form, { Form, Field }] = createAppForm<ReferralFormValues>({
    initialValues,
    validate: schemaValidator<ReferralFormValues>(ReferralCreate, toRequest),
  });

  const province = () => getValue(form, "beneficiary.address.provinceCode");
  const regencies = useRegencies(province);
  createEffect(
    on(province, (code) => {
      const regency = getValue(form, "beneficiary.address.regencyCode");
      if (regency && !regency.startsWith(code ?? "")) {
        setValue(form, "beneficiary.address.regencyCode", "", {
          shouldValidate: false,
          shouldTouched: false,
          shouldFocus: false,
        });
      }
    }),
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
      applyProblem(form, error);
    }
  };

  const programOptions = () =>
    (programs.data ?? []).map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }));
  const provinceOptions = () => provinces.map((p) => ({ value: p.code, label: p.name }));
  const regencyOptions = () => regencies().map((r) => ({ value: r.code, label: r.name }));
  const options = (values: readonly string[], prefix: string) =>
    values.map((value) => ({ value, label: tx(`${prefix}.${value}`) }));

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
          <Field name="programID">
            {(field, input) => (
              <SelectField
                field={field}
                input={input}
                label={t("field.program")}
                options={programOptions()}
                placeholder={t("newReferral.chooseProgram")}
                disabled={!programs.data?.length}
                required
              />
            )}
          </Field>
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
          <Field name="beneficiary.name">
            {(field, input) => (
              <TextField
                field={field}
                input={input}
                label={t("field.beneficiaryName")}
                hint={t("hint.beneficiaryName")}
                autocomplete="off"
                required
              />
            )}
          </Field>
          <div class="grid-2">
            <Field name="beneficiary.birthDate">
              {(field, input) => (
                <TextField
                  field={field}
                  input={input}
                  label={t("field.birthDate")}
                  type="date"
                  max={today()}
                  required
                />
              )}
            </Field>
            <Field name="beneficiary.sex">
              {(field, input) => (
                <RadioGroup
                  field={field}
                  input={input}
                  legend={t("field.sex")}
                  options={options(SEXES, "sex")}
                  inline
                  required
                />
              )}
            </Field>
          </div>
          <NikField of={form} />
          <Field name="beneficiary.kk">
            {(field, input) => (
              <TextField
                field={field}
                input={input}
                label={t("field.kk")}
                hint={t("hint.kk")}
                inputmode="numeric"
                autocomplete="off"
                spellcheck={false}
                required
              />
            )}
          </Field>
          <Field name="beneficiary.disability" type="boolean">
            {(field, input) => (
              <CheckboxField
                field={field}
                input={input}
                label={t("field.disability")}
                hint={t("hint.disability")}
              />
            )}
          </Field>
        </fieldset>

        <fieldset class="card section">
          <legend>{t("newReferral.sectionAddress")}</legend>
          <div class="grid-2">
            <Field name="beneficiary.address.provinceCode">
              {(field, input) => (
                <SelectField
                  field={field}
                  input={input}
                  label={t("field.province")}
                  options={provinceOptions()}
                  placeholder={t("form.chooseProvince")}
                  required
                />
              )}
            </Field>
            <Field name="beneficiary.address.regencyCode">
              {(field, input) => (
                <SelectField
                  field={field}
                  input={input}
                  label={t("field.regency")}
                  options={regencyOptions()}
                  placeholder={province() ? t("form.chooseRegency") : t("form.chooseProvinceFirst")}
                  disabled={!province()}
                  required
                />
              )}
            </Field>
          </div>
          <Field name="beneficiary.address.street">
            {(field, input) => (
              <TextField
                field={field}
                input={input}
                label={t("field.street")}
                hint={t("hint.address")}
                multiline
                autocomplete="off"
                required
              />
            )}
          </Field>
        </fieldset>

        <fieldset class="card section">
          <legend>{t("newReferral.sectionNeeds")}</legend>
          <Field name="criteria" type="string[]">
            {(field, input) => (
              <CheckboxGroup
                field={field}
                input={input}
                legend={t("field.criteria")}
                hint={t("hint.criteria")}
                options={options(ATENSI_CRITERIA, "criterion")}
                required
              />
            )}
          </Field>
          <Field name="needs">
            {(field, input) => (
              <TextField
                field={field}
                input={input}
                label={t("field.needs")}
                hint={t("hint.needs")}
                multiline
                required
              />
            )}
          </Field>
          <Field name="reason">
            {(field, input) => (
              <TextField
                field={field}
                input={input}
                label={t("field.reason")}
                hint={t("hint.reason")}
                multiline
                required
              />
            )}
          </Field>
          <Field name="urgency">
            {(field, input) => (
              <RadioGroup
                field={field}
                input={input}
                legend={t("field.urgency")}
                options={URGENCIES.map((u) => ({
                  value: u,
                  label: `${tx(`urgency.${u}`)}: ${tx(`urgencyHint.${u}`)}`,
                }))}
                required
              />
            )}
          </Field>
        </fieldset>

        <fieldset class="card section">
          <legend>{t("newReferral.sectionLegalBasis")}</legend>
          <p class="hint">{t("newReferral.legalBasisLead")}</p>
          <Field name="legalBasis.type">
            {(field, input) => (
              <RadioGroup
                field={field}
                input={input}
                legend={t("field.legalBasis")}
                options={[
                  { value: "consent", label: t("legalBasis.consent") },
                  { value: "public_task", label: t("legalBasis.public_task") },
                ]}
                required
              />
            )}
          </Field>
          <Show when={basisType() === "consent"}>
            <fieldset class="subsection">
              <legend>{t("newReferral.consentDetails")}</legend>
              <Show when={needsGuardian()}>
                <p class="alert alert-info small" role="status">
                  {t("newReferral.guardianNeeded")}
                </p>
              </Show>
              <Field name="legalBasis.givenBy">
                {(field, input) => (
                  <RadioGroup
                    field={field}
                    input={input}
                    legend={t("field.consentGivenBy")}
                    options={options(CONSENT_GIVERS, "consentGiver")}
                    inline
                    required
                  />
                )}
              </Field>
              <Show when={givenBy() === "guardian"}>
                <div class="grid-2">
                  <Field name="legalBasis.guardianName">
                    {(field, input) => (
                      <TextField
                        field={field}
                        input={input}
                        label={t("field.guardianName")}
                        autocomplete="off"
                        required
                      />
                    )}
                  </Field>
                  <Field name="legalBasis.guardianRelationship">
                    {(field, input) => (
                      <TextField
                        field={field}
                        input={input}
                        label={t("field.guardianRelationship")}
                        hint={t("hint.guardianRelationship")}
                        autocomplete="off"
                      />
                    )}
                  </Field>
                </div>
              </Show>
              <div class="grid-2">
                <Field name="legalBasis.givenAt">
                  {(field, input) => (
                    <TextField
                      field={field}
                      input={input}
                      label={t("field.consentGivenAt")}
                      type="date"
                      max={today()}
                      required
                    />
                  )}
                </Field>
                <Field name="legalBasis.method">
                  {(field, input) => (
                    <SelectField
                      field={field}
                      input={input}
                      label={t("field.consentMethod")}
                      options={options(CONSENT_METHODS, "consentMethod")}
                      placeholder={t("form.choose")}
                      required
                    />
                  )}
                </Field>
              </div>
            </fieldset>
          </Show>
          <Show when={basisType() === "public_task"}>
            <Field name="legalBasis.reference">
              {(field, input) => (
                <TextField
                  field={field}
                  input={input}
                  label={t("field.legalReference")}
                  hint={t("hint.legalReference")}
                  required
                />
              )}
            </Field>
          </Show>
        </fieldset>

        <FormActions
          busy={create.isPending}
          label={t("newReferral.submit")}
          busyLabel={t("newReferral.busy")}
          error={create.error}
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
