import {
  AgreementDraft,
  ATENSI_CRITERIA,
  CLUSTERS,
  REPORTING_CADENCES,
  SERVICE_BASES,
  SERVICE_FORMS,
} from "@atensi/contracts";
import {
  Field,
  type FormStore,
  getValue,
  getValues,
  insert,
  type PartialValues,
  remove,
  validate,
} from "@modular-forms/solid";
import { createEffect, createUniqueId, For, type JSX, on, Show } from "solid-js";
import { FormCheckboxes, FormRadios, FormSelect, FormText } from "../../components/fields";
import { createAppForm, dropEmpty, FormActions, optionsOf, schemaValidator } from "../../components/form";
import { RegionSelects } from "../../components/region-fields";
import type { Agreement } from "../../data/agreements";
import { formatNumber, t, tm } from "../../i18n";

export type RegionValues = { provinceCode: string; regencyCode: string };
export type TargetValues = { year: string; cluster: string; target: string };
export type AgreementFormValues = {
  title: string;
  scope: {
    clusters: string[];
    serviceForms: string[];
    bases: string[];
    targetCriteria: string[];
    regions: RegionValues[];
  };
  yearlyTargets: TargetValues[];
  valueRupiah: string;
  startDate: string;
  endDate: string;
  reportingCadence: string;
  supervisingUnit: string;
};

type AgreementForm = FormStore<AgreementFormValues, undefined>;

const MAX_REGIONS = 100;
const MAX_TARGETS = 100;

/** "12", " 12 " → 12; "" → absent; anything else stays as typed for the schema to name. */
const toNumber = (raw: string | undefined): unknown => {
  const s = (raw ?? "").trim();
  if (!s) return undefined;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
};

/** "Rp 250.000.000", "250000000" → 250000000; "" → absent; anything else as typed, for the schema. */
export const parseRupiah = (raw: string | undefined): unknown => {
  const s = (raw ?? "").replace(/^\s*Rp\.?\s*/i, "").trim();
  if (!s) return undefined;
  // Dots and spaces group thousands (as shown while typing), wherever they fall mid-edit.
  const digits = s.replace(/[.\s]/g, "");
  return /^\d+$/.test(digits) ? Number(digits) : s;
};

/** Digits grouped as they are typed: "250000000" → "250.000.000". */
const groupDigits = (raw: string) => {
  const parsed = parseRupiah(raw);
  return typeof parsed === "number" ? formatNumber(parsed) : raw;
};

/** The request body (AgreementDraft) from the form's values. */
export const toDraft = (values: PartialValues<AgreementFormValues>): unknown => {
  const scope = values.scope ?? {};
  return dropEmpty({
    title: values.title,
    scope: {
      clusters: scope.clusters ?? [],
      serviceForms: scope.serviceForms ?? [],
      bases: scope.bases ?? [],
      targetCriteria: scope.targetCriteria ?? [],
      regions: (scope.regions ?? []).map((r) => ({
        provinceCode: r?.provinceCode,
        regencyCode: r?.regencyCode,
      })),
    },
    yearlyTargets: (values.yearlyTargets ?? []).map((row) => ({
      year: toNumber(row?.year),
      cluster: row?.cluster,
      target: toNumber(row?.target),
    })),
    valueRupiah: parseRupiah(values.valueRupiah),
    startDate: values.startDate,
    endDate: values.endDate,
    reportingCadence: values.reportingCadence,
    supervisingUnit: values.supervisingUnit,
  });
};

const emptyRegion = (): RegionValues => ({ provinceCode: "", regencyCode: "" });
const emptyTarget = (): TargetValues => ({ year: "", cluster: "", target: "" });

export const emptyAgreement = (): AgreementFormValues => ({
  title: "",
  scope: { clusters: [], serviceForms: [], bases: [], targetCriteria: [], regions: [emptyRegion()] },
  yearlyTargets: [emptyTarget()],
  valueRupiah: "",
  startDate: "",
  endDate: "",
  reportingCadence: "",
  supervisingUnit: "",
});

/** The form's values from an agreement (to edit it). */
export const valuesOf = (a: Agreement): AgreementFormValues => ({
  title: a.title,
  scope: {
    clusters: [...a.scope.clusters],
    serviceForms: [...a.scope.serviceForms],
    bases: [...a.scope.bases],
    targetCriteria: [...a.scope.targetCriteria],
    regions: a.scope.regions.map((r) => ({ provinceCode: r.provinceCode, regencyCode: r.regencyCode ?? "" })),
  },
  yearlyTargets: a.yearlyTargets.map((y) => ({
    year: String(y.year),
    cluster: y.cluster,
    target: String(y.target),
  })),
  valueRupiah: a.valueRupiah === undefined ? "" : formatNumber(a.valueRupiah),
  startDate: a.startDate,
  endDate: a.endDate,
  reportingCadence: a.reportingCadence,
  supervisingUnit: a.supervisingUnit,
});

