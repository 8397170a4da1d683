import { DELIVERY_STATUSES, type DeliveryStatus, Redelivery } from "@atensi/contracts";
import type { PartialValues } from "@modular-forms/solid";
import { A, useParams, useSearchParams } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { isApiError } from "../../api";
import { DeliveryStatusBadge, EndpointStateBadge } from "../../components/badges";
import { FormText } from "../../components/fields";
import { FilterSelect } from "../../components/filters";
import { applyProblem, createAppForm, FormActions, optionsOf, schemaValidator } from "../../components/form";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { one } from "../../components/params";
import { ProblemAlert } from "../../components/problem";
import { QueryPage } from "../../components/query-view";
import { SecretOnce } from "../../components/secret";
import {
  type Endpoint,
  type EndpointWithSecret,
  useDeliveries,
  useEndpoint,
  useProgram,
  useRedeliverWindow,
  useRotateSecret,
  useSetEndpointEnabled,
} from "../../data/programs";
import { can, type Session } from "../../data/session";
import { formatDateTime, t, tx } from "../../i18n";
import { eventsSummary } from "./endpoints";

/** A stale version (412) in words; other problems as the API says them. */
const staleMessage = (error: unknown) =>
  isApiError(error) && error.status === 412 ? t("endpoint.stale") : undefined;

/** Enable / disable (after a confirm step) and rotate the signing secret (after a confirm step). */
const EndpointActions = (props: { endpoint: Endpoint }) => {
  const setEnabled = useSetEndpointEnabled();
  const rotate = useRotateSecret();
  const [confirm, setConfirm] = createSignal<"disable" | "rotate">();
  const [rotated, setRotated] = createSignal<EndpointWithSecret>();
  const [done, setDone] = createSignal<string>();
  const busy = () => setEnabled.isPending || rotate.isPending;
  const toggle = async (enabled: boolean) => {
    setDone(undefined);
    rotate.reset();
    try {
      await setEnabled.mutateAsync({ id: props.endpoint.id, version: props.endpoint.version, enabled });
      setConfirm(undefined);
      setDone(enabled ? t("endpoint.enabledDone") : t("endpoint.disabledDone"));
    } catch {
      setConfirm(undefined);
    }
  };
  const rotateSecret = async () => {
    setDone(undefined);
    setEnabled.reset();
    try {
      setRotated(await rotate.mutateAsync({ id: props.endpoint.id, version: props.endpoint.version }));
      setConfirm(undefined);
    } catch {
      setConfirm(undefined);
    }
  };
  const error = () => setEnabled.error ?? rotate.error;
  return (
    <section class="card decisions" aria-labelledby="endpoint-actions-heading">
      <h2 id="endpoint-actions-heading">{t("decision.title")}</h2>
      <div aria-live="polite">
        <Show when={done()}>
          <p class="alert alert-success" data-testid="endpoint-action-done">
            {done()}
          </p>
        </Show>
      </div>
      <Show when={rotated()}>
        {(endpoint) => (
          <SecretOnce
            title={t("endpoint.rotatedTitle")}
            label={t("endpoints.secretLabel")}
            secret={endpoint().secret}
            warning={t("endpoints.once")}
            note={t("endpoint.rotatedNote")}
            onClose={() => setRotated(undefined)}
            testid="rotated-secret"
          />
        )}
      </Show>
      <ProblemAlert error={error()} message={staleMessage(error())} testid="endpoint-action-error" />
      <Switch>
        <Match when={confirm() === "disable"}>
          <div class="confirm-inline">
            <p id="confirm-disable">{t("endpoint.disableConfirm")}</p>
            <div class="button-row">
              <button
                ref={(el) => queueMicrotask(() => el.focus())}
                type="button"
                class="button danger"
                aria-describedby="confirm-disable"
                disabled={busy()}
                aria-busy={setEnabled.isPending}
                onClick={() => void toggle(false)}
              >
                {t("endpoint.disableYes")}
              </button>
              <button type="button" class="button link" onClick={() => setConfirm(undefined)}>
                {t("common.cancel")}
              </button>
            </div>
          </div>
        </Match>
        <Match when={confirm() === "rotate"}>
          <div class="confirm-inline">
            <p id="confirm-rotate">{t("endpoint.rotateConfirm")}</p>
            <div class="button-row">
              <button
                ref={(el) => queueMicrotask(() => el.focus())}
                type="button"
                class="button primary"
                aria-describedby="confirm-rotate"
                disabled={busy()}
                aria-busy={rotate.isPending}
                onClick={() => void rotateSecret()}
              >
                <Show when={rotate.isPending}>
                  <span class="spinner" aria-hidden="true" />
                </Show>
                {t("endpoint.rotateYes")}
              </button>
              <button type="button" class="button link" onClick={() => setConfirm(undefined)}>
                {t("common.cancel")}
              </button>
            </div>
          </div>
        </Match>
        <Match when={true}>
          <div class="button-row">
            <Show
              when={props.endpoint.enabled}
              fallback={
                <button
                  type="button"
                  class="button primary"
                  disabled={busy()}
                  aria-busy={setEnabled.isPending}
                  onClick={() => void toggle(true)}
                >
                  {t("endpoint.enable")}
                </button>
              }
            >
              <button
                type="button"
                class="button danger-outline"
                disabled={busy()}
                onClick={() => setConfirm("disable")}
              >
                {t("endpoint.disable")}
              </button>
            </Show>
            <button type="button" class="button" disabled={busy()} onClick={() => setConfirm("rotate")}>
              {t("endpoint.rotate")}
            </button>
          </div>
        </Match>
      </Switch>
    </section>
  );
};

