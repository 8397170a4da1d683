import { BENEFICIARY_FIELDS, PROGRAM_KINDS } from "@atensi/contracts";
import type { FormStore } from "@modular-forms/solid";
import { FormCheckboxes, FormSelect, FormText } from "../../components/fields";
import { t, tx } from "../../i18n";

/** The programme fields both the create and the edit form have, under the API's names. */
export type ProgramFieldValues = { name: string; owningUnit: string; kind: string; allowedFields: string[] };

// biome-ignore lint/suspicious/noExplicitAny: any form whose values include ProgramFieldValues
type ProgramForm = FormStore<any, undefined>;

export const ProgramFields = (props: { of: ProgramForm }) => (
  <>
    <FormText
      of={props.of}
      name="name"
      label={t("field.programName")}
      hint={t("hint.programName")}
      required
    />
    <FormText
      of={props.of}
      name="owningUnit"
      label={t("field.owningUnit")}
      hint={t("hint.owningUnit")}
      required
    />
    <FormSelect
      of={props.of}
      name="kind"
      label={t("field.programKind")}
      options={PROGRAM_KINDS.map((k) => ({ value: k, label: tx(`programKind.${k}`) }))}
      placeholder={t("form.choose")}
      required
    />
    <FormCheckboxes
      of={props.of}
      name="allowedFields"
      legend={t("field.allowedFields")}
      hint={t("hint.allowedFields")}
      options={BENEFICIARY_FIELDS.map((f) => ({ value: f, label: tx(`beneficiaryField.${f}`) }))}
    />
  </>
);
