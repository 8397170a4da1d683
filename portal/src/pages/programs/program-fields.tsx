import { BENEFICIARY_FIELDS, PROGRAM_KINDS } from "@atensi/contracts";
import { Field, type FormStore } from "@modular-forms/solid";
import { CheckboxGroup, SelectField, TextField } from "../../components/form";
import { t, tx } from "../../i18n";

/** The programme fields both the create and the edit form have, under the API's names. */
export type ProgramFieldValues = { name: string; owningUnit: string; kind: string; allowedFields: string[] };

// biome-ignore lint/suspicious/noExplicitAny: any form whose values include ProgramFieldValues
type ProgramForm = FormStore<any, undefined>;

export const ProgramFields = (props: { of: ProgramForm }) => (
  <>
    <Field of={props.of} name="name">
      {(field, input) => (
        <TextField
          field={field}
          input={input}
          label={t("field.programName")}
          hint={t("hint.programName")}
          required
        />
      )}
    </Field>
    <Field of={props.of} name="owningUnit">
      {(field, input) => (
        <TextField
          field={field}
          input={input}
          label={t("field.owningUnit")}
          hint={t("hint.owningUnit")}
          required
        />
      )}
    </Field>
    <Field of={props.of} name="kind">
      {(field, input) => (
        <SelectField
          field={field}
          input={input}
          label={t("field.programKind")}
          options={PROGRAM_KINDS.map((k) => ({ value: k, label: tx(`programKind.${k}`) }))}
          placeholder={t("form.choose")}
          required
        />
      )}
    </Field>
    <Field of={props.of} name="allowedFields" type="string[]">
      {(field, input) => (
        <CheckboxGroup
          field={field}
          input={input}
          legend={t("field.allowedFields")}
          hint={t("hint.allowedFields")}
          options={BENEFICIARY_FIELDS.map((f) => ({ value: f, label: tx(`beneficiaryField.${f}`) }))}
        />
      )}
    </Field>
  </>
);
