import { ProgramUpdate } from "@atensi/contracts";
import { A, useLocation, useParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import * as v from "valibot";
import { isApiError } from "../../api";
import { applyProblem, createAppForm, dropEmpty, FormActions, schemaValidator } from "../../components/form";
import { PageHeading } from "../../components/page";
import { QueryPage } from "../../components/query-view";
import { type Program, useProgram, useUpdateProgram } from "../../data/programs";
import { can, type Session } from "../../data/session";
import { formatDateTime, t, tx } from "../../i18n";
import { ApiKeysSection } from "./api-keys";
import { EndpointsSection } from "./endpoints";
import type { ProgramCreatedState } from "./new-program";
import { ProgramFields, type ProgramFieldValues } from "./program-fields";

const isStale = (error: unknown) => isApiError(error) && error.status === 412;

const valuesOf = (p: Program): ProgramFieldValues => ({
  name: p.name,
  owningUnit: p.owningUnit,
  kind: p.kind,
  allowedFields: [...p.allowedFields],
});

const same = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b)
    ? [...a].sort().join() === [...b].sort().join()
    : JSON.stringify(a) === JSON.stringify(b);

/** Only the fields whose (normalised) value differs from the programme on screen. */
const changesOf = (program: Program, values: ProgramFieldValues): ProgramUpdate => {
  const next = v.parse(ProgramUpdate, dropEmpty(values)) as Record<string, unknown>;
  const current = valuesOf(program) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(next).filter(([key, value]) => value !== undefined && !same(value, current[key])),
  ) as ProgramUpdate;
};

const EditProgram = (props: {
  program: Program;
  update: ReturnType<typeof useUpdateProgram>;
  onDone: (saved: boolean) => void;
}) => {
  const update = props.update;
  const [unchanged, setUnchanged] = createSignal(false);
  const [form, { Form }] = createAppForm<ProgramFieldValues>({
    initialValues: valuesOf(props.program),
    validate: schemaValidator<ProgramFieldValues>(ProgramUpdate, dropEmpty),
  });
  const submit = async (values: ProgramFieldValues) => {
    setUnchanged(false);
    const changes = changesOf(props.program, values);
    if (Object.keys(changes).length === 0) {
      setUnchanged(true);
      return;
    }
    try {
      await update.mutateAsync({ id: props.program.id, version: props.program.version, changes });
      props.onDone(true);
    } catch (error) {
      applyProblem(form, error);
    }
  };
  return (
    <Form onSubmit={submit} class="form" aria-label={t("program.edit")}>
      <ProgramFields of={form} />
      <Show when={unchanged()}>
        <p class="alert" role="status">
          {t("profileEdit.noChanges")}
        </p>
      </Show>
      <FormActions
        busy={update.isPending}
        label={t("profileEdit.submit")}
        error={isStale(update.error) ? undefined : update.error}
        errorTestid="program-edit-error"
      >
        <button type="button" class="button link" onClick={() => props.onDone(false)}>
          {t("common.cancel")}
        </button>
      </FormActions>
    </Form>
  );
};

const ProgramDetails = (props: { program: Program }) => (
  <dl class="details">
    <dt>{t("field.programCode")}</dt>
    <dd>{props.program.code}</dd>
    <dt>{t("field.programName")}</dt>
    <dd>{props.program.name}</dd>
    <dt>{t("field.owningUnit")}</dt>
    <dd>{props.program.owningUnit}</dd>
    <dt>{t("field.programKind")}</dt>
    <dd>{tx(`programKind.${props.program.kind}`)}</dd>
    <dt>{t("field.allowedFields")}</dt>
    <dd>
      <Show when={props.program.allowedFields.length} fallback={t("program.noFields")}>
        <ul class="tags" data-testid="program-allowed-fields">
          <For each={props.program.allowedFields}>{(f) => <li>{tx(`beneficiaryField.${f}`)}</li>}</For>
        </ul>
      </Show>
    </dd>
    <dt>{t("field.updatedAt")}</dt>
    <dd>
      {formatDateTime(props.program.updatedAt)} · {t("program.version", { n: props.program.version })}
    </dd>
  </dl>
);

/** One programme: its details (admins edit them), API keys and webhook endpoints. */
export const ProgramDetailPage = (props: { session: Session }) => {
  const params = useParams();
  const location = useLocation<ProgramCreatedState>();
  const program = useProgram(() => params.id ?? "");
  const update = useUpdateProgram();
  const [editing, setEditing] = createSignal(false);
  const [saved, setSaved] = createSignal(false);
  const manageProgram = () => can(props.session, "program.manage");
  const manageIntegration = () => can(props.session, "integration.manage");
  return (
    <section class="page">
      <p class="breadcrumb">
        <A href="/programs">← {t("programs.back")}</A>
      </p>
      <QueryPage query={program} errorTitle={t("program.title")}>
        {(p) => (
          <>
            <PageHeading title={`${p().code} · ${p().name}`} lead={p().owningUnit} />
            <div aria-live="polite">
              <Show when={location.state?.programCreated && !saved()}>
                <p class="alert alert-success">{t("program.created")}</p>
              </Show>
              <Show when={saved()}>
                <p class="alert alert-success" data-testid="program-saved">
                  {t("program.saved")}
                </p>
              </Show>
            </div>
            <section class="card" aria-labelledby="program-details">
              <div class="section-heading">
                <h2 id="program-details">{t("program.details")}</h2>
                <Show when={manageProgram() && !editing()}>
                  <button
                    type="button"
                    class="button"
                    onClick={() => {
                      update.reset();
                      setSaved(false);
                      setEditing(true);
                    }}
                  >
                    {t("program.edit")}
                  </button>
                </Show>
              </div>
              <Show when={editing()} fallback={<ProgramDetails program={p()} />}>
                <Show when={isStale(update.error)}>
                  <p class="alert alert-error" role="alert" data-testid="program-stale">
                    {t("program.stale")}
                  </p>
                </Show>
                {/* A new version (after a 412 and the reload) starts the form again from its values. */}
                <Show when={p().version} keyed>
                  {(_version) => (
                    <EditProgram
                      program={p()}
                      update={update}
                      onDone={(ok) => {
                        setEditing(false);
                        setSaved(ok);
                      }}
                    />
                  )}
                </Show>
              </Show>
            </section>
            <ApiKeysSection programID={p().id} manage={manageIntegration()} />
            <EndpointsSection programID={p().id} manage={manageIntegration()} />
          </>
        )}
      </QueryPage>
    </section>
  );
};
