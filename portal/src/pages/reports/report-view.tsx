import { AGE_BANDS } from "@atensi/contracts";
import { For, Show } from "solid-js";
import { ScrollRegion } from "../../components/scroll-region";
import type { Report, ReportComment } from "../../data/reports";
import type { Session } from "../../data/session";
import { formatNumber, formatPercent, t, tx } from "../../i18n";
import { breakdownKey, fromContent, SEXES, toCount } from "./draft";
import {
  AttachmentList,
  type ReferralSummary,
  ReferralsSummary,
  Section,
  SectionComments,
} from "./report-parts";

const n = (raw: string) => {
  const x = toCount(raw);
  return typeof x === "number" ? formatNumber(x) : raw || "—";
};

/** A submitted (or accepted) report as the reviewer and the LKS read it, section by section. */
export const ReportContentView = (props: { report: Report; comments: ReportComment[]; session: Session }) => {
  const draft = () => fromContent(props.report.content, []);
  const comments = (section: string) => (
    <SectionComments
      reportID={props.report.id}
      section={section}
      comments={props.comments}
      session={props.session}
    />
  );
  return (
    <div class="report-view">
      <Section
        id="beneficiaries"
        title={tx("reportSection.beneficiaries")}
        editing={false}
        after={comments("beneficiaries")}
      >
        <For each={draft().clusters} fallback={<p class="muted">—</p>}>
          {(cluster) => (
            <ScrollRegion label={tx(`cluster.${cluster}`)}>
              <table class="table grid-table" data-testid={`view-cluster-${cluster}`}>
                <caption>
                  {tx(`cluster.${cluster}`)}:{" "}
                  {t("report.totalServedN", { n: n(draft().totals[cluster] ?? "") })}
                </caption>
                <thead>
                  <tr>
                    <td />
                    <For each={AGE_BANDS}>
                      {(band) => <th scope="col">{t("report.ageBand", { band })}</th>}
                    </For>
                  </tr>
                </thead>
                <tbody>
                  <For each={SEXES}>
                    {(sex) => (
                      <tr>
                        <th scope="row">{tx(`sex.${sex}`)}</th>
                        <For each={AGE_BANDS}>
                          {(band) => (
                            <td class="num">
                              {n(draft().breakdown[breakdownKey(cluster, sex, band)] ?? "")}
                            </td>
                          )}
                        </For>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </ScrollRegion>
          )}
        </For>
        <table class="table">
          <caption>{t("report.byCriterion")}</caption>
          <tbody>
            <For each={Object.entries(draft().byCriterion).filter(([, v]) => v !== "")}>
              {([criterion, count]) => (
                <tr>
                  <th scope="row">{tx(`criterion.${criterion}`)}</th>
                  <td class="num">{n(count)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Section>

      <Section
        id="services"
        title={tx("reportSection.services")}
        editing={false}
        after={comments("services")}
      >
        <table class="table" data-testid="view-services">
          <tbody>
            <For each={Object.entries(draft().services).filter(([, v]) => v !== "")}>
              {([form, count]) => (
                <tr>
                  <th scope="row">{tx(`serviceForm.${form}`)}</th>
                  <td class="num">{n(count)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Section>

      <Section
        id="caseFlow"
        title={tx("reportSection.caseFlow")}
        editing={false}
        after={comments("caseFlow")}
      >
        <ScrollRegion label={tx("reportSection.caseFlow")}>
          <table class="table" data-testid="view-case-flow">
            <thead>
              <tr>
                <th scope="col">{t("report.stage")}</th>
                <For each={["atStart", "entered", "completed", "terminated", "atEnd"]}>
                  {(f) => (
                    <th scope="col" class="num">
                      {tx(`flowField.${f}`)}
                    </th>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <For
                each={Object.entries(draft().caseFlow).filter(([, row]) =>
                  Object.values(row).some((v) => v !== ""),
                )}
              >
                {([stage, row]) => (
                  <tr>
                    <th scope="row">{tx(`caseStage.${stage}`)}</th>
                    <td class="num">{n(row.atStart)}</td>
                    <td class="num">{n(row.entered)}</td>
                    <td class="num">{n(row.completed)}</td>
                    <td class="num">{n(row.terminated)}</td>
                    <td class="num">{n(row.atEnd)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </ScrollRegion>
      </Section>

      <Section
        id="indicators"
        title={tx("reportSection.indicators")}
        editing={false}
        after={comments("indicators")}
      >
        <Show when={draft().indicators.length > 0} fallback={<p class="muted">—</p>}>
          <table class="table responsive">
            <thead>
              <tr>
                <th scope="col">{t("report.indicatorLevel")}</th>
                <th scope="col">{t("report.indicatorName")}</th>
                <th scope="col">{t("report.realisedOfTarget")}</th>
                <th scope="col">{t("report.narrative")}</th>
              </tr>
            </thead>
            <tbody>
              <For each={draft().indicators}>
                {(row) => {
                  const target = toCount(row.target);
                  const realised = toCount(row.realised);
                  const percent =
                    typeof target === "number" && typeof realised === "number" && target > 0
                      ? (realised / target) * 100
                      : null;
                  return (
                    <tr>
                      <td data-label={t("report.indicatorLevel")}>{tx(`indicatorLevel.${row.level}`)}</td>
                      <td data-label={t("report.indicatorName")}>{row.name}</td>
                      <td data-label={t("report.realisedOfTarget")}>
                        {t("dashboard.ofTarget", {
                          realised: n(row.realised),
                          target: n(row.target),
                          percent: formatPercent(percent),
                        })}
                      </td>
                      <td data-label={t("report.narrative")} class="pre-line">
                        {row.narrative || "—"}
                      </td>
                    </tr>
                  );
                }}
              </For>
            </tbody>
          </table>
        </Show>
      </Section>

      <Section
        id="socialWorker"
        title={tx("reportSection.socialWorker")}
        editing={false}
        after={comments("socialWorker")}
      >
        <dl class="details">
          <dt>{t("report.socialWorkerName")}</dt>
          <dd>{draft().socialWorker.name || "—"}</dd>
          <dt>{t("report.certificateNumber")}</dt>
          <dd>{draft().socialWorker.certificateNumber || "—"}</dd>
        </dl>
      </Section>

      <Section id="issues" title={tx("reportSection.issues")} editing={false} after={comments("issues")}>
        <Show when={draft().issues.length > 0} fallback={<p class="muted">{t("report.noIssues")}</p>}>
          <ol class="plain-list issues-list">
            <For each={draft().issues}>
              {(row) => (
                <li>
                  <p class="pre-line">
                    <strong>{t("report.issue")}:</strong> {row.issue}
                  </p>
                  <p class="pre-line">
                    <strong>{t("report.followUp")}:</strong> {row.followUp}
                  </p>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </Section>

      <Section
        id="referrals"
        title={tx("reportSection.referrals")}
        editing={false}
        after={comments("referrals")}
      >
        <ReferralsSummary referrals={props.report.referrals as ReferralSummary | undefined} live={false} />
      </Section>

      <section class="card" aria-labelledby="report-attachments-view">
        <h2 id="report-attachments-view">{t("attachments.title")}</h2>
        <AttachmentList report={props.report} />
      </section>
    </div>
  );
};