type WindowValues = { from: string; to: string };

/** `datetime-local` values are local time; the API takes ISO timestamps. */
const toIso = (local: string | undefined) => {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
};
const toLocalInput = (date: Date) => {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
};
const windowRequest = (values: PartialValues<WindowValues>) => ({
  from: toIso(values.from),
  to: toIso(values.to),
});

/** Redeliver every failed delivery created within a time window (at most 1,000 per request). */
const RedeliverWindow = (props: { endpoint: Endpoint }) => {
  const redeliver = useRedeliverWindow();
  const now = new Date();
  const [form, { Form }] = createAppForm<WindowValues>({
    initialValues: { from: toLocalInput(new Date(now.getTime() - 24 * 3600_000)), to: toLocalInput(now) },
    validate: schemaValidator<WindowValues>(Redelivery, windowRequest),
  });
  const submit = async (values: WindowValues) => {
    try {
      const request = windowRequest(values) as { from: string; to: string };
      await redeliver.mutateAsync({ endpointID: props.endpoint.id, ...request });
    } catch (error) {
      applyProblem(form, error);
    }
  };
  return (
    <section class="card" aria-labelledby="redeliver-heading">
      <h2 id="redeliver-heading">{t("redeliver.title")}</h2>
      <p class="muted small">{t("redeliver.explain")}</p>
      <div aria-live="polite">
        <Show when={redeliver.data}>
          {(result) => (
            <p class="alert alert-success" data-testid="redeliver-result">
              {t("redeliver.done", { n: result().redelivered })}
              <Show when={result().truncated}> {t("redeliver.truncated")}</Show>
            </p>
          )}
        </Show>
      </div>
      <Form onSubmit={submit} class="form" aria-label={t("redeliver.title")}>
        <div>
          <FormText of={form} name="from" label={t("field.from")} type="datetime-local" required />
          <FormText of={form} name="to" label={t("field.to")} type="datetime-local" required />
        </div>
        <FormActions
          busy={redeliver.isPending}
          label={t("redeliver.submit")}
          busyLabel={t("redeliver.busy")}
          error={redeliver.error}
        />
      </Form>
    </section>
  );
};

const isDeliveryStatus = (x: string | undefined): x is DeliveryStatus =>
  !!x && (DELIVERY_STATUSES as readonly string[]).includes(x);

