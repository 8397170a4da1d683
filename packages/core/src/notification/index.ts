import {
  DELIVERY_PREFERENCES,
  type DeliveryPreference,
  defaultPreference,
  INBOX_KINDS,
  kindRule,
  type Language,
  NotificationListQuery,
  type NotificationParams,
  type NotificationView,
  PreferencesUpdate,
  type Role,
} from "@atensi/contracts";
import pLimit from "p-limit";
import { Actor, STAFF_TENANT, type UserActor } from "../actor";
import { Database } from "../db";
import type { EntityItem } from "../db/entity";
import { nowISO, page, txStep } from "../db/support";
import { HubError } from "../error";
import { createID } from "../id";
import { Mail, mailIDFor } from "../mail";
import { can, Policy } from "../policy";
import { Unique } from "../unique";
import { type UserItem, Users } from "../user/directory";
import { parse } from "../validate";
import { DigestEntity, InboxCountEntity, InboxEntity, NotificationEntity, PreferenceEntity } from "./entity";

export { DigestEntity, InboxCountEntity, InboxEntity, NotificationEntity, PreferenceEntity };

type InboxItem = EntityItem<typeof InboxEntity>;
type NotificationItem = EntityItem<typeof NotificationEntity>;

/** The day in Jakarta (UTC+7) a digest entry belongs to. */
const jakartaDay = (at = new Date()) => new Date(at.getTime() + 7 * 3600e3).toISOString().slice(0, 10);

const asActor = (user: UserItem): UserActor => ({
  type: "user",
  properties: {
    userID: user.userID,
    email: user.email,
    name: user.name,
    roles: user.roles as Role[],
    ...(user.partnerID ? { partnerID: user.partnerID } : {}),
    sessionID: "notification",
  },
});

/** Whether the user's role and scope let them see a notification of this kind for this audience. */
const mayReceive = (user: UserItem, kind: string, audience: string) => {
  const read = kindRule(kind)?.read;
  if (!read) return true;
  return can(asActor(user), read, audience === STAFF_TENANT ? {} : { partnerID: audience });
};

const toView = (item: InboxItem): NotificationView => ({
  id: item.notificationID,
  kind: item.kind,
  params: (item.params ?? {}) as NotificationParams,
  ...(item.link ? { link: item.link } : {}),
  read: !!item.readAt,
  createdAt: item.createdAt,
});

export namespace Notification {
  export type Input = {
    /** An LKS (its partnerID) or Kemensos (`STAFF`). */
    audience: string;
    kind: string;
    params: NotificationParams;
    /** A portal path to what the notification is about. */
    link?: string;
    /** Only this user of the audience (e.g. a security notice), not everyone who may see it. */
    userID?: string;
  };

  export const STAFF = STAFF_TENANT;

  const item = (input: Input): NotificationItem => ({
    audience: input.userID ? `${input.audience}#${input.userID}` : input.audience,
    notificationID: createID("notification"),
    kind: input.kind,
    params: input.params,
    ...(input.link ? { link: input.link } : {}),
    fanout: "pending",
    createdAt: nowISO(),
  });

  /** The transaction step that adds a notification, committed with the change it reports. */
  export const step = (input: Input) => txStep(NotificationEntity.create(item(input)));

  /** A notification on its own (when there is no change to commit it with). */
  export const send = (input: Input) => Database.commit([step(input)]);

  /** Calls `listener` with new notifications' ids as soon as their transaction commits. */
  export const onAdded = (listener: (refs: { audience: string; notificationID: string }[]) => void) =>
    Database.afterCommit((items) => {
      const refs = Database.putItems(items, "notification").map((i) => ({
        audience: i.audience as string,
        notificationID: i.notificationID as string,
      }));
      if (refs.length) listener(refs);
    });

  export const preferencesOf = async (userID: string) => {
    const { data } = await PreferenceEntity.get({ userID }).go();
    return {
      language: (data?.language ?? "id") as Language,
      kinds: (data?.kinds ?? {}) as Record<string, DeliveryPreference>,
    };
  };

  /**
   * The language to write to an address in: its user's choice when the address is a user's
   * (a programme contact may be one), Bahasa Indonesia otherwise.
   */
  export const languageOf = async (email: string): Promise<Language> => {
    const userID = await Unique.owner("email", email.trim().toLowerCase());
    return userID ? (await preferencesOf(userID)).language : "id";
  };

  const preferenceFor = (kinds: Record<string, DeliveryPreference>, kind: string): DeliveryPreference =>
    kindRule(kind)?.mandatory ? "email" : (kinds[kind] ?? defaultPreference(kind));

