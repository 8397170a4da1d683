import {
  ACCREDITATION_GRADES,
  ACCREDITATION_VALIDITY_YEARS,
  CLUSTERS,
  LEGAL_FORMS,
  PartnerRegistration,
  type PartnerRegistrationInput,
  SERVICE_BASES,
} from "@atensi/contracts";
import { getValue, insert, remove, setValue } from "@modular-forms/solid";
import { A } from "@solidjs/router";
import { createEffect, createSignal, For, on, Show } from "solid-js";
import {
  applyProblem,
  CheckboxGroup,
  createAppForm,
  dropEmpty,
  FormActions,
  SelectField,
  schemaValidator,
  TextField,
} from "../../components/form";
import { PageHeading } from "../../components/page";
import { type Partner, useRegisterPartner } from "../../data/partners";
import { useProvinces, useRegencies } from "../../data/regions";
import { formatDate, t, tm, tx } from "../../i18n";

type ContactValues = { name: string; position: string; email: string; phone: string };
type RegistrationForm = {
  name: string;
  legalForm: string;
  registrationNumber: string;
  npwp: string;
  accreditation: { grade: string; accreditedOn: string };
  provinceCode: string;
  regencyCode: string;
  address: string;
  clusters: string[];
  serviceBases: string[];
  contacts: ContactValues[];
  admin: { name: string; email: string; password: string };
};

const MAX_CONTACTS = 5;
const emptyContact = (): ContactValues => ({ name: "", position: "", email: "", phone: "" });
const today = () => new Date().toISOString().slice(0, 10);

