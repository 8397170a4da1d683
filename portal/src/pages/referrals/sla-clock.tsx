import { Show } from "solid-js";
import type { Referral, ReferralSla } from "../../data/referrals";
import { formatDateTime, t, tx } from "../../i18n";

/** "2 hari 3 jam" / "5 jam 10 menit": a duration at the precision a deadline needs. */
export const duration = (seconds: number) => {
  const s = Math.abs(seconds);
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  return days > 0
    ? t("sla.daysHours", { d: days, h: hours })
    : t("sla.hoursMinutes", { h: hours, m: minutes });
};

/** Time left, or how long overdue, of the open deadline (as the API computed it when read). */
export const SlaDue = (props: { sla: ReferralSla | undefined }) => (
  <Show when={props.sla?.due}>
    {(due) => (
      <span
        class={`badge ${due().overdue ? "badge-rejected" : "badge-active"}`}
        data-testid="sla-due"
        title={formatDateTime(due().at)}
      >
        {due().overdue
          ? t("sla.overdueBy", { time: duration(due().secondsLeft) })
          : t("sla.left", { time: duration(due().secondsLeft) })}
      </span>
    )}
  </Show>
);

const Met = (props: { at?: string | undefined; late?: boolean | undefined }) => (
  <Show when={props.at}>
    {" · "}
    {props.late ? t("sla.late") : t("sla.onTime")}
  </Show>
);

/** The referral's service-level deadlines: by when, whether met in time, what is due now. */
export const SlaCard = (props: { sla: ReferralSla | undefined }) => (
  <Show when={props.sla}>
    {(sla) => (
      <section class="card" aria-labelledby="referral-sla" data-testid="referral-sla">
        <h2 id="referral-sla">{t("sla.title")}</h2>
        <dl class="details">
          <dt>{t("sla.acknowledgeBy")}</dt>
          <dd>
            <time datetime={sla().acknowledgeBy}>{formatDateTime(sla().acknowledgeBy)}</time>
            <Met at={sla().acknowledgedAt} late={sla().acknowledgedLate} />
          </dd>
          <dt>{t("sla.decideBy")}</dt>
          <dd>
            <time datetime={sla().decideBy}>{formatDateTime(sla().decideBy)}</time>
            <Met at={sla().decidedAt} late={sla().decidedLate} />
          </dd>
          <Show when={sla().due}>
            {(due) => (
              <>
                <dt>{tx(`sla.stage.${due().stage}`)}</dt>
                <dd>
                  <SlaDue sla={sla()} />
                </dd>
              </>
            )}
          </Show>
          <Show when={sla().escalations > 0}>
            <dt>{t("sla.escalations")}</dt>
            <dd>{tx(`sla.escalated.${Math.min(sla().escalations, 2)}`)}</dd>
          </Show>
        </dl>
      </section>
    )}
  </Show>
);

/** After a consent withdrawal: by when the programme must confirm, and what it confirmed. */
export const ErasureCard = (props: { erasure: Referral["erasure"] }) => (
  <Show when={props.erasure}>
    {(e) => (
      <section class="card" aria-labelledby="referral-erasure" data-testid="referral-erasure">
        <h2 id="referral-erasure">{t("erasure.title")}</h2>
        <dl class="details">
          <dt>{t("erasure.dueBy")}</dt>
          <dd>
            <time datetime={e().dueBy}>{formatDateTime(e().dueBy)}</time>
          </dd>
          <dt>{t("erasure.confirmedAt")}</dt>
          <dd>
            <Show
              when={e().confirmedAt}
              fallback={
                <>
                  {t("erasure.waiting")}{" "}
                  <SlaDue
                    sla={{
                      acknowledgeBy: e().dueBy,
                      decideBy: e().dueBy,
                      escalations: e().escalations,
                      due: {
                        stage: "erasure",
                        at: e().dueBy,
                        overdue: e().overdue,
                        secondsLeft: e().secondsLeft ?? 0,
                      },
                    }}
                  />
                </>
              }
            >
              {(at) => (
                <>
                  <time datetime={at()}>{formatDateTime(at())}</time> · {tx(`erasure.measure.${e().measure}`)}
                  {e().late ? ` · ${t("sla.late")}` : ""}
                </>
              )}
            </Show>
          </dd>
        </dl>
      </section>
    )}
  </Show>
);
