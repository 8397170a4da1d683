import { ApiKeyCreate } from "@atensi/contracts";
import { reset } from "@modular-forms/solid";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { FormText } from "../../components/fields";
import { applyProblem, createAppForm, FormActions, schemaValidator } from "../../components/form";
import { Loading, ProblemAlert } from "../../components/problem";
import { SecretOnce } from "../../components/secret";
import {
  type ApiKey,
  type ApiKeyCreated,
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
} from "../../data/programs";
import { formatDateTime, t } from "../../i18n";

const NewKeyForm = (props: { programID: string; onCreated: (key: ApiKeyCreated) => void }) => {
  const create = useCreateApiKey();
  const [form, { Form }] = createAppForm<{ name: string }>({
    initialValues: { name: "" },
    validate: schemaValidator<{ name: string }>(ApiKeyCreate),
  });
  const submit = async (values: { name: string }) => {
    try {
      props.onCreated(await create.mutateAsync({ programID: props.programID, name: values.name }));
      reset(form);
    } catch (error) {
      applyProblem(form, error);
    }
  };
  return (
    <Form onSubmit={submit} class="form inline-form" aria-label={t("apiKeys.create")}>
      <FormText
        of={form}
        name="name"
        label={t("field.keyName")}
        hint={t("hint.keyName")}
        autocomplete="off"
        required
      />
      <FormActions
        busy={create.isPending}
        label={t("apiKeys.create")}
        busyLabel={t("apiKeys.creating")}
        error={create.error}
      />
    </Form>
  );
};

/** Revoke after a confirm step; a revoked key stops working at once. */
const RevokeAction = (props: { programID: string; apiKey: ApiKey; onRevoked: (key: ApiKey) => void }) => {
  const revoke = useRevokeApiKey();
  const [confirming, setConfirming] = createSignal(false);
  const confirmID = `revoke-${props.apiKey.id}`;
  const run = async () => {
    try {
      props.onRevoked(await revoke.mutateAsync({ programID: props.programID, keyID: props.apiKey.id }));
      setConfirming(false);
    } catch {
      // shown below
    }
  };
  return (
    <Switch>
      <Match when={confirming()}>
        <div class="confirm-inline">
          <p class="small" id={confirmID}>
            {t("apiKeys.revokeConfirm", { name: props.apiKey.name })}
          </p>
          <div class="button-row">
            <button
              ref={(el) => queueMicrotask(() => el.focus())}
              type="button"
              class="button small danger"
              aria-describedby={confirmID}
              disabled={revoke.isPending}
              aria-busy={revoke.isPending}
              onClick={() => void run()}
            >
              {t("apiKeys.revokeYes")}
            </button>
            <button type="button" class="button small link" onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </button>
          </div>
          <ProblemAlert error={revoke.error} />
        </div>
      </Match>
      <Match when={true}>
        <button type="button" class="button small danger-outline" onClick={() => setConfirming(true)}>
          {t("apiKeys.revoke")}
          <span class="sr-only"> {props.apiKey.name}</span>
        </button>
      </Match>
    </Switch>
  );
};

/** A programme's API keys: issue one (its key shown once), see their use, revoke. */
export const ApiKeysSection = (props: { programID: string; manage: boolean }) => {
  const keys = useApiKeys(() => props.programID);
  const [created, setCreated] = createSignal<ApiKeyCreated>();
  const [revoked, setRevoked] = createSignal<ApiKey>();
  return (
    <section class="card" aria-labelledby="api-keys-heading" data-testid="api-keys">
      <h2 id="api-keys-heading">{t("apiKeys.title")}</h2>
      <p class="muted small">{t("apiKeys.explain")}</p>
      <Show when={created()}>
        {(key) => (
          <SecretOnce
            title={t("apiKeys.createdTitle", { name: key().name })}
            label={t("apiKeys.secretLabel")}
            secret={key().secret}
            warning={t("apiKeys.once")}
            note={t("apiKeys.useHint")}
            onClose={() => setCreated(undefined)}
            testid="api-key-secret"
          />
        )}
      </Show>
      <div aria-live="polite">
        <Show when={revoked()}>
          {(key) => (
            <p class="alert alert-success" data-testid="api-key-revoked">
              {t("apiKeys.revoked", { name: key().name })}
            </p>
          )}
        </Show>
      </div>
      <Switch>
        <Match when={keys.isPending}>
          <Loading />
        </Match>
        <Match when={keys.isError}>
          <ProblemAlert error={keys.error} />
        </Match>
        <Match when={keys.data?.items.length === 0}>
          <p class="empty">{t("apiKeys.empty")}</p>
        </Match>
        <Match when={keys.data}>
          {(data) => (
            <table class="table responsive" aria-label={t("apiKeys.title")}>
              <thead>
                <tr>
                  <th scope="col">{t("field.keyName")}</th>
                  <th scope="col">{t("field.keyPrefix")}</th>
                  <th scope="col">{t("field.createdAt")}</th>
                  <th scope="col">{t("field.lastUsedAt")}</th>
                  <th scope="col">{t("field.status")}</th>
                  <Show when={props.manage}>
                    <th scope="col">{t("users.actions")}</th>
                  </Show>
                </tr>
              </thead>
              <tbody>
                <For each={data().items}>
                  {(key) => (
                    <tr data-testid={`api-key-${key.id}`}>
                      <td data-label={t("field.keyName")}>{key.name}</td>
                      <td data-label={t("field.keyPrefix")}>
                        <code class="break">{key.prefix}…</code>
                      </td>
                      <td data-label={t("field.createdAt")}>{formatDateTime(key.createdAt)}</td>
                      <td data-label={t("field.lastUsedAt")}>
                        {key.lastUsedAt ? formatDateTime(key.lastUsedAt) : t("apiKeys.neverUsed")}
                      </td>
                      <td data-label={t("field.status")}>
                        <Show
                          when={key.revokedAt}
                          fallback={<span class="badge badge-active">{t("apiKeys.active")}</span>}
                        >
                          {(at) => (
                            <span class="badge badge-rejected">
                              {t("apiKeys.revokedAt", { date: formatDateTime(at()) })}
                            </span>
                          )}
                        </Show>
                      </td>
                      <Show when={props.manage}>
                        <td data-label={t("users.actions")}>
                          <Show when={!key.revokedAt}>
                            <RevokeAction programID={props.programID} apiKey={key} onRevoked={setRevoked} />
                          </Show>
                        </td>
                      </Show>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          )}
        </Match>
      </Switch>
      <Show when={props.manage}>
        <h3>{t("apiKeys.create")}</h3>
        <NewKeyForm
          programID={props.programID}
          onCreated={(key) => {
            setRevoked(undefined);
            setCreated(key);
          }}
        />
      </Show>
    </section>
  );
};