const expiryOf = (grade: string | undefined, accreditedOn: string | undefined) => {
  if (!grade || !accreditedOn || !/^\d{4}-\d{2}-\d{2}$/.test(accreditedOn)) return undefined;
  const years = ACCREDITATION_VALIDITY_YEARS[grade as keyof typeof ACCREDITATION_VALIDITY_YEARS];
  if (!years) return undefined;
  const d = new Date(`${accreditedOn}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return undefined;
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
};

/** The conflict answers that belong to one field of this form. */
const CONFLICT_FIELDS = { registration_number_taken: "registrationNumber", email_taken: "admin.email" };

const Done = (props: { partner: Partner; email: string }) => {
  let heading!: HTMLHeadingElement;
  queueMicrotask(() => heading?.focus());
  return (
    <section class="page narrow">
      <div class="card success-card" data-testid="registration-done">
        <h1 ref={heading} tabindex="-1">
          {t("register.doneTitle")}
        </h1>
        <p>{t("register.doneBody", { name: props.partner.name })}</p>
        <p>{t("register.doneNext", { email: props.email })}</p>
        <p class="status-line">
          {t("field.status")}:{" "}
          <span class="badge badge-pending_verification">{tx(`status.${props.partner.status}`)}</span>
        </p>
        <A href="/" class="button">
          {t("register.doneHome")}
        </A>
      </div>
    </section>
  );
};

export const RegisterPage = () => {
  const registration = useRegisterPartner();
  const provinces = useProvinces();
  const [showPassword, setShowPassword] = createSignal(false);
  const [registered, setRegistered] = createSignal<{ partner: Partner; email: string }>();
  const [form, { Form, Field, FieldArray }] = createAppForm<RegistrationForm>({
    initialValues: {
      name: "",
      legalForm: "",
      registrationNumber: "",
      npwp: "",
      accreditation: { grade: "", accreditedOn: "" },
      provinceCode: "",
      regencyCode: "",
      address: "",
      clusters: [],
      serviceBases: [],
      contacts: [emptyContact()],
      admin: { name: "", email: "", password: "" },
    },
    validate: schemaValidator<RegistrationForm>(PartnerRegistration, dropEmpty),
  });

  const province = () => getValue(form, "provinceCode");
  const regencies = useRegencies(province);
  const expiry = () =>
    expiryOf(getValue(form, "accreditation.grade"), getValue(form, "accreditation.accreditedOn"));

  // A regency from another province no longer fits: clear it when the province changes.
  createEffect(
    on(province, (code) => {
      const regency = getValue(form, "regencyCode");
      if (regency && !regency.startsWith(code ?? "")) {
        setValue(form, "regencyCode", "", {
          shouldValidate: false,
          shouldTouched: false,
          shouldFocus: false,
        });
      }
    }),
  );

  const submit = async (values: RegistrationForm) => {
    try {
      const partner = await registration.mutateAsync(dropEmpty(values) as PartnerRegistrationInput);
      setRegistered({ partner, email: values.admin.email.trim().toLowerCase() });
      window.scrollTo({ top: 0 });
    } catch (error) {
      applyProblem(form, error, CONFLICT_FIELDS);
    }
  };

  const legalForms = () => LEGAL_FORMS.map((value) => ({ value, label: tx(`legalForm.${value}`) }));
  const grades = () =>
    ACCREDITATION_GRADES.map((value) => ({
      value,
      label: t("register.gradeOption", { grade: value, years: ACCREDITATION_VALIDITY_YEARS[value] }),
    }));
  const clusters = () => CLUSTERS.map((value) => ({ value, label: tx(`cluster.${value}`) }));
  const bases = () => SERVICE_BASES.map((value) => ({ value, label: tx(`base.${value}`) }));
  const provinceOptions = () => provinces.map((p) => ({ value: p.code, label: p.name }));
  const regencyOptions = () => regencies().map((r) => ({ value: r.code, label: r.name }));

  return (
    <Show
      when={registered()}
      fallback={
        <section class="page">
          <PageHeading title={t("register.title")} lead={t("register.lead")} />
          <p class="muted small">{t("form.requiredNote")}</p>
          <Form onSubmit={submit} class="form" aria-label={t("register.title")}>
            <fieldset class="card section">
              <legend>{t("register.sectionInstitution")}</legend>
              <Field name="name">
                {(field, input) => (
                  <TextField
                    field={field}
                    input={input}
                    label={t("field.partnerName")}
                    hint={t("hint.partnerName")}
                    autocomplete="organization"
                    required
                  />
                )}
              </Field>
              <Field name="legalForm">
                {(field, input) => (
                  <SelectField
                    field={field}
                    input={input}
                    label={t("field.legalForm")}
                    options={legalForms()}
                    placeholder={t("form.choose")}
                    required
                  />
                )}
              </Field>
              <Field name="registrationNumber">
                {(field, input) => (
                  <TextField
                    field={field}
                    input={input}
                    label={t("field.registrationNumber")}
                    hint={t("hint.registrationNumber")}
                    required
                  />
                )}
              </Field>
              <Field name="npwp">
                {(field, input) => (
                  <TextField
                    field={field}
                    input={input}
                    label={t("field.npwp")}
                    hint={t("hint.npwp")}
                    inputmode="numeric"
                  />
                )}
              </Field>
            </fieldset>

            <fieldset class="card section">
              <legend>{t("register.sectionAccreditation")}</legend>
              <div class="grid-2">
                <Field name="accreditation.grade">
                  {(field, input) => (
                    <SelectField
                      field={field}
                      input={input}
                      label={t("field.grade")}
                      options={grades()}
                      placeholder={t("form.choose")}
                      required
                    />
                  )}
                </Field>
                <Field name="accreditation.accreditedOn">
                  {(field, input) => (
                    <TextField
                      field={field}
                      input={input}
                      label={t("field.accreditedOn")}
                      type="date"
                      max={today()}
                      required
                    />
                  )}
                </Field>
              </div>
              <Show when={expiry()}>
                {(date) => (
                  <p class="hint" aria-live="polite">
                    {t("register.expiryHint", { date: formatDate(date()) })}
                  </p>
                )}
              </Show>
            </fieldset>

            <fieldset class="card section">
              <legend>{t("register.sectionAddress")}</legend>
              <div class="grid-2">
                <Field name="provinceCode">
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
                <Field name="regencyCode">
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
              <Field name="address">
                {(field, input) => (
                  <TextField
                    field={field}
                    input={input}
                    label={t("field.address")}
                    hint={t("hint.address")}
                    multiline
                    autocomplete="street-address"
                    required
                  />
                )}
              </Field>
            </fieldset>

            <fieldset class="card section">
              <legend>{t("register.sectionServices")}</legend>
              <Field name="clusters" type="string[]">
                {(field, input) => (
                  <CheckboxGroup
                    field={field}
                    input={input}
                    legend={t("field.clusters")}
                    hint={t("hint.clusters")}
                    options={clusters()}
                    required
                  />
                )}
              </Field>
              <Field name="serviceBases" type="string[]">
                {(field, input) => (
                  <CheckboxGroup
                    field={field}
                    input={input}
                    legend={t("field.serviceBases")}
                    hint={t("hint.serviceBases")}
                    options={bases()}
                    required
                  />
                )}
              </Field>
            </fieldset>

            <fieldset class="card section">
              <legend>{t("register.sectionContacts")}</legend>
              <FieldArray name="contacts">
                {(array) => (
                  <>
                    <For each={array.items}>
                      {(_, index) => (
                        <fieldset class="subsection">
                          <legend>{t("register.contactN", { n: index() + 1 })}</legend>
                          <div class="grid-2">
                            <Field name={`contacts.${index()}.name`}>
                              {(field, input) => (
                                <TextField
                                  field={field}
                                  input={input}
                                  label={t("field.contactName")}
                                  autocomplete="name"
                                  required
                                />
                              )}
                            </Field>
                            <Field name={`contacts.${index()}.position`}>
                              {(field, input) => (
                                <TextField
                                  field={field}
                                  input={input}
                                  label={t("field.position")}
                                  autocomplete="organization-title"
                                />
                              )}
                            </Field>
                            <Field name={`contacts.${index()}.email`}>
                              {(field, input) => (
                                <TextField
                                  field={field}
                                  input={input}
                                  label={t("field.email")}
                                  type="email"
                                  inputmode="email"
                                  autocomplete="email"
                                  required
                                />
                              )}
                            </Field>
                            <Field name={`contacts.${index()}.phone`}>
                              {(field, input) => (
                                <TextField
                                  field={field}
                                  input={input}
                                  label={t("field.phone")}
                                  hint={t("hint.phone")}
                                  type="tel"
                                  autocomplete="tel"
                                  required
                                />
                              )}
                            </Field>
                          </div>
                          <Show when={array.items.length > 1}>
                            <button
                              type="button"
                              class="button link danger"
                              onClick={() => remove(form, "contacts", { at: index() })}
                            >
                              {t("register.removeContact", { n: index() + 1 })}
                            </button>
                          </Show>
                        </fieldset>
                      )}
                    </For>
                    <Show when={array.error}>
                      <p class="field-error" role="alert">
                        {tm(array.error)}
                      </p>
                    </Show>
                    <Show when={array.items.length < MAX_CONTACTS}>
                      <button
                        type="button"
                        class="button"
                        onClick={() => insert(form, "contacts", { value: emptyContact() })}
                      >
                        {t("register.addContact")}
                      </button>
                    </Show>
                  </>
                )}
              </FieldArray>
            </fieldset>

            <fieldset class="card section">
              <legend>{t("register.sectionAdmin")}</legend>
              <p class="hint">{t("register.adminLead")}</p>
              <Field name="admin.name">
                {(field, input) => (
                  <TextField
                    field={field}
                    input={input}
                    label={t("field.adminName")}
                    autocomplete="name"
                    required
                  />
                )}
              </Field>
              <Field name="admin.email">
                {(field, input) => (
                  <TextField
                    field={field}
                    input={input}
                    label={t("field.adminEmail")}
                    type="email"
                    inputmode="email"
                    autocomplete="username"
                    required
                  />
                )}
              </Field>
              <Field name="admin.password">
                {(field, input) => (
                  <TextField
                    field={field}
                    input={input}
                    label={t("field.password")}
                    hint={t("hint.password")}
                    type={showPassword() ? "text" : "password"}
                    autocomplete="new-password"
                    required
                  />
                )}
              </Field>
              <label class="checkbox">
                <input
                  type="checkbox"
                  checked={showPassword()}
                  onChange={(e) => setShowPassword(e.currentTarget.checked)}
                />
                <span>{t("form.showPassword")}</span>
              </label>
            </fieldset>

            <FormActions
              busy={registration.isPending}
              label={t("register.submit")}
              busyLabel={t("register.busy")}
              error={registration.error}
              errorTestid="registration-error"
            />
          </Form>
        </section>
      }
    >
      {(done) => <Done partner={done().partner} email={done().email} />}
    </Show>
  );
};
