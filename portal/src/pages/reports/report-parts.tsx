import { ReportComment as ReportCommentSchema } from "@atensi/contracts";
import { reset } from "@modular-forms/solid";
import { createSignal, For, type JSX, Show } from "solid-js";
import { FormText } from "../../components/fields";
import { applyProblem, createAppForm, FormActions, schemaValidator } from "../../components/form";
import { CommentList, FileList } from "../../components/record-parts";
import {
  type Report,
  type ReportComment,
  reportAttachmentUrl,
  useAddReportComment,
} from "../../data/reports";
import { can, type Session } from "../../data/session";
import { formatNumber, t, tx } from "../../i18n";

export type ReferralSummary = {
  total: number;
  byProgram: Record<string, number>;
  byStatus: Record<string, number>;
};

/** The period's referrals, from the referral module (read-only: not retyped in the report). */
export const ReferralsSummary = (props: { referrals: ReferralSummary | undefined; live: boolean }) => (
  <div data-testid="report-referrals">
    <p class="hint">{props.live ? t("report.referralsLive") : t("report.referralsFrozen")}</p>
    <Show when={props.referrals} fallback={<p class="muted">—</p>}>
      {(r) => (
        <>
          <p>
            <strong>{t("report.referralsTotal", { n: formatNumber(r().total) })}</strong>
          </p>
          <Show when={r().total > 0}>
            <div class="grid-2">
              <table class="table">
                <caption>{t("report.referralsByProgram")}</caption>
                <tbody>
                  <For each={Object.entries(r().byProgram)}>
                    {([code, n]) => (
                      <tr>
                        <th scope="row">{code}</th>
                        <td class="num">{formatNumber(n)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <table class="table">
                <caption>{t("report.referralsByStatus")}</caption>
                <tbody>
                  <For each={Object.entries(r().byStatus)}>
                    {([status, n]) => (
                      <tr>
                        <th scope="row">{tx(`referralStatus.${status}`)}</th>
                        <td class="num">{formatNumber(n)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        </>
      )}
    </Show>
  </div>
);

/** Photos and attendance lists, each downloadable once its upload is complete. */
export const AttachmentList = (props: { report: Report }) => (
  <Show when={props.report.attachments.length > 0} fallback={<p class="muted">{t("attachments.empty")}</p>}>
    <FileList
      files={props.report.attachments}
      kinds="attachmentKind"
      url={(attachmentID) => reportAttachmentUrl(props.report.id, attachmentID)}
      testid="report-attachments"
    />
  </Show>
);

/** The review comments on one section of the report, and a new one. */
export const SectionComments = (props: {
  reportID: string;
  section: string;
  comments: ReportComment[];
  session: Session;
}) => {
  const add = useAddReportComment();
  const [open, setOpen] = createSignal(false);
  const mine = () => props.comments.filter((c) => c.section === props.section);
  const [form, { Form }] = createAppForm<{ body: string }>({
    initialValues: { body: "" },
    validate: schemaValidator<{ body: string }>(ReportCommentSchema, (values) => ({
      section: props.section,
      body: values.body,
    })),
  });
  const submit = async (values: { body: string }) => {
    try {
      await add.mutateAsync({ id: props.reportID, section: props.section, body: values.body });
      reset(form);
      setOpen(false);
    } catch (error) {
      applyProblem(form, error, {});
    }
  };
  return (
    <div class="section-comments" data-testid={`comments-${props.section}`}>
      <Show when={mine().length > 0}>
        <h3 class="small">{t("report.sectionComments", { n: mine().length })}</h3>
        <CommentList comments={mine()} />
      </Show>
      <Show when={can(props.session, "report.comment")}>
        <Show
          when={open()}
          fallback={
            <button type="button" class="button link small" onClick={() => setOpen(true)}>
              {t("report.addComment")}
              <span class="sr-only"> ({tx(`reportSection.${props.section}`)})</span>
            </button>
          }
        >
          <Form
            onSubmit={submit}
            class="form"
            aria-label={t("report.commentOn", { section: tx(`reportSection.${props.section}`) })}
          >
            <FormText of={form} name="body" label={t("comments.body")} multiline required />
            <FormActions busy={add.isPending} label={t("comments.send")} error={add.error}>
              <button type="button" class="button link" onClick={() => setOpen(false)}>
                {t("common.cancel")}
              </button>
            </FormActions>
          </Form>
        </Show>
      </Show>
    </div>
  );
};

/** A section of the report (as a fieldset in the editor, a card when read). */
export const Section = (props: {
  id: string;
  title: string;
  editing: boolean;
  children: JSX.Element;
  after?: JSX.Element;
}) =>
  props.editing ? (
    <fieldset class="card section report-section" id={`section-${props.id}`}>
      <legend>{props.title}</legend>
      {props.children}
      {props.after}
    </fieldset>
  ) : (
    <section
      class="card report-section"
      id={`section-${props.id}`}
      aria-labelledby={`section-${props.id}-title`}
    >
      <h2 id={`section-${props.id}-title`}>{props.title}</h2>
      {props.children}
      {props.after}
    </section>
  );
