import {
  AcceptInvitation,
  OperatorInvitation,
  type Role,
  StaffInvitation,
  UserListQuery,
  type UserStatus,
  type User as UserView,
} from "@atensi/contracts";
import { Actor, STAFF_TENANT } from "../actor";
import { Audit } from "../audit";
import { hashPassword } from "../auth/password";
import { revokeSessions } from "../auth/sessions";
import { hashToken, newToken } from "../auth/token";
import { Change, type Plan } from "../change";
import { Database } from "../db";
import type { EntityItem } from "../db/entity";
import { epochSeconds, nowISO, page, txStep } from "../db/support";
import { HubError } from "../error";
import { fn } from "../fn";
import { createID } from "../id";
import { Mail } from "../mail";
import { Notification } from "../notification";
import { Policy } from "../policy";
import { Unique } from "../unique";
import { Unit } from "../unit";
import { type UserItem, Users } from "./directory";
import { AccountTokenEntity, InvitationEntity, UserEntity } from "./entity";

export type { UserItem };
export { AccountTokenEntity, InvitationEntity, UserEntity };

/** Invitation links are valid 72 hours and work once; a resend ends the previous link. */
export const INVITATION_HOURS = 72;

type Purpose = EntityItem<typeof AccountTokenEntity>["purpose"];

const invalidLink = (what = "link") =>
  HubError.input(
    `This ${what} is invalid, was already used or has expired`,
    [{ field: "token", code: "link_invalid", message: "Invalid or expired link" }],
    "token_invalid",
  );

/** Single-use links sent by e-mail (password reset, address confirmation, e-mail change). */
export namespace AccountLink {
  export const issue = (purpose: Purpose, userID: string, validMs: number, newEmail?: string) => {
    const token = newToken();
    const expires = new Date(Date.now() + validMs);
    return {
      token,
      step: txStep(
        AccountTokenEntity.create({
          tokenHash: hashToken(token),
          purpose,
          userID,
          ...(newEmail ? { newEmail } : {}),
          expiresAt: expires.toISOString(),
          expiresAtEpoch: epochSeconds(expires),
        }),
      ),
    };
  };

  /** The link's record, if it is for one of `purposes` and still valid; otherwise 400 naming `token`. */
  export const open = async (token: string, purposes: readonly Purpose[]) => {
    const { data } = await AccountTokenEntity.get({ tokenHash: hashToken(token) }).go({ consistent: true });
    if (!data || !purposes.includes(data.purpose) || data.expiresAtEpoch < epochSeconds())
      throw invalidLink();
    return data;
  };

  /** The step that uses the link up: only one transaction can, so a link works once. */
  export const consume = (tokenHash: string) => ({
    step: txStep(AccountTokenEntity.delete({ tokenHash }).where((a, op) => op.exists(a.userID))),
    onConditionFailed: () => invalidLink(),
  });
}

/** The language a user reads mail in: their preference, Bahasa Indonesia until they choose. */
export const languageOf = async (userID: string) => (await Notification.preferencesOf(userID)).language;

/** Every versioned change of a user, with its audit event, in one transaction. */
const changes = Change.of({
  entity: UserEntity,
  type: "user",
  id: (user) => user.userID,
  keys: (user) => ({ userID: user.userID }),
  // Staff users' events belong to no LKS.
  tenant: (user) => user.partnerID ?? "",
  link: () => "/account",
  restate: (user) => ({ tenant: user.tenant, createdAt: user.createdAt }),
});

export namespace User {
  /** The steps of a change of a user, for a module that commits them with its own (auth). */
  export const prepareChange = (user: UserItem, plan: Plan<(typeof UserEntity)["schema"]>) =>
    changes.prepare(user, plan);

  export const toView = (item: UserItem): UserView => ({
    id: item.userID,
    email: item.email,
    name: item.name,
    roles: item.roles as Role[],
    ...(item.partnerID ? { partnerID: item.partnerID } : {}),
    ...(item.unitID ? { unitID: item.unitID } : {}),
    status: item.status as UserStatus,
    ...(item.emailConfirmedAt ? { emailConfirmedAt: item.emailConfirmedAt } : {}),
    createdAt: item.createdAt,
    version: item.version,
  });