  /**
   * Puts one notification in one user's inbox, with its unread count and its e-mail or digest
   * entry, in one transaction guarded by the inbox item: a second delivery adds nothing.
   */
  const deliver = async (n: NotificationItem, user: UserItem) => {
    const prefs = await preferencesOf(user.userID);
    const how = preferenceFor(prefs.kinds, n.kind);
    const params = (n.params ?? {}) as NotificationParams;
    const steps: Database.Step[] = [
      {
        step: txStep(
          InboxEntity.create({
            userID: user.userID,
            notificationID: n.notificationID,
            kind: n.kind,
            params,
            ...(n.link ? { link: n.link } : {}),
            createdAt: n.createdAt,
          }),
        ),
        onConditionFailed: () => HubError.conflict("Already in the inbox", "already_delivered"),
      },
      txStep(InboxCountEntity.update({ userID: user.userID }).add({ unread: 1 })),
    ];
    if (how === "email") {
      const mail = await Mail.enqueue({
        mailID: mailIDFor(n.notificationID, user.userID),
        to: user.email,
        kind: n.kind,
        language: prefs.language,
        userID: user.userID,
        content: { name: user.name, params, ...(n.link ? { link: n.link } : {}) },
      });
      steps.push(mail.step);
    } else if (how === "digest") {
      steps.push(
        txStep(
          DigestEntity.put({
            day: jakartaDay(new Date(n.createdAt)),
            userID: user.userID,
            notificationID: n.notificationID,
          }),
        ),
      );
    }
    try {
      await Database.commit(steps);
      return true;
    } catch (error) {
      if (error instanceof HubError && error.code === "already_delivered") return false;
      throw error;
    }
  };

  /** The users a notification is for: one named user, or everyone of the audience who may see it. */
  const recipients = async (n: NotificationItem) => {
    const [tenant, onlyUser] = n.audience.split("#");
    return (await Users.ofTenant(tenant!)).filter(
      (u) => u.status === "active" && (onlyUser ? u.userID === onlyUser : mayReceive(u, n.kind, tenant!)),
    );
  };

  /** Fans one notification out to its recipients' inboxes; safe to repeat and to run concurrently. */
  export const fanOut = async (ref: { audience: string; notificationID: string }) => {
    const { data: n } = await NotificationEntity.get(ref).go({ consistent: true });
    if (n?.fanout !== "pending") return 0;
    const run = pLimit(8);
    const delivered = await Promise.all((await recipients(n)).map((u) => run(() => deliver(n, u))));
    await NotificationEntity.patch(ref).set({ fanout: "done", createdAt: n.createdAt }).go();
    return delivered.filter(Boolean).length;
  };

  /** Notifications the immediate path missed (a crash, or no worker in this process), oldest first. */
  export const sweep = async (options: { limit?: number; graceMs?: number } = {}) => {
    const cutoff = new Date(Date.now() - (options.graceMs ?? 0)).toISOString();
    const { data } = await NotificationEntity.query
      .byFanout({ fanout: "pending" })
      .lte({ createdAt: cutoff })
      .go({ limit: options.limit ?? 100, attributes: ["audience", "notificationID"] });
    const run = pLimit(4);
    await Promise.all(data.map((ref) => run(() => fanOut(ref))));
    return { fannedOut: data.length };
  };

  /**
   * The daily digests: for each user with digest entries on a day before today (Jakarta), one
   * e-mail listing them, queued in the same transaction that clears the entries.
   */
  export const sendDigests = async (options: { days?: number } = {}) => {
    const today = jakartaDay();
    let sent = 0;
    for (let back = options.days ?? 3; back >= 1; back--) {
      const day = jakartaDay(new Date(Date.now() - back * 86400e3));
      if (day >= today) continue;
      const { data } = await DigestEntity.query.byDay({ day }).go({ pages: "all" });
      const byUser = new Map<string, string[]>();
      for (const d of data) byUser.set(d.userID, [...(byUser.get(d.userID) ?? []), d.notificationID]);
      for (const [userID, ids] of byUser) {
        const user = await Users.get(userID);
        const entries = ids.map((notificationID) => DigestEntity.delete({ day, userID, notificationID }));
        const inbox = await Promise.all(
          ids.map((notificationID) => InboxEntity.get({ userID, notificationID }).go()),
        );
        const items = inbox.flatMap((r) =>
          r.data
            ? [
                {
                  kind: r.data.kind,
                  params: r.data.params as NotificationParams,
                  ...(r.data.link ? { link: r.data.link } : {}),
                },
              ]
            : [],
        );
        const steps: Database.Step[] = entries.map((e) => txStep(e));
        if (user?.status === "active" && items.length) {
          const prefs = await preferencesOf(userID);
          const mail = await Mail.enqueue({
            mailID: mailIDFor("digest", day, userID),
            to: user.email,
            kind: "mail.digest",
            language: prefs.language,
            userID,
            content: { name: user.name, params: { count: items.length }, link: "/notifications", items },
          });
          steps.push(mail.step);
        }
        // One transaction holds at most 100 items; the mail goes with the last entries.
        for (let i = 0; i < steps.length; i += 99) await Database.commit(steps.slice(i, i + 99));
        sent++;
      }
    }
    return { digests: sent };
  };