/** One row of the service area: a province and, optionally, one of its regencies. */
const RegionRow = (props: { of: AgreementForm; index: number; removable: boolean }) => (
  <fieldset class="subsection row-group" data-testid={`region-${props.index}`}>
    <legend>{t("agreementForm.regionN", { n: props.index + 1 })}</legend>
    <RegionSelects
      of={props.of}
      province={`scope.regions.${props.index}.provinceCode`}
      regency={`scope.regions.${props.index}.regencyCode`}
      regencyHint={t("agreementForm.regencyHint")}
      wholeProvince
    />
    <Show when={props.removable}>
      <button
        type="button"
        class="button link danger"
        onClick={() => remove(props.of, "scope.regions", { at: props.index })}
      >
        {t("agreementForm.removeRegion", { n: props.index + 1 })}
      </button>
    </Show>
  </fieldset>
);

/** The years of the term (or the next few when no dates are set yet), for the target rows. */
const termYears = (start: string | undefined, end: string | undefined) => {
  const from = /^\d{4}/.test(start ?? "") ? Number(start?.slice(0, 4)) : new Date().getFullYear();
  const to = /^\d{4}/.test(end ?? "") ? Number(end?.slice(0, 4)) : from + 4;
  const years: number[] = [];
  for (let y = from; y <= Math.min(to, from + 20); y++) years.push(y);
  return years;
};

const TargetRow = (props: { of: AgreementForm; index: number; removable: boolean }) => {
  const years = () =>
    termYears(getValue(props.of, "startDate"), getValue(props.of, "endDate")).map((y) => ({
      value: String(y),
      label: String(y),
    }));
  const clusters = () => {
    const chosen = getValue(props.of, "scope.clusters") ?? [];
    return optionsOf(chosen.length ? chosen : CLUSTERS, "cluster");
  };
  return (
    <fieldset class="subsection row-group" data-testid={`target-${props.index}`}>
      <legend>{t("agreementForm.targetN", { n: props.index + 1 })}</legend>
      <div class="grid-3">
        <FormSelect
          of={props.of}
          name={`yearlyTargets.${props.index}.year`}
          label={t("field.year")}
          options={years()}
          placeholder={t("form.choose")}
          required
        />
        <FormSelect
          of={props.of}
          name={`yearlyTargets.${props.index}.cluster`}
          label={t("field.cluster")}
          options={clusters()}
          placeholder={t("form.choose")}
          required
        />
        <FormText
          of={props.of}
          name={`yearlyTargets.${props.index}.target`}
          label={t("agreementForm.targetPersons")}
          inputmode="numeric"
          required
        />
      </div>
      <Show when={props.removable}>
        <button
          type="button"
          class="button link danger"
          onClick={() => remove(props.of, "yearlyTargets", { at: props.index })}
        >
          {t("agreementForm.removeTarget", { n: props.index + 1 })}
        </button>
      </Show>
    </fieldset>
  );
};

/** Whole rupiah, grouped with dots as it is typed ("250.000.000"). */
const RupiahField = (props: { of: AgreementForm }) => {
  const ids = { input: createUniqueId(), hint: createUniqueId(), error: createUniqueId() };
  return (
    <Field of={props.of} name="valueRupiah">
      {(field, input) => (
        <div class="field" classList={{ invalid: !!field.error }}>
          <label for={ids.input}>
            {t("field.valueRupiah")}
            <span class="optional"> ({t("form.optional")})</span>
          </label>
          <p id={ids.hint} class="hint">
            {t("agreementForm.valueHint")}
          </p>
          <div class="input-prefix">
            <span aria-hidden="true">Rp</span>
            <input
              {...input}
              id={ids.input}
              type="text"
              inputmode="numeric"
              autocomplete="off"
              value={groupDigits(field.value ?? "")}
              aria-invalid={field.error ? "true" : "false"}
              aria-describedby={[ids.hint, field.error && ids.error].filter(Boolean).join(" ")}
              data-testid="value-rupiah"
            />
          </div>
          <Show when={field.error}>
            <p id={ids.error} class="field-error">
              {tm(field.error)}
            </p>
          </Show>
        </div>
      )}
    </Field>
  );
};

/**
 * The whole agreement (AgreementDraft), checked field by field with the API's schema as it is
 * filled in. Rules across fields (the end after the start, targets within the term and scope)
 * are checked again when a field they depend on changes.
 */