  /**
   * The transaction steps that create a user: the item, its email guard and its first audit
   * event. Callers add them to their own transaction (registration, invitation).
   */
  export const prepare = async (input: {
    email: string;
    name: string;
    roles: Role[];
    partnerID?: string;
    unitID?: string;
    password?: string;
    status: UserStatus;
    invitationHash?: string;
    emailConfirmedAt?: string;
  }) => {
    const userID = createID("user");
    const now = nowISO();
    const prepared = await changes.prepareCreate(
      {
        userID,
        email: input.email,
        name: input.name,
        roles: input.roles,
        ...(input.partnerID ? { partnerID: input.partnerID } : {}),
        ...(input.unitID ? { unitID: input.unitID } : {}),
        tenant: input.partnerID ?? STAFF_TENANT,
        status: input.status,
        ...(input.password ? { passwordHash: await hashPassword(input.password) } : {}),
        ...(input.invitationHash ? { invitationHash: input.invitationHash } : {}),
        ...(input.emailConfirmedAt ? { emailConfirmedAt: input.emailConfirmedAt } : {}),
        createdAt: now,
        updatedAt: now,
      },
      {
        action: input.status === "invited" ? "user.invited" : "user.created",
        data: { email: input.email, roles: input.roles, ...(input.unitID ? { unitID: input.unitID } : {}) },
        steps: [
          Unique.claim("email", input.email, userID, () =>
            HubError.conflict("A user with this email already exists", "email_taken"),
          ),
        ],
      },
    );
    return { item: prepared.updated, steps: prepared.steps };
  };

  export const get = Users.get;

  export const ofTenant = Users.ofTenant;
  export const idsOfTenant = Users.idsOfTenant;

  export const fromEmail = async (email: string) => {
    const userID = await Unique.owner("email", email.trim().toLowerCase());
    return userID ? get(userID) : undefined;
  };

  const inviterName = () => {
    const actor = Actor.use();
    return actor.type === "user" ? actor.properties.name : "Kemensos";
  };

  /** The invitation link and its e-mail, as steps for the transaction that creates or renews it. */
  const invitationSteps = async (
    user: Pick<UserItem, "userID" | "email" | "name" | "roles">,
    token = newToken(),
  ) => {
    const tokenHash = hashToken(token);
    const expires = new Date(Date.now() + INVITATION_HOURS * 3_600_000);
    const mail = await Mail.enqueue({
      to: user.email,
      kind: "account.invitation",
      language: "id",
      userID: user.userID,
      content: {
        name: user.name,
        params: {
          name: user.name,
          inviter: inviterName(),
          role: user.roles.join(", "),
          hours: INVITATION_HOURS,
        },
        link: `/invitation#token=${encodeURIComponent(token)}`,
      },
    });
    return {
      token,
      tokenHash,
      expiresAt: expires.toISOString(),
      steps: [
        txStep(
          InvitationEntity.create({
            tokenHash,
            userID: user.userID,
            expiresAt: expires.toISOString(),
            expiresAtEpoch: epochSeconds(expires),
          }),
        ),
        mail.step,
      ],
    };
  };

  const invite = async (input: {
    email: string;
    name: string;
    roles: Role[];
    partnerID?: string;
    unitID?: string;
  }) => {
    const token = newToken();
    const user = await prepare({ ...input, status: "invited", invitationHash: hashToken(token) });
    const invitation = await invitationSteps(user.item, token);
    await Database.commit([...user.steps, ...invitation.steps]);
    return {
      user: toView(user.item),
      expiresAt: invitation.expiresAt,
      /** For core callers (seed, tests); the API answers without it: the link goes by e-mail only. */
      invitationToken: invitation.token,
    };
  };

  const loadInvited = async (userID: string) => {
    const user = await get(userID);
    if (!user) throw HubError.notFound("User");
    Policy.assert("user.manage_invitation", { partnerID: user.tenant }, "User");
    if (user.status !== "invited") {
      throw HubError.conflict("This user has already accepted the invitation", "invitation_used");
    }
    return user;
  };

  /** Sends a new invitation link (72 h again); the previous link stops working. */
  export const resendInvitation = async (userID: string) => {
    const user = await loadInvited(userID);
    const invitation = await invitationSteps(user);
    const updated = await changes.commit(user, {
      action: "user.invitation_resent",
      set: { invitationHash: invitation.tokenHash },
      steps: [
        ...(user.invitationHash ? [txStep(InvitationEntity.delete({ tokenHash: user.invitationHash }))] : []),
        ...invitation.steps,
      ],
    });
    return {
      user: toView(updated),
      expiresAt: invitation.expiresAt,
      invitationToken: invitation.token,
    };
  };

