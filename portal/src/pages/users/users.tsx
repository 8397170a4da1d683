import { OperatorInvitation, STAFF_ROLES, StaffInvitation, type StaffRole } from "@atensi/contracts";
import { type FormErrors, type PartialValues, reset } from "@modular-forms/solid";
import { createSignal, Match, Show, Switch } from "solid-js";
import { isApiError } from "../../api";
import { FormCheckboxes, FormText } from "../../components/fields";
import { applyProblem, createAppForm, FormActions, schemaValidator } from "../../components/form";
import { InfiniteList } from "../../components/infinite-list";
import { PageHeading } from "../../components/page";
import { ProblemAlert } from "../../components/problem";
import { columnIf } from "../../components/table";
import { can, type Session } from "../../data/session";
import {
  type Invitation,
  type User,
  useInviteOperator,
  useInviteStaff,
  useSetUserEnabled,
  useUsers,
} from "../../data/users";
import { formatDate, formatDateTime, t, tx } from "../../i18n";

/** The link went to the invitee by e-mail; the inviter is told where and until when. */
const InvitationResult = (props: { invitation: Invitation; onClose: () => void }) => (
  <div class="alert alert-success invitation-result" role="status" data-testid="invitation-result">
    <p>
      <strong>
        {t("users.invited", { name: props.invitation.user.name, email: props.invitation.user.email })}
      </strong>
    </p>
    <p>{t("users.linkSent", { date: formatDateTime(props.invitation.expiresAt) })}</p>
    <button type="button" class="button link" onClick={() => props.onClose()}>
      {t("users.closeLink")}
    </button>
  </div>
);

type InviteValues = { email: string; name: string; roles: string[] };

/**
 * The invitation form both kinds of invitation share: name and email, and roles where the
 * invitee is staff. `send` makes the request; `request` is its mutation state.
 */
const InviteForm = (props: {
  label: string;
  withRoles?: boolean;
  validate: (values: PartialValues<InviteValues>) => FormErrors<InviteValues>;
  send: (values: InviteValues) => Promise<Invitation>;
  request: { isPending: boolean; error: unknown };
  onInvited: (i: Invitation) => void;
}) => {
  const [form, { Form }] = createAppForm<InviteValues>({
    initialValues: { email: "", name: "", roles: [] },
    validate: props.validate,
  });
  const submit = async (values: InviteValues) => {
    try {
      props.onInvited(await props.send(values));
      reset(form);
    } catch (error) {
      applyProblem(form, error, { email_taken: "email" });
    }
  };
  return (
    <Form onSubmit={submit} class="form" aria-label={props.label}>
      <FormText of={form} name="name" label={t("field.name")} autocomplete="off" required />
      <FormText of={form} name="email" label={t("field.email")} type="email" autocomplete="off" required />
      <Show when={props.withRoles}>
        <FormCheckboxes
          of={form}
          name="roles"
          legend={t("field.roles")}
          options={STAFF_ROLES.map((r) => ({ value: r, label: tx(`role.${r}`) }))}
          required
        />
      </Show>
      <FormActions
        busy={props.request.isPending}
        label={t("users.sendInvitation")}
        error={props.request.error}
      />
    </Form>
  );
};

const operatorValues = ({ email, name }: PartialValues<InviteValues>) => ({ email, name });

const InviteStaff = (props: { onInvited: (i: Invitation) => void }) => {
  const invite = useInviteStaff();
  return (
    <InviteForm
      label={t("users.inviteStaff")}
      withRoles
      validate={schemaValidator<InviteValues>(StaffInvitation)}
      send={(values) => invite.mutateAsync({ ...values, roles: values.roles as StaffRole[] })}
      request={invite}
      onInvited={props.onInvited}
    />
  );
};

const InviteOperator = (props: { onInvited: (i: Invitation) => void }) => {
  const invite = useInviteOperator();
  return (
    <InviteForm
      label={t("users.inviteOperator")}
      validate={schemaValidator<InviteValues>(OperatorInvitation, operatorValues)}
      send={(values) => invite.mutateAsync({ email: values.email, name: values.name })}
      request={invite}
      onInvited={props.onInvited}
    />
  );
};

const ownAccount = (error: unknown) => isApiError(error) && error.code === "own_account";

/**
 * Disable (after a confirm step) or enable one user. The API decides (403 `own_account` for
 * oneself, 404 outside one's LKS); the page offers it only where the policy allows.
 */
