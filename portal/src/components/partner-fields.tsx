import {
  ACCREDITATION_GRADES,
  ACCREDITATION_VALIDITY_YEARS,
  CLUSTERS,
  SERVICE_BASES,
} from "@atensi/contracts";
import { FieldArray, type FormStore, getValue, insert, remove } from "@modular-forms/solid";
import { For, Show } from "solid-js";
import { formatDate, t, tm, tx } from "../i18n";
import { FormCheckboxes, FormEmail, FormSelect, FormText } from "./fields";

/**
 * The profile fields an LKS fills in at registration and its admin later edits, shared by the
 * registration form and the profile edit form. Both forms' values include `ProfileFieldValues`
 * under the same names (the API's), so these sections bind to either form.
 */
export type ContactValues = { name: string; position: string; email: string; phone: string };
export type ProfileFieldValues = {
  npwp: string;
  accreditation: { grade: string; accreditedOn: string };
  address: string;
  clusters: string[];
  serviceBases: string[];
  contacts: ContactValues[];
};

// biome-ignore lint/suspicious/noExplicitAny: any form whose values include ProfileFieldValues
type ProfileForm = FormStore<any, undefined>;

export const MAX_CONTACTS = 5;
export const emptyContact = (): ContactValues => ({ name: "", position: "", email: "", phone: "" });
const today = () => new Date().toISOString().slice(0, 10);

export const expiryOf = (grade: string | undefined, accreditedOn: string | undefined) => {
  if (!grade || !accreditedOn || !/^\d{4}-\d{2}-\d{2}$/.test(accreditedOn)) return undefined;
  const years = ACCREDITATION_VALIDITY_YEARS[grade as keyof typeof ACCREDITATION_VALIDITY_YEARS];
  if (!years) return undefined;
  const d = new Date(`${accreditedOn}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return undefined;
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
};

export const NpwpField = (props: { of: ProfileForm }) => (
  <FormText of={props.of} name="npwp" label={t("field.npwp")} hint={t("hint.npwp")} inputmode="numeric" />
);

export const AddressField = (props: { of: ProfileForm }) => (
  <FormText
    of={props.of}
    name="address"
    label={t("field.address")}
    hint={t("hint.address")}
    multiline
    autocomplete="street-address"
    required
  />
);

export const AccreditationSection = (props: { of: ProfileForm }) => {
  const grades = () =>
    ACCREDITATION_GRADES.map((value) => ({
      value,
      label: t("register.gradeOption", { grade: value, years: ACCREDITATION_VALIDITY_YEARS[value] }),
    }));
  const expiry = () =>
    expiryOf(
      getValue(props.of, "accreditation.grade") as string | undefined,
      getValue(props.of, "accreditation.accreditedOn") as string | undefined,
    );
  return (
    <fieldset class="card section">
      <legend>{t("register.sectionAccreditation")}</legend>
      <div class="grid-2">
        <FormSelect
          of={props.of}
          name="accreditation.grade"
          label={t("field.grade")}
          options={grades()}
          placeholder={t("form.choose")}
          required
        />
        <FormText
          of={props.of}
          name="accreditation.accreditedOn"
          label={t("field.accreditedOn")}
          type="date"
          max={today()}
          required
        />
      </div>
      <Show when={expiry()}>
        {(date) => (
          <p class="hint" aria-live="polite">
            {t("register.expiryHint", { date: formatDate(date()) })}
          </p>
        )}
      </Show>
    </fieldset>
  );
};

export const ServicesSection = (props: { of: ProfileForm }) => {
  const clusters = () => CLUSTERS.map((value) => ({ value, label: tx(`cluster.${value}`) }));
  const bases = () => SERVICE_BASES.map((value) => ({ value, label: tx(`base.${value}`) }));
  return (
    <fieldset class="card section">
      <legend>{t("register.sectionServices")}</legend>
      <FormCheckboxes
        of={props.of}
        name="clusters"
        legend={t("field.clusters")}
        hint={t("hint.clusters")}
        options={clusters()}
        required
      />
      <FormCheckboxes
        of={props.of}
        name="serviceBases"
        legend={t("field.serviceBases")}
        hint={t("hint.serviceBases")}
        options={bases()}
        required
      />
    </fieldset>
  );
};

export const ContactsSection = (props: { of: ProfileForm }) => (
  <fieldset class="card section">
    <legend>{t("register.sectionContacts")}</legend>
    <FieldArray of={props.of} name="contacts">
      {(array) => (
        <>
          <For each={array.items}>
            {(_, index) => (
              <fieldset class="subsection">
                <legend>{t("register.contactN", { n: index() + 1 })}</legend>
                <div class="grid-2">
                  <FormText
                    of={props.of}
                    name={`contacts.${index()}.name`}
                    label={t("field.contactName")}
                    autocomplete="name"
                    required
                  />
                  <FormText
                    of={props.of}
                    name={`contacts.${index()}.position`}
                    label={t("field.position")}
                    autocomplete="organization-title"
                  />
                  <FormEmail of={props.of} name={`contacts.${index()}.email`} autocomplete="email" />
                  <FormText
                    of={props.of}
                    name={`contacts.${index()}.phone`}
                    label={t("field.phone")}
                    hint={t("hint.phone")}
                    type="tel"
                    autocomplete="tel"
                    required
                  />
                </div>
                <Show when={array.items.length > 1}>
                  <button
                    type="button"
                    class="button link danger"
                    onClick={() => remove(props.of, "contacts", { at: index() })}
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
              onClick={() => insert(props.of, "contacts", { value: emptyContact() })}
            >
              {t("register.addContact")}
            </button>
          </Show>
        </>
      )}
    </FieldArray>
  </fieldset>
);
