import { ProgramCreate } from "@atensi/contracts";
import { A, useNavigate } from "@solidjs/router";
import { FormText } from "../../components/fields";
import { applyProblem, createAppForm, dropEmpty, FormActions, schemaValidator } from "../../components/form";
import { PageHeading } from "../../components/page";
import { useCreateProgram } from "../../data/programs";
import { t } from "../../i18n";
import { ProgramFields, type ProgramFieldValues } from "./program-fields";

type ProgramFormValues = ProgramFieldValues & { code: string };

/** What the programme page shows after it was created (passed as navigation state). */
export type ProgramCreatedState = { programCreated?: boolean };

/** An admin registers a receiving programme. */
export const NewProgramPage = () => {
  const navigate = useNavigate();
  const create = useCreateProgram();
  const [form, { Form }] = createAppForm<ProgramFormValues>({
    initialValues: { code: "", name: "", owningUnit: "", kind: "", allowedFields: [] },
    validate: schemaValidator<ProgramFormValues>(ProgramCreate, dropEmpty),
  });
  const submit = async (values: ProgramFormValues) => {
    try {
      const program = await create.mutateAsync(dropEmpty(values) as ProgramCreate);
      navigate(`/programs/${program.id}`, { state: { programCreated: true } satisfies ProgramCreatedState });
    } catch (error) {
      applyProblem(form, error, { program_code_taken: "code" });
    }
  };
  return (
    <section class="page">
      <p class="breadcrumb">
        <A href="/programs">← {t("programs.back")}</A>
      </p>
      <PageHeading title={t("newProgram.title")} lead={t("newProgram.lead")} />
      <p class="muted small">{t("form.requiredNote")}</p>
      <Form onSubmit={submit} class="form" aria-label={t("newProgram.title")}>
        <fieldset class="card section">
          <legend>{t("newProgram.section")}</legend>
          <FormText
            of={form}
            name="code"
            label={t("field.programCode")}
            hint={t("hint.programCode")}
            autocomplete="off"
            spellcheck={false}
            required
          />
          <ProgramFields of={form} />
        </fieldset>
        <FormActions busy={create.isPending} label={t("newProgram.submit")} error={create.error}>
          <A href="/programs" class="button link">
            {t("common.cancel")}
          </A>
        </FormActions>
      </Form>
    </section>
  );
};
