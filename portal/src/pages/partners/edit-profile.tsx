import { PartnerUpdate } from "@atensi/contracts";
import { A, useNavigate } from "@solidjs/router";
import { createSignal, onMount, Show } from "solid-js";
import * as v from "valibot";
import { isApiError } from "../../api";
import { applyProblem, createAppForm, dropEmpty, FormActions, schemaValidator } from "../../components/form";
import { PageHeading } from "../../components/page";
import {
  AccreditationSection,
  AddressField,
  ContactsSection,
  NpwpField,
  type ProfileFieldValues,
  ServicesSection,
} from "../../components/partner-fields";
import { QueryPage } from "../../components/query-view";
import { type Partner, useMyPartner, useUpdatePartner } from "../../data/partners";
import { provinceName, regencyName } from "../../data/regions";
import { t, tx } from "../../i18n";

/** What the profile page shows after a successful save (passed as navigation state). */
export type ProfileSavedState = { profileSaved?: boolean };

const isStale = (error: unknown) => isApiError(error) && error.status === 412;

const valuesOf = (p: Partner): ProfileFieldValues => ({
  npwp: p.npwp ?? "",
  accreditation: { grade: p.accreditation.grade, accreditedOn: p.accreditation.accreditedOn },
  address: p.address,
  clusters: [...p.clusters],
  serviceBases: [...p.serviceBases],
  contacts: p.contacts.map((c) => ({
    name: c.name,
    position: c.position ?? "",
    email: c.email,
    phone: c.phone,
  })),
});

/** A comparable form of a field's value: lists of choices ignore order, objects key order. */
const comparable = (value: unknown): string =>
  JSON.stringify(value, (_key, x: unknown) => {
    if (Array.isArray(x) && x.every((item) => typeof item === "string")) return [...x].sort();
    if (x && typeof x === "object" && !Array.isArray(x)) {
      return Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)));
    }
    return x;
  });

/**
 * The request body: the fields whose (normalised) value differs from the partner on screen.
 * An emptied optional NPWP is not sent (the API keeps the registered one).
 */
const changesOf = (partner: Partner, values: ProfileFieldValues): PartnerUpdate => {
  const next = v.parse(PartnerUpdate, dropEmpty(values));
  const current = dropEmpty(valuesOf(partner)) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(next).filter(
      ([key, value]) => value !== undefined && comparable(value) !== comparable(current[key]),
    ),
  ) as PartnerUpdate;
};

const EditForm = (props: {
  partner: Partner;
  mutation: ReturnType<typeof useUpdatePartner>;
  onStale: () => void;
}) => {
  const navigate = useNavigate();
  const [unchanged, setUnchanged] = createSignal(false);
  const [form, { Form }] = createAppForm<ProfileFieldValues>({
    initialValues: valuesOf(props.partner),
    validate: schemaValidator<ProfileFieldValues>(PartnerUpdate, dropEmpty),
  });

  const submit = async (values: ProfileFieldValues) => {
    setUnchanged(false);
    const changes = changesOf(props.partner, values);
    if (Object.keys(changes).length === 0) {
      setUnchanged(true);
      return;
    }
    try {
      await props.mutation.mutateAsync({ id: props.partner.id, version: props.partner.version, changes });
      navigate("/profile", { state: { profileSaved: true } satisfies ProfileSavedState });
    } catch (error) {
      if (isStale(error)) props.onStale();
      else applyProblem(form, error);
    }
  };

  return (
    <Form onSubmit={submit} class="form" aria-label={t("profileEdit.title")}>
      <fieldset class="card section">
        <legend>{t("register.sectionInstitution")}</legend>
        <NpwpField of={form} />
      </fieldset>
      <AccreditationSection of={form} />
      <fieldset class="card section">
        <legend>{t("register.sectionAddress")}</legend>
        <AddressField of={form} />
      </fieldset>
      <ServicesSection of={form} />
      <ContactsSection of={form} />
      <Show when={unchanged()}>
        <p class="alert" role="status">
          {t("profileEdit.noChanges")}
        </p>
      </Show>
      <FormActions
        busy={props.mutation.isPending}
        label={t("profileEdit.submit")}
        error={isStale(props.mutation.error) ? undefined : props.mutation.error}
        errorTestid="profile-edit-error"
      >
        <A href="/profile" class="button link">
          {t("common.cancel")}
        </A>
      </FormActions>
    </Form>
  );
};

/** What Kemensos verified and only Kemensos changes: shown, not editable. */
const VerifiedDetails = (props: { partner: Partner }) => (
  <section class="card section" aria-labelledby="profile-edit-fixed" data-testid="profile-fixed">
    <h2 id="profile-edit-fixed">{t("profileEdit.fixed")}</h2>
    <p class="hint">{t("profileEdit.fixedHint")}</p>
    <dl class="details">
      <dt>{t("field.partnerName")}</dt>
      <dd>{props.partner.name}</dd>
      <dt>{t("field.legalForm")}</dt>
      <dd>{tx(`legalForm.${props.partner.legalForm}`)}</dd>
      <dt>{t("field.registrationNumber")}</dt>
      <dd>{props.partner.registrationNumber}</dd>
      <dt>{t("field.region")}</dt>
      <dd>
        {regencyName(props.partner.regencyCode)}, {provinceName(props.partner.provinceCode)}
      </dd>
    </dl>
  </section>
);

/** The LKS admin edits its own institution's profile. */
export const EditProfilePage = () => {
  const partner = useMyPartner();
  const update = useUpdatePartner();
  const [stale, setStale] = createSignal(false);
  let alert: HTMLDivElement | undefined;
  onMount(() => update.reset());
  const onStale = () => {
    setStale(true);
    requestAnimationFrame(() => alert?.focus());
  };
  return (
    <section class="page">
      <p class="breadcrumb">
        <A href="/profile">← {t("nav.profile")}</A>
      </p>
      <QueryPage query={partner} errorTitle={t("profileEdit.title")}>
        {(p) => (
          <>
            <PageHeading title={t("profileEdit.title")} lead={t("profileEdit.lead", { name: p().name })} />
            <p class="muted small">{t("form.requiredNote")}</p>
            <Show when={stale()}>
              <div
                ref={alert}
                class="alert alert-error"
                role="alert"
                tabindex="-1"
                data-testid="profile-stale"
              >
                <p>{t("profileEdit.stale")}</p>
              </div>
            </Show>
            <VerifiedDetails partner={p()} />
            {/* A new version (after a 412 and the reload) starts the form again from its values. */}
            <Show when={p().version} keyed>
              {(_version) => <EditForm partner={p()} mutation={update} onStale={onStale} />}
            </Show>
          </>
        )}
      </QueryPage>
    </section>
  );
};
