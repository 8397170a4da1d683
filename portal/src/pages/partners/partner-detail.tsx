import { PartnerDecision } from "@atensi/contracts";
import { reset } from "@modular-forms/solid";
import { A, useParams } from "@solidjs/router";
import { createSignal, For, onMount, Show } from "solid-js";
import { FormText } from "../../components/fields";
import { applyProblem, createAppForm, FormActions, schemaValidator } from "../../components/form";
import { PageHeading } from "../../components/page";
import { ProblemAlert } from "../../components/problem";
import { QueryPage } from "../../components/query-view";
import { type Decision, type Partner, usePartner, usePartnerDecision } from "../../data/partners";
import { can, type Permission, type Session } from "../../data/session";
import { t, tx } from "../../i18n";
import { AuditTimeline, PartnerProfile, StatusBadge } from "./components";

/** Which decisions each status allows (mirrors the API's state machine) and who may take them. */
const DECISIONS: { decision: Decision; from: string; permission: Permission; needsReason: boolean }[] = [
  { decision: "verify", from: "pending_verification", permission: "partner.verify", needsReason: false },
  { decision: "reject", from: "pending_verification", permission: "partner.reject", needsReason: true },
  { decision: "suspend", from: "active", permission: "partner.suspend", needsReason: true },
  { decision: "reinstate", from: "suspended", permission: "partner.reinstate", needsReason: false },
];

type ReasonForm = { reason: string };

const ReasonForm = (props: {
  decision: Decision;
  busy: boolean;
  onSubmit: (reason: string) => Promise<unknown>;
  onCancel: () => void;
}) => {
  const [form, { Form }] = createAppForm<ReasonForm>({
    initialValues: { reason: "" },
    validate: schemaValidator<ReasonForm>(PartnerDecision),
  });
  // The form opens on a button press: put the cursor where the reason goes.
  onMount(() => form.element?.querySelector("textarea")?.focus());
  const submit = async (values: ReasonForm) => {
    try {
      await props.onSubmit(values.reason);
      reset(form);
    } catch (error) {
      applyProblem(form, error);
    }
  };
  return (
    <Form onSubmit={submit} class="form reason-form" aria-label={tx(`decision.${props.decision}.title`)}>
      <FormText
        of={form}
        name="reason"
        label={tx(`decision.${props.decision}.reason`)}
        hint={t("decision.reasonHint")}
        multiline
        required
      />
      <FormActions
        busy={props.busy}
        label={tx(`decision.${props.decision}.confirm`)}
        buttonClass="button danger"
      >
        <button type="button" class="button link" onClick={() => props.onCancel()}>
          {t("common.cancel")}
        </button>
      </FormActions>
    </Form>
  );
};

const Decisions = (props: { partner: Partner; session: Session }) => {
  const decide = usePartnerDecision();
  const [open, setOpen] = createSignal<Decision>();
  const [done, setDone] = createSignal<Decision>();
  const available = () =>
    DECISIONS.filter((d) => d.from === props.partner.status && can(props.session, d.permission));

  const run = async (decision: Decision, reason?: string) => {
    setDone(undefined);
    await decide.mutateAsync({ id: props.partner.id, version: props.partner.version, decision, reason });
    setOpen(undefined);
    setDone(decision);
  };

  return (
    <section class="card decisions" aria-labelledby="decisions-heading">
      <h2 id="decisions-heading">{t("decision.title")}</h2>
      <Show when={done()}>
        {(d) => (
          <p class="alert alert-success" role="status" data-testid="decision-done">
            {tx(`decision.${d()}.done`)}
          </p>
        )}
      </Show>
      <Show when={decide.error && !open()}>
        <ProblemAlert error={decide.error} />
      </Show>
      <Show when={available().length > 0} fallback={<p class="muted">{t("decision.none")}</p>}>
        <Show
          when={open()}
          fallback={
            <div class="button-row">
              <For each={available()}>
                {(d) => (
                  <button
                    type="button"
                    class={
                      d.decision === "verify" || d.decision === "reinstate"
                        ? "button primary"
                        : "button danger-outline"
                    }
                    disabled={decide.isPending}
                    aria-busy={decide.isPending}
                    onClick={() => {
                      decide.reset();
                      setDone(undefined);
                      if (d.needsReason) setOpen(d.decision);
                      else void run(d.decision).catch(() => undefined);
                    }}
                  >
                    {tx(`decision.${d.decision}.action`)}
                  </button>
                )}
              </For>
            </div>
          }
        >
          {(decision) => (
            <>
              <Show when={decide.error}>
                <ProblemAlert error={decide.error} />
              </Show>
              <ReasonForm
                decision={decision()}
                busy={decide.isPending}
                onSubmit={(reason) => run(decision(), reason)}
                onCancel={() => setOpen(undefined)}
              />
            </>
          )}
        </Show>
      </Show>
    </section>
  );
};

export const PartnerDetailPage = (props: { session: Session }) => {
  const params = useParams();
  const partner = usePartner(() => params.id ?? "");
  return (
    <section class="page">
      <p class="breadcrumb">
        <A href="/partners">← {t("partners.back")}</A>
      </p>
      <QueryPage query={partner} errorTitle={t("partner.title")}>
        {(p) => (
          <>
            <PageHeading
              title={p().name}
              lead={
                <>
                  <StatusBadge status={p().status} />
                  <Show when={p().statusReason}>
                    <span class="muted">
                      {" "}
                      {t("partner.statusReason", { reason: p().statusReason ?? "" })}
                    </span>
                  </Show>
                </>
              }
            />
            {/* On a phone the actions come first; from 62rem they sit beside the profile. */}
            <div class="detail-layout with-actions">
              <div class="area-actions">
                <Decisions partner={p()} session={props.session} />
              </div>
              <div class="area-main">
                <PartnerProfile partner={p()} />
              </div>
              <Show when={can(props.session, "partner.audit")}>
                <div class="area-audit">
                  <AuditTimeline partnerID={p().id} />
                </div>
              </Show>
            </div>
          </>
        )}
      </QueryPage>
    </section>
  );
};