/** The endpoint's delivery log, newest first, by status, a page at a time. */
const DeliveryLog = (props: { endpoint: Endpoint }) => {
  const [params, setParams] = useSearchParams();
  const status = () => {
    const s = one(params.status);
    return isDeliveryStatus(s) ? s : undefined;
  };
  const log = useDeliveries(() => props.endpoint.id, status);
  return (
    <section class="card" aria-labelledby="delivery-log-heading" data-testid="delivery-log">
      <div class="section-heading">
        <h2 id="delivery-log-heading">{t("deliveries.title")}</h2>
        <button
          type="button"
          class="button small"
          disabled={log.isFetching}
          aria-busy={log.isFetching}
          onClick={() => void log.refetch()}
        >
          <Show when={log.isFetching}>
            <span class="spinner" aria-hidden="true" />
          </Show>
          {t("deliveries.refresh")}
        </button>
      </div>
      <FilterSelect
        class="field filter-inline"
        label={t("field.status")}
        value={status()}
        all={t("deliveries.allStatuses")}
        options={optionsOf(DELIVERY_STATUSES, "deliveryStatus")}
        onChange={(status) => setParams({ status })}
      />
      <InfiniteList
        query={log}
        empty={<p class="empty">{t("deliveries.empty")}</p>}
        label={t("deliveries.title")}
        rowTestid={(d) => `delivery-row-${d.id}`}
        columns={[
          {
            header: t("field.createdAt"),
            cell: (d) => <A href={`/deliveries/${d.id}`}>{formatDateTime(d.createdAt)}</A>,
          },
          { header: t("field.eventType"), cell: (d) => tx(`event.${d.eventType}`) },
          { header: t("field.status"), cell: (d) => <DeliveryStatusBadge status={d.status} /> },
          { header: t("field.attempts"), cell: (d) => d.attempts },
          {
            header: t("field.lastResult"),
            class: "break",
            cell: (d) => (
              <>
                {d.lastStatusCode !== undefined
                  ? t("delivery.lastCode", { code: d.lastStatusCode })
                  : (d.lastError ?? "—")}
                <Show when={d.nextAttemptAt}>
                  {(at) => (
                    <span class="muted small block">
                      {t("delivery.nextAttempt", { date: formatDateTime(at()) })}
                    </span>
                  )}
                </Show>
              </>
            ),
          },
        ]}
      />
    </section>
  );
};

const EndpointDetails = (props: { endpoint: Endpoint }) => {
  const e = () => props.endpoint;
  return (
    <section class="card" aria-labelledby="endpoint-details">
      <h2 id="endpoint-details">{t("program.details")}</h2>
      <dl class="details">
        <dt>{t("field.endpointUrl")}</dt>
        <dd class="break">{e().url}</dd>
        <dt>{t("field.description")}</dt>
        <dd>{e().description || "—"}</dd>
        <dt>{t("field.eventTypes")}</dt>
        <dd>{eventsSummary(e().eventTypes)}</dd>
        <dt>{t("field.status")}</dt>
        <dd>
          <EndpointStateBadge enabled={e().enabled} />
          <Show when={e().disabledReason}>
            <span class="block small">
              {t("endpoint.disabledReason", { reason: e().disabledReason ?? "" })}
            </span>
          </Show>
          <Show when={e().failingSince}>
            {(since) => (
              <span class="block small">{t("endpoint.failingSince", { date: formatDateTime(since()) })}</span>
            )}
          </Show>
        </dd>
        <dt>{t("field.secrets")}</dt>
        <dd>
          <ul class="plain-list">
            <For each={e().secrets}>
              {(s) => (
                <li class="small">
                  {t("endpoint.secretCreated", { date: formatDateTime(s.createdAt) })}
                  <Show when={s.expiresAt} fallback={<> · {t("endpoint.secretCurrent")}</>}>
                    {(at) => <> · {t("endpoint.secretExpires", { date: formatDateTime(at()) })}</>}
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </dd>
      </dl>
    </section>
  );
};

/** A webhook endpoint (staff): details, admin actions, the delivery log and bulk redelivery. */
export const EndpointDetailPage = (props: { session: Session }) => {
  const params = useParams();
  const endpoint = useEndpoint(() => params.id ?? "");
  const programID = () => endpoint.data?.programID ?? "";
  const program = useProgram(programID);
  const manage = () => can(props.session, "integration.manage");
  return (
    <section class="page">
      <p class="breadcrumb">
        <Show when={endpoint.data} fallback={<A href="/programs">← {t("programs.back")}</A>}>
          {(e) => (
            <A href={`/programs/${e().programID}`}>
              ← {program.data ? `${program.data.code} · ${program.data.name}` : t("program.title")}
            </A>
          )}
        </Show>
      </p>
      <QueryPage query={endpoint} errorTitle={t("endpoint.title")}>
        {(e) => (
          <>
            <PageHeading title={t("endpoint.title")} lead={<span class="break">{e().url}</span>} />
            <div class="detail-layout with-actions">
              <Show when={manage()}>
                <div class="area-actions">
                  <EndpointActions endpoint={e()} />
                  <RedeliverWindow endpoint={e()} />
                </div>
              </Show>
              <div class="area-main">
                <EndpointDetails endpoint={e()} />
                <DeliveryLog endpoint={e()} />
              </div>
            </div>
          </>
        )}
      </QueryPage>
    </section>
  );
};
