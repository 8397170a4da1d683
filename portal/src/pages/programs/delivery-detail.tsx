import { A, useParams } from "@solidjs/router";
import { For, Show } from "solid-js";
import { isApiError } from "../../api";
import { DeliveryStatusBadge } from "../../components/badges";
import { PageHeading } from "../../components/page";
import { ProblemAlert } from "../../components/problem";
import { QueryPage } from "../../components/query-view";
import { type DeliveryDetail, useDelivery, useRedeliver } from "../../data/programs";
import { can, type Session } from "../../data/session";
import { formatDateTime, t, tx } from "../../i18n";

/** Send the event to the endpoint again; a disabled endpoint (409) is explained. */
const RedeliverButton = (props: { delivery: DeliveryDetail }) => {
  const redeliver = useRedeliver();
  const message = () =>
    isApiError(redeliver.error) && redeliver.error.code === "endpoint_disabled"
      ? t("delivery.endpointDisabled")
      : undefined;
  return (
    <div>
      <div aria-live="polite">
        <Show when={redeliver.isSuccess}>
          <p class="alert alert-success" data-testid="redelivered">
            {t("delivery.redelivered")}
          </p>
        </Show>
      </div>
      <ProblemAlert error={redeliver.error} message={message()} />
      <button
        type="button"
        class="button primary"
        disabled={redeliver.isPending || props.delivery.status === "pending"}
        aria-busy={redeliver.isPending}
        onClick={() => redeliver.mutate({ id: props.delivery.id })}
      >
        <Show when={redeliver.isPending}>
          <span class="spinner" aria-hidden="true" />
        </Show>
        {t("delivery.redeliver")}
      </button>
      <Show when={props.delivery.status === "pending"}>
        <p class="hint">{t("delivery.pendingHint")}</p>
      </Show>
    </div>
  );
};

/** One delivery and every attempt: time, answer code, latency, error, the answer's first 1 KB. */
export const DeliveryDetailPage = (props: { session: Session }) => {
  const params = useParams();
  const delivery = useDelivery(() => params.id ?? "");
  return (
    <section class="page">
      <p class="breadcrumb">
        <Show when={delivery.data} fallback={<A href="/programs">← {t("programs.back")}</A>}>
          {(d) => <A href={`/endpoints/${d().endpointID}`}>← {t("endpoint.title")}</A>}
        </Show>
      </p>
      <QueryPage query={delivery} errorTitle={t("delivery.title")}>
        {(d) => (
          <>
            <PageHeading
              title={t("delivery.heading", { event: tx(`event.${d().eventType}`) })}
              lead={
                <>
                  <DeliveryStatusBadge status={d().status} testid="delivery-status" />
                  <Show when={d().status === "pending"}>
                    {" "}
                    <span class="spinner" aria-hidden="true" />
                    <span class="sr-only">{t("common.loading")}</span>
                  </Show>
                </>
              }
            />
            <div class="detail-layout with-actions">
              <Show when={can(props.session, "integration.manage")}>
                <div class="area-actions">
                  <section class="card decisions" aria-labelledby="delivery-actions">
                    <h2 id="delivery-actions">{t("decision.title")}</h2>
                    <RedeliverButton delivery={d()} />
                  </section>
                </div>
              </Show>
              <div class="area-main">
                <section class="card" aria-labelledby="delivery-details">
                  <h2 id="delivery-details">{t("program.details")}</h2>
                  <dl class="details">
                    <dt>{t("field.eventType")}</dt>
                    <dd>
                      {tx(`event.${d().eventType}`)} <code>{d().eventType}</code>
                    </dd>
                    <dt>{t("field.eventID")}</dt>
                    <dd>
                      <code class="break">{d().eventID}</code>
                    </dd>
                    <dt>{t("field.attempts")}</dt>
                    <dd>{d().attempts}</dd>
                    <Show when={d().nextAttemptAt}>
                      {(at) => (
                        <>
                          <dt>{t("field.nextAttempt")}</dt>
                          <dd>{formatDateTime(at())}</dd>
                        </>
                      )}
                    </Show>
                    <dt>{t("field.createdAt")}</dt>
                    <dd>{formatDateTime(d().createdAt)}</dd>
                    <dt>{t("field.updatedAt")}</dt>
                    <dd>{formatDateTime(d().updatedAt)}</dd>
                  </dl>
                </section>
                <section class="card" aria-labelledby="attempts-heading" data-testid="delivery-attempts">
                  <h2 id="attempts-heading">{t("delivery.attempts")}</h2>
                  <Show
                    when={d().attemptLog.length}
                    fallback={<p class="muted">{t("delivery.noAttempts")}</p>}
                  >
                    <ol class="timeline" aria-live="polite">
                      <For each={[...d().attemptLog].sort((a, b) => b.attempt - a.attempt)}>
                        {(a) => (
                          <li data-testid="delivery-attempt">
                            <div class="timeline-head">
                              <strong>
                                {t("delivery.attemptN", { n: a.attempt })}
                                {" · "}
                                <span
                                  class={`badge ${a.statusCode !== undefined && a.statusCode < 300 ? "badge-active" : "badge-rejected"}`}
                                >
                                  {a.statusCode !== undefined
                                    ? t("delivery.code", { code: a.statusCode })
                                    : t("delivery.noAnswer")}
                                </span>
                              </strong>
                              <time datetime={a.at}>{formatDateTime(a.at)}</time>
                            </div>
                            <p class="small">{t("delivery.latency", { ms: a.durationMs })}</p>
                            <Show when={a.error}>
                              <p class="audit-reason break">
                                {t("delivery.error")}: <code>{a.error}</code>
                              </p>
                            </Show>
                            <Show when={a.responseBody}>
                              <p class="small">{t("delivery.responseBody")}</p>
                              <pre class="response-body" tabindex="0">
                                {a.responseBody}
                              </pre>
                            </Show>
                          </li>
                        )}
                      </For>
                    </ol>
                  </Show>
                </section>
              </div>
            </div>
          </>
        )}
      </QueryPage>
    </section>
  );
};