  /**
   * Withdraws an invitation that was not accepted: the link stops working and the address is free
   * to be invited again. The audit trail keeps the invitation and its withdrawal.
   */
  export const revokeInvitation = async (userID: string) => {
    const user = await loadInvited(userID);
    const audit = Audit.record({
      entityType: "user",
      entityID: userID,
      version: user.version + 1,
      action: "user.invitation_revoked",
      prevHash: user.auditHash,
      ...(user.partnerID ? { tenant: user.partnerID } : {}),
      data: { email: user.email },
    });
    await Database.commit([
      {
        step: txStep(UserEntity.delete({ userID }).where((a, op) => op.eq(a.version, user.version))),
        onConditionFailed: () => HubError.precondition(),
      },
      audit.step,
      Unique.release("email", user.email, userID),
      ...(user.invitationHash ? [txStep(InvitationEntity.delete({ tokenHash: user.invitationHash }))] : []),
    ]);
  };

  /** An admin invites Kemensos staff; the token is shown once and stored only hashed. */
  export const inviteStaff = fn(StaffInvitation, async (data) => {
    Policy.assert("user.invite_staff");
    if (data.unitID) await Unit.assertExists(data.unitID);
    return invite({
      email: data.email,
      name: data.name,
      roles: data.roles,
      ...(data.unitID ? { unitID: data.unitID } : {}),
    });
  });

  /** An LKS admin invites an operator of its own LKS; the tenant comes from the actor. */
  export const inviteOperator = fn(OperatorInvitation, async (data) => {
    const partnerID = Actor.tenant();
    Policy.assert("user.invite_operator", { partnerID: partnerID ?? "none" });
    return invite({ email: data.email, name: data.name, roles: ["lks_operator"], partnerID });
  });

  export const acceptInvitation = fn(AcceptInvitation, async (data) => {
    const tokenHash = hashToken(data.token);
    const { data: invitation } = await InvitationEntity.get({ tokenHash }).go({ consistent: true });
    if (!invitation || invitation.expiresAtEpoch < epochSeconds()) throw invalidLink("invitation link");
    const user = await get(invitation.userID);
    if (user?.status !== "invited")
      throw HubError.conflict("This invitation was already used", "invitation_used");
    const updated = await changes.commit(user, {
      action: "user.activated",
      set: {
        status: "active",
        // The link reached this address, which proves it is the invitee's.
        emailConfirmedAt: nowISO(),
        passwordHash: await hashPassword(data.password),
      },
      remove: ["invitationHash"],
      onStale: () => HubError.conflict("This invitation was already used", "invitation_used"),
      steps: [
        {
          step: txStep(InvitationEntity.delete({ tokenHash }).where((a, op) => op.exists(a.userID))),
          onConditionFailed: () => invalidLink("invitation link"),
        },
      ],
    });
    return toView(updated);
  });

  /** Users of one tenant: an LKS admin sees its own LKS; admins and auditors any, staff by default. */
  export const list = fn(UserListQuery, async (query) => {
    const own = Actor.tenant();
    const partnerID = own ?? query.partnerID;
    Policy.assert("user.list", partnerID ? { partnerID } : {}, "Partner");
    const result = await page(() =>
      UserEntity.query
        .byTenant({ tenant: partnerID ?? STAFF_TENANT })
        .go({ cursor: query.cursor ?? null, limit: query.limit ?? 25, order: "desc" }),
    );
    return { items: result.items.map(toView), nextCursor: result.nextCursor };
  });

  /**
   * Disables a user (an admin any user, an LKS admin users of its own LKS) and ends their
   * sessions at once; `enable` undoes it. Nobody disables themselves, so an LKS or the ministry
   * cannot lock out its last administrator by accident.
   */
  const setStatus = async (userID: string, to: "active" | "disabled") => {
    const user = await get(userID);
    if (!user) throw HubError.notFound("User");
    // Staff users belong to the ministry "tenant", so an LKS admin is told they do not exist.
    Policy.assert("user.disable", { partnerID: user.tenant }, "User");
    const actor = Actor.use();
    if (actor.type === "user" && actor.properties.userID === userID) {
      throw HubError.forbidden("You cannot change your own account's status", "own_account");
    }
    const target = to === "active" && !user.passwordHash ? "invited" : to;
    if (user.status === target) return toView(user);
    const updated = await changes.commit(user, {
      action: to === "disabled" ? "user.disabled" : "user.enabled",
      set: { status: target },
      data: { from: user.status, to: target },
    });
    if (target === "disabled") await revokeSessions(userID);
    return toView(updated);
  };

  export const disable = (userID: string) => setStatus(userID, "disabled");
  export const enable = (userID: string) => setStatus(userID, "active");

  /** Records a new password hash as a new version of the user, with its audit event. */
  export const setPasswordHash = async (user: UserItem, passwordHash: string) => {
    await changes.commit(user, { action: "user.password_changed", set: { passwordHash } });
  };
}
