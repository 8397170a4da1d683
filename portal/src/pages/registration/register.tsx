import { LEGAL_FORMS, PartnerRegistration, type PartnerRegistrationInput } from "@atensi/contracts";
import { getValue, setValue } from "@modular-forms/solid";
import { A } from "@solidjs/router";
import { createEffect, createSignal, on, Show } from "solid-js";
import {
  applyProblem,
  createAppForm,
  dropEmpty,
  FormActions,
  SelectField,
  schemaValidator,
  TextField,
} from "../../components/form";
import { PageHeading } from "../../components/page";
import {
  AccreditationSection,
  AddressField,
  ContactsSection,
  emptyContact,
  NpwpField,
  type ProfileFieldValues,
  ServicesSection,
} from "../../components/partner-fields";
import { type Partner, useRegisterPartner } from "../../data/partners";
import { useProvinces, useRegencies } from "../../data/regions";
import { t, tx } from "../../i18n";

type RegistrationForm = ProfileFieldValues & {
  name: string;
  legalForm: string;
  registrationNumber: string;
  provinceCode: string;
  regencyCode: string;
  admin: { name: string; email: string; password: string };
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
  const [form, { Form, Field }] = createAppForm<RegistrationForm>({
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
              <NpwpField of={form} />
            </fieldset>

            <AccreditationSection of={form} />

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
              <AddressField of={form} />
            </fieldset>

            <ServicesSection of={form} />

            <ContactsSection of={form} />

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