export const AgreementForm = (props: {
  initial: AgreementFormValues;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (draft: AgreementDraft, form: AgreementForm) => Promise<void>;
  cancel: JSX.Element;
}) => {
  const [form, { Form, FieldArray }] = createAppForm<AgreementFormValues>({
    initialValues: props.initial,
    validate: schemaValidator<AgreementFormValues>(AgreementDraft, toDraft, { acrossFields: true }),
  });

  // Cross-field rules: re-check the dependent field once it has something in it.
  const recheck = (name: "endDate" | "yearlyTargets") => {
    const filled =
      name === "endDate"
        ? !!getValue(form, "endDate")
        : (getValues(form, "yearlyTargets") ?? []).some((row) => !!row?.target);
    if (filled) void validate(form, name, { shouldFocus: false });
  };
  createEffect(
    on(
      () => getValue(form, "startDate"),
      () => recheck("endDate"),
      { defer: true },
    ),
  );
  createEffect(
    on(
      () => [getValue(form, "startDate"), getValue(form, "endDate"), getValue(form, "scope.clusters")],
      () => recheck("yearlyTargets"),
      { defer: true },
    ),
  );

  return (
    <Form
      onSubmit={(values) => props.onSubmit(toDraft(values) as AgreementDraft, form)}
      class="form"
      aria-label={props.submitLabel}
    >
      <p class="muted small">{t("form.requiredNote")}</p>
      <fieldset class="card section">
        <legend>{t("agreementForm.sectionGeneral")}</legend>
        <FormText
          of={form}
          name="title"
          label={t("field.agreementTitle")}
          hint={t("agreementForm.titleHint")}
          required
        />
        <FormText
          of={form}
          name="supervisingUnit"
          label={t("field.supervisingUnit")}
          hint={t("agreementForm.unitHint")}
          required
        />
        <div class="grid-2">
          <FormText of={form} name="startDate" label={t("field.startDate")} type="date" required />
          <FormText of={form} name="endDate" label={t("field.endDate")} type="date" required />
        </div>
        <FormRadios
          of={form}
          name="reportingCadence"
          legend={t("field.reportingCadence")}
          options={optionsOf(REPORTING_CADENCES, "cadence")}
          inline
          required
        />
        <RupiahField of={form} />
      </fieldset>

      <fieldset class="card section">
        <legend>{t("agreementForm.sectionScope")}</legend>
        <FormCheckboxes
          of={form}
          name="scope.clusters"
          legend={t("field.clusters")}
          options={optionsOf(CLUSTERS, "cluster")}
          required
        />
        <FormCheckboxes
          of={form}
          name="scope.serviceForms"
          legend={t("field.serviceForms")}
          hint={t("agreementForm.serviceFormsHint")}
          options={optionsOf(SERVICE_FORMS, "serviceForm")}
          required
        />
        <FormCheckboxes
          of={form}
          name="scope.bases"
          legend={t("field.serviceBases")}
          options={optionsOf(SERVICE_BASES, "base")}
          required
        />
        <FormCheckboxes
          of={form}
          name="scope.targetCriteria"
          legend={t("field.targetCriteria")}
          hint={t("hint.criteria")}
          options={optionsOf(ATENSI_CRITERIA, "criterion")}
          required
        />
      </fieldset>

      <fieldset class="card section">
        <legend>{t("agreementForm.sectionRegions")}</legend>
        <p class="hint">{t("agreementForm.regionsHint")}</p>
        <FieldArray name="scope.regions">
          {(array) => (
            <>
              <For each={array.items}>
                {(_, index) => <RegionRow of={form} index={index()} removable={array.items.length > 1} />}
              </For>
              <Show when={array.error}>
                <p class="field-error" role="alert">
                  {tm(array.error)}
                </p>
              </Show>
              <Show when={array.items.length < MAX_REGIONS}>
                <button
                  type="button"
                  class="button"
                  onClick={() => insert(form, "scope.regions", { value: emptyRegion() })}
                >
                  {t("agreementForm.addRegion")}
                </button>
              </Show>
            </>
          )}
        </FieldArray>
      </fieldset>

      <fieldset class="card section">
        <legend>{t("agreementForm.sectionTargets")}</legend>
        <p class="hint">{t("agreementForm.targetsHint")}</p>
        <FieldArray name="yearlyTargets">
          {(array) => (
            <>
              <For each={array.items}>{(_, index) => <TargetRow of={form} index={index()} removable />}</For>
              <Show when={array.items.length === 0}>
                <p class="muted small">{t("agreementForm.noTargets")}</p>
              </Show>
              <Show when={array.error}>
                <p class="field-error" role="alert" data-testid="targets-error">
                  {tm(array.error)}
                </p>
              </Show>
              <Show when={array.items.length < MAX_TARGETS}>
                <button
                  type="button"
                  class="button"
                  onClick={() => insert(form, "yearlyTargets", { value: emptyTarget() })}
                >
                  {t("agreementForm.addTarget")}
                </button>
              </Show>
            </>
          )}
        </FieldArray>
      </fieldset>

      <FormActions
        busy={props.busy}
        label={props.submitLabel}
        error={props.error}
        errorTestid="agreement-error"
      >
        {props.cancel}
      </FormActions>
    </Form>
  );
};
