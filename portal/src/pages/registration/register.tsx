import { LEGAL_FORMS, PartnerRegistration, type PartnerRegistrationInput } from "@atensi/contracts";
import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { FormEmail, FormSelect, FormText } from "../../components/fields";
import { applyProblem, createAppForm, dropEmpty, FormActions, schemaValidator } from "../../components/form";
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
import { RegionSelects } from "../../components/region-fields";
import { type Partner, useRegisterPartner } from "../../data/partners";
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
  const [showPassword, setShowPassword] = createSignal(false);
  const [registered, setRegistered] = createSignal<{ partner: Partner; email: string }>();
  const [form, { Form }] = createAppForm<RegistrationForm>({
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
              <FormText
                of={form}
                name="name"
                label={t("field.partnerName")}
                hint={t("hint.partnerName")}
                autocomplete="organization"
                required
              />
              <FormSelect
                of={form}
                name="legalForm"
                label={t("field.legalForm")}
                options={legalForms()}
                placeholder={t("form.choose")}
                required
              />
              <FormText
                of={form}
                name="registrationNumber"
                label={t("field.registrationNumber")}
                hint={t("hint.registrationNumber")}
                required
              />
              <NpwpField of={form} />
            </fieldset>

            <AccreditationSection of={form} />

            <fieldset class="card section">
              <legend>{t("register.sectionAddress")}</legend>
              <RegionSelects of={form} province="provinceCode" regency="regencyCode" />
              <AddressField of={form} />
            </fieldset>

            <ServicesSection of={form} />

            <ContactsSection of={form} />

            <fieldset class="card section">
              <legend>{t("register.sectionAdmin")}</legend>
              <p class="hint">{t("register.adminLead")}</p>
              <FormText
                of={form}
                name="admin.name"
                label={t("field.adminName")}
                autocomplete="name"
                required
              />
              <FormEmail of={form} name="admin.email" label={t("field.adminEmail")} />
              <FormText
                of={form}
                name="admin.password"
                label={t("field.password")}
                hint={t("hint.password")}
                type={showPassword() ? "text" : "password"}
                autocomplete="new-password"
                required
              />
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