const UserStatusAction = (props: {
  user: User;
  busy: boolean;
  confirming: boolean;
  onConfirm: (confirming: boolean) => void;
  onSet: (user: User, enabled: boolean) => void;
}) => (
  <Switch>
    <Match when={props.user.status === "disabled"}>
      <button
        type="button"
        class="button small"
        disabled={props.busy}
        aria-busy={props.busy}
        onClick={() => props.onSet(props.user, true)}
      >
        {t("users.enable")}
        <span class="sr-only"> {props.user.name}</span>
      </button>
    </Match>
    <Match when={props.confirming}>
      <div class="confirm-inline">
        <p class="small" id={`disable-${props.user.id}`}>
          {t("users.disableConfirm", { name: props.user.name })}
        </p>
        <div class="button-row">
          <button
            ref={(el) => queueMicrotask(() => el.focus())}
            type="button"
            class="button small danger"
            aria-describedby={`disable-${props.user.id}`}
            disabled={props.busy}
            aria-busy={props.busy}
            onClick={() => props.onSet(props.user, false)}
          >
            {t("users.disableYes")}
          </button>
          <button type="button" class="button small link" onClick={() => props.onConfirm(false)}>
            {t("common.cancel")}
          </button>
        </div>
      </div>
    </Match>
    <Match when={true}>
      <button
        type="button"
        class="button small danger-outline"
        disabled={props.busy}
        onClick={() => props.onConfirm(true)}
      >
        {t("users.disable")}
        <span class="sr-only"> {props.user.name}</span>
      </button>
    </Match>
  </Switch>
);

export const UsersPage = (props: { session: Session }) => {
  const users = useUsers();
  const [invitation, setInvitation] = createSignal<Invitation>();
  const canInviteStaff = () => can(props.session, "user.invite_staff");
  const canInviteOperator = () => can(props.session, "user.invite_operator");
  const canDisable = () => can(props.session, "user.disable");
  const setEnabled = useSetUserEnabled();
  const [confirming, setConfirming] = createSignal<string>();
  const [changed, setChanged] = createSignal<User>();
  const [failed, setFailed] = createSignal<{ user: User; error: unknown }>();
  const setUserEnabled = async (user: User, enabled: boolean) => {
    setChanged(undefined);
    setFailed(undefined);
    try {
      const updated = await setEnabled.mutateAsync({ id: user.id, enabled });
      setConfirming(undefined);
      setChanged(updated);
    } catch (error) {
      setFailed({ user, error });
    }
  };
  return (
    <section class="page">
      <PageHeading
        title={t("users.title")}
        lead={
          props.session.partner
            ? t("users.leadLks", { name: props.session.partner.name })
            : t("users.leadStaff")
        }
      />
      <Show when={canInviteStaff() || canInviteOperator()}>
        <section class="card invite" aria-labelledby="invite-heading">
          <h2 id="invite-heading">{canInviteStaff() ? t("users.inviteStaff") : t("users.inviteOperator")}</h2>
          <Show when={invitation()}>
            {(i) => <InvitationResult invitation={i()} onClose={() => setInvitation(undefined)} />}
          </Show>
          <Show when={canInviteStaff()} fallback={<InviteOperator onInvited={setInvitation} />}>
            <InviteStaff onInvited={setInvitation} />
          </Show>
        </section>
      </Show>
      <h2>{t("users.listTitle")}</h2>
      <Show when={changed()}>
        {(u) => (
          <p class="alert alert-success" role="status" data-testid="user-status-changed">
            {u().status === "disabled"
              ? t("users.disabled", { name: u().name })
              : t("users.enabled", { name: u().name })}
          </p>
        )}
      </Show>
      <Show when={failed()}>
        {(f) => (
          <ProblemAlert
            error={f().error}
            testid="user-status-failed"
            message={ownAccount(f().error) ? t("users.ownAccount") : undefined}
          />
        )}
      </Show>
      <InfiniteList
        query={users}
        empty={<p class="empty card">{t("users.empty")}</p>}
        label={t("users.listTitle")}
        columns={[
          { header: t("field.name"), cell: (user) => user.name },
          { header: t("field.email"), class: "break", cell: (user) => user.email },
          { header: t("field.roles"), cell: (user) => user.roles.map((r) => tx(`role.${r}`)).join(", ") },
          {
            header: t("field.status"),
            cell: (user) => (
              <span class={`badge badge-user-${user.status}`}>{tx(`userStatus.${user.status}`)}</span>
            ),
          },
          { header: t("field.createdAt"), cell: (user) => formatDate(user.createdAt, "medium") },
          ...columnIf<User>(canDisable(), {
            header: t("users.actions"),
            cell: (user) => (
              <Show when={user.id !== props.session.user.id}>
                <UserStatusAction
                  user={user}
                  busy={setEnabled.isPending && setEnabled.variables?.id === user.id}
                  confirming={confirming() === user.id}
                  onConfirm={(on) => {
                    setFailed(undefined);
                    setChanged(undefined);
                    setConfirming(on ? user.id : undefined);
                  }}
                  onSet={(u, enabled) => void setUserEnabled(u, enabled)}
                />
              </Show>
            ),
          }),
        ]}
      />
    </section>
  );
};