  const me = () => Actor.assert("user").properties;

  /** The signed-in user's own inbox, newest first (optionally only unread). */
  export const list = async (query: unknown) => {
    Policy.assert("notification.list");
    const q = parse(NotificationListQuery, query);
    const { userID } = me();
    const base = InboxEntity.query.byUser({ userID });
    const filtered = q.unread === "true" ? base.where((a, op) => op.notExists(a.readAt)) : base;
    const result = await page(() =>
      filtered.go({ cursor: q.cursor ?? null, limit: q.limit ?? 25, order: "desc" }),
    );
    return { items: result.items.map(toView), nextCursor: result.nextCursor };
  };

  export const unreadCount = async () => {
    Policy.assert("notification.list");
    const { data } = await InboxCountEntity.get({ userID: me().userID }).go();
    return { unread: Math.max(0, data?.unread ?? 0) };
  };

  const markOne = async (userID: string, notificationID: string, at: string) => {
    try {
      await Database.commit([
        txStep(
          InboxEntity.patch({ userID, notificationID })
            .set({ readAt: at })
            .where((a, op) => op.notExists(a.readAt)),
        ),
        txStep(InboxCountEntity.update({ userID }).add({ unread: -1 })),
      ]);
    } catch (error) {
      // Already read, or not this user's: nothing to count.
      if (!(error instanceof HubError && error.kind === "precondition")) throw error;
    }
  };

  export const markRead = async (notificationID: string) => {
    Policy.assert("notification.list");
    const { userID } = me();
    const { data } = await InboxEntity.get({ userID, notificationID }).go({ consistent: true });
    if (!data) throw HubError.notFound("Notification");
    await markOne(userID, notificationID, nowISO());
    return toView({ ...data, readAt: data.readAt ?? nowISO() });
  };

  /** Marks every unread notification read, oldest pages first; returns how many it marked. */
  export const markAllRead = async () => {
    Policy.assert("notification.list");
    const { userID } = me();
    const at = nowISO();
    const { data } = await InboxEntity.query
      .byUser({ userID })
      .where((a, op) => op.notExists(a.readAt))
      .go({ pages: "all", attributes: ["notificationID"] });
    const run = pLimit(8);
    await Promise.all(data.map((d) => run(() => markOne(userID, d.notificationID, at))));
    return { marked: data.length };
  };

  const preferencesView = (prefs: Awaited<ReturnType<typeof preferencesOf>>) => ({
    language: prefs.language,
    items: INBOX_KINDS.map((kind) => ({
      kind,
      preference: preferenceFor(prefs.kinds, kind),
      mandatory: !!kindRule(kind)?.mandatory,
    })),
  });

  export const preferences = async () => {
    Policy.assert("notification.list");
    return preferencesView(await preferencesOf(me().userID));
  };

  /** Sets how each kind reaches the user; a mandatory kind cannot be taken off e-mail. */
  export const setPreferences = async (input: unknown) => {
    Policy.assert("notification.list");
    const data = parse(PreferencesUpdate, input);
    const refused = Object.entries(data.preferences ?? {}).filter(
      ([kind, how]) => kindRule(kind)?.mandatory && how !== "email",
    );
    if (refused.length) {
      throw HubError.input(
        "Security and deadline notices are always sent by e-mail",
        refused.map(([kind]) => ({
          field: `preferences.${kind}`,
          code: "mandatory",
          message: "This notice is mandatory",
        })),
        "mandatory_notification",
      );
    }
    const { userID } = me();
    const current = await preferencesOf(userID);
    const next = {
      language: data.language ?? current.language,
      kinds: { ...current.kinds, ...(data.preferences ?? {}) },
    };
    await PreferenceEntity.put({ userID, ...next, updatedAt: nowISO() }).go();
    return preferencesView(next);
  };

  export const PREFERENCES = DELIVERY_PREFERENCES;
}
