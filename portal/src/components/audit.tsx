import { createUniqueId, For, Match, Show, Switch } from "solid-js";
import { formatDateTime, t, tx } from "../i18n";
import { Loading, ProblemAlert } from "./problem";

export type AuditItem = {
  version: number;
  action: string;
  at: string;
  actor: { type: string; name?: string };
  data: Record<string, unknown>;
  hash: string;
  prevHash: string;
};
export type AuditVerification = {
  valid: boolean;
  events: number;
  brokenAtVersion?: number;
  reason?: string;
};

const short = (hash: string) => (hash.length > 12 ? `${hash.slice(0, 12)}…` : hash);

/** What an event carries that a reader wants to see: a reason, a number, a file name. */
const EventDetails = (props: { data: Record<string, unknown> }) => {
  const text = (key: string) =>
    typeof props.data[key] === "string" ? (props.data[key] as string) : undefined;
  return (
    <>
      <Show when={text("reason")}>
        {(reason) => (
          <p class="audit-reason">
            {t("audit.reason")}: {reason()}
          </p>
        )}
      </Show>
      <Show when={text("number")}>{(n) => <p class="small">{t("audit.number", { number: n() })}</p>}</Show>
      <Show when={text("fileName")}>{(name) => <p class="small">{name()}</p>}</Show>
    </>
  );
};

/**
 * An entity's audit trail, newest first, with the verification of its hash chain. `query` is
 * the solid-query result of an `/audit` endpoint; actions are labelled `audit.action.<action>`.
 */
export const AuditTrail = (props: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: { items: AuditItem[]; verification: AuditVerification } | undefined;
  };
  testid?: string;
}) => {
  const heading = createUniqueId();
  return (
    <section class="card audit" aria-labelledby={heading} data-testid={props.testid}>
      <div class="section-heading">
        <h2 id={heading}>{t("audit.title")}</h2>
        <Show when={props.query.data?.verification}>
          {(v) => (
            <span
              class={`badge ${v().valid ? "badge-active" : "badge-rejected"}`}
              data-testid="audit-verification"
              title={v().valid ? undefined : v().reason}
            >
              {v().valid
                ? t("audit.chainValid", { n: v().events })
                : t("audit.chainBroken", { version: v().brokenAtVersion ?? "?" })}
            </span>
          )}
        </Show>
      </div>
      <Switch>
        <Match when={props.query.isPending}>
          <Loading />
        </Match>
        <Match when={props.query.isError}>
          <ProblemAlert error={props.query.error} />
        </Match>
        <Match when={props.query.data}>
          {(data) => (
            <>
              <p class="muted small">{t("audit.explain")}</p>
              <ol class="timeline">
                <For each={[...data().items].sort((a, b) => b.version - a.version)}>
                  {(event) => (
                    <li>
                      <div class="timeline-head">
                        <strong>{tx(`audit.action.${event.action}`)}</strong>
                        <time datetime={event.at}>{formatDateTime(event.at)}</time>
                      </div>
                      <p class="small">
                        {t("audit.by", {
                          actor: event.actor.name ?? tx(`audit.actor.${event.actor.type}`),
                          version: event.version,
                        })}
                      </p>
                      <EventDetails data={event.data} />
                      <p class="hash small muted">
                        <span title={event.hash}>#{short(event.hash)}</span> ←{" "}
                        <span title={event.prevHash}>#{short(event.prevHash)}</span>
                      </p>
                    </li>
                  )}
                </For>
              </ol>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
};
