import { EndpointCreate, EVENT_TYPES, type EventType } from "@atensi/contracts";
import { reset } from "@modular-forms/solid";
import { A } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { EndpointStateBadge } from "../../components/badges";
import { FormCheckboxes, FormText } from "../../components/fields";
import { applyProblem, createAppForm, dropEmpty, FormActions, schemaValidator } from "../../components/form";
import { Loading, ProblemAlert } from "../../components/problem";
import { SecretOnce } from "../../components/secret";
import { type EndpointWithSecret, useCreateEndpoint, useEndpoints } from "../../data/programs";
import { t, tx } from "../../i18n";

type EndpointFormValues = { url: string; description: string; eventTypes: string[] };

/** The events an endpoint subscribes to, in words; none chosen means every event. */
export const eventsSummary = (eventTypes: readonly string[]) =>
  eventTypes.length ? eventTypes.map((e) => tx(`event.${e}`)).join(", ") : t("endpoint.allEvents");

const NewEndpointForm = (props: { programID: string; onCreated: (e: EndpointWithSecret) => void }) => {
  const create = useCreateEndpoint();
  const [form, { Form }] = createAppForm<EndpointFormValues>({
    initialValues: { url: "", description: "", eventTypes: [] },
    validate: schemaValidator<EndpointFormValues>(EndpointCreate, dropEmpty),
  });
  const submit = async (values: EndpointFormValues) => {
    try {
      const input = dropEmpty(values) as { url: string; description?: string; eventTypes: EventType[] };
      props.onCreated(await create.mutateAsync({ programID: props.programID, ...input }));
      reset(form);
    } catch (error) {
      applyProblem(form, error);
    }
  };
  return (
    <Form onSubmit={submit} class="form" aria-label={t("endpoints.create")}>
      <FormText
        of={form}
        name="url"
        label={t("field.endpointUrl")}
        hint={t("hint.endpointUrl")}
        type="url"
        inputmode="url"
        autocomplete="off"
        spellcheck={false}
        required
      />
      <FormText of={form} name="description" label={t("field.description")} autocomplete="off" />
      <FormCheckboxes
        of={form}
        name="eventTypes"
        legend={t("field.eventTypes")}
        hint={t("hint.eventTypes")}
        options={EVENT_TYPES.map((e) => ({ value: e, label: `${tx(`event.${e}`)} (${e})` }))}
      />
      <FormActions
        busy={create.isPending}
        label={t("endpoints.create")}
        busyLabel={t("endpoints.creating")}
        error={create.error}
      />
    </Form>
  );
};

/** A programme's webhook endpoints; admins register new ones (the signing secret shown once). */
export const EndpointsSection = (props: { programID: string; manage: boolean }) => {
  const endpoints = useEndpoints(() => props.programID);
  const [created, setCreated] = createSignal<EndpointWithSecret>();
  const [adding, setAdding] = createSignal(false);
  return (
    <section class="card" aria-labelledby="endpoints-heading" data-testid="endpoints">
      <h2 id="endpoints-heading">{t("endpoints.title")}</h2>
      <p class="muted small">{t("endpoints.explain")}</p>
      <Show when={created()}>
        {(endpoint) => (
          <SecretOnce
            title={t("endpoints.createdTitle")}
            label={t("endpoints.secretLabel")}
            secret={endpoint().secret}
            warning={t("endpoints.once")}
            note={t("endpoints.verifyHint")}
            onClose={() => setCreated(undefined)}
            testid="endpoint-secret"
          />
        )}
      </Show>
      <Switch>
        <Match when={endpoints.isPending}>
          <Loading />
        </Match>
        <Match when={endpoints.isError}>
          <ProblemAlert error={endpoints.error} />
        </Match>
        <Match when={endpoints.data?.items.length === 0}>
          <p class="empty">{t("endpoints.empty")}</p>
        </Match>
        <Match when={endpoints.data}>
          {(data) => (
            <ul class="endpoint-list">
              <For each={data().items}>
                {(endpoint) => (
                  <li data-testid={`endpoint-${endpoint.id}`}>
                    <div class="timeline-head">
                      <A href={`/endpoints/${endpoint.id}`} class="break">
                        {endpoint.url}
                      </A>
                      <EndpointStateBadge enabled={endpoint.enabled} />
                    </div>
                    <Show when={endpoint.description}>
                      <p class="small">{endpoint.description}</p>
                    </Show>
                    <p class="small muted">{eventsSummary(endpoint.eventTypes)}</p>
                  </li>
                )}
              </For>
            </ul>
          )}
        </Match>
      </Switch>
      <Show when={props.manage}>
        <Show
          when={adding()}
          fallback={
            <button type="button" class="button" aria-expanded="false" onClick={() => setAdding(true)}>
              {t("endpoints.add")}
            </button>
          }
        >
          <h3>{t("endpoints.create")}</h3>
          <NewEndpointForm
            programID={props.programID}
            onCreated={(endpoint) => {
              setAdding(false);
              setCreated(endpoint);
            }}
          />
          <button type="button" class="button link" onClick={() => setAdding(false)}>
            {t("common.cancel")}
          </button>
        </Show>
      </Show>
    </section>
  );
};
