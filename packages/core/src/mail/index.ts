import { createHash } from "node:crypto";
import type { Language } from "@atensi/contracts";
import pLimit from "p-limit";
import * as v from "valibot";
import { Database } from "../db";
import type { EntityItem } from "../db/entity";
import { epochSeconds, nowISO, page, txStep } from "../db/support";
import { HubError } from "../error";
import { createID } from "../id";
import { Policy } from "../policy";
import { parse } from "../validate";
import { Vault } from "../vault";
import { MailAttemptEntity, MailEntity, SuppressionEntity } from "./entity";
import { escapeHtml, type MailContent, renderMail } from "./render";
import { closeTransport, type MailFailure, mailSettings, transporter } from "./transport";

export type { MailContent };
export {
  closeTransport,
  escapeHtml,
  MailAttemptEntity,
  MailEntity,
  mailSettings,
  renderMail,
  SuppressionEntity,
};

type MailItem = EntityItem<typeof MailEntity>;

/**
 * Waits after attempts 1–7 (the 8th failure is final): 30 s, 2 min, 10 min, 1 h, 4 h, 12 h, 24 h,
 * about 41 hours in all, with ±20% jitter. Tests shrink them with ATENSI_MAIL_RETRY_SCALE.
 */
export const MAIL_RETRY_DELAYS_MS = [30e3, 120e3, 600e3, 3600e3, 14400e3, 43200e3, 86400e3] as const;
export const MAIL_MAX_ATTEMPTS = MAIL_RETRY_DELAYS_MS.length + 1;
const ATTEMPT_RETENTION_DAYS = 90;
const LEASE_MS = 60_000;

const retryScale = () => Number(process.env.ATENSI_MAIL_RETRY_SCALE ?? 1);
const mailRetryDelay = (attempt: number) => {
  const base = MAIL_RETRY_DELAYS_MS[attempt - 1];
  return base === undefined ? undefined : Math.round(base * (0.8 + 0.4 * Math.random()) * retryScale());
};

/** The kinds about the account itself (links, security notices): no preferences footer. */
const isAccountKind = (kind: string) => kind.startsWith("account.");

/** A mail id derived from what it is for, so an at-least-once producer cannot queue it twice. */
export const mailIDFor = (...parts: string[]) =>
  `eml_${createHash("sha256").update(parts.join(":")).digest("hex").slice(0, 26)}`;

const MailLogQuery = v.strictObject({
  day: v.optional(v.pipe(v.string(), v.isoDate("Use the format YYYY-MM-DD"))),
  to: v.optional(v.pipe(v.string(), v.email("Not a valid email address"))),
  cursor: v.optional(v.string()),
  limit: v.optional(
    v.pipe(v.string(), v.transform(Number), v.integer("A whole number"), v.minValue(1), v.maxValue(100)),
  ),
});

export namespace Mail {
  export type Input = {
    to: string;
    kind: string;
    language: Language;
    content: MailContent;
    userID?: string;
    /** Give one (see `mailIDFor`) when the same cause may be processed twice. */
    mailID?: string;
  };

  /**
   * The transaction step that queues an e-mail, committed with the change that causes it: the
   * mail is sent if and only if the change happened, and a failure to send never fails the change.
   */
  export const enqueue = async (input: Input) => {
    const mailID = input.mailID ?? createID("mail");
    const now = nowISO();
    const step = txStep(
      MailEntity.create({
        mailID,
        to: input.to.trim().toLowerCase(),
        kind: input.kind,
        language: input.language,
        payload: await Vault.seal(input.content),
        ...(input.userID ? { userID: input.userID } : {}),
        status: "pending",
        attempts: 0,
        nextAttemptAt: now,
        day: now.slice(0, 10),
        createdAt: now,
        updatedAt: now,
      }),
    );
    return { mailID, step: input.mailID ? { step, onConditionFailed: alreadyQueued } : step };
  };

  const alreadyQueued = () => HubError.conflict("This mail is already queued", "mail_queued");

  /** Takes the mail for one attempt unless it is finished, not yet due, or held by another worker. */
  const lease = async (mailID: string) => {
    const now = nowISO();
    const leaseUntil = new Date(Date.now() + LEASE_MS).toISOString();
    try {
      const { data } = await MailEntity.patch({ mailID })
        .add({ attempts: 1 })
        .set({ leaseUntil, status: "pending", nextAttemptAt: leaseUntil })
        .where(
          (a, op) =>
            `${op.eq(a.status, "pending")} AND ${op.lte(a.nextAttemptAt, now)} AND (${op.notExists(a.leaseUntil)} OR ${op.lt(a.leaseUntil, now)})`,
        )
        .go({ response: "all_new" });
      return data as MailItem;
    } catch (error) {
      if ((error as Error).message?.includes("conditional request failed")) return undefined;
      throw error;
    }
  };

  /**
   * Records an attempt and its result. Two plain writes: if the process dies between sending and
   * recording, the lease runs out and the mail is tried again, with the same Message-ID, so a
   * receiving server can recognise the repeat.
   */
  const finish = async (
    item: MailItem,
    set: Partial<MailItem>,
    outcome?: { ok: boolean; response: string; durationMs: number },
  ) => {
    const at = nowISO();
    await Promise.all([
      MailEntity.patch({ mailID: item.mailID })
        .set({ status: item.status, nextAttemptAt: item.nextAttemptAt, ...set, updatedAt: at })
        .remove(["leaseUntil"])
        .go(),
      ...(outcome
        ? [
            MailAttemptEntity.put({
              mailID: item.mailID,
              attempt: item.attempts,
              at,
              durationMs: outcome.durationMs,
              ok: outcome.ok,
              response: outcome.response.slice(0, 500),
              expiresAtEpoch: epochSeconds() + ATTEMPT_RETENTION_DAYS * 86400,
            }).go(),
          ]
        : []),
    ]);
  };

  /** Sends one mail if it is due and nobody else holds it; returns what happened. */
  export const attempt = async (mailID: string) => {
    const item = await lease(mailID);
    if (!item) return "skipped" as const;
    const settings = mailSettings();
    const suppressed = await SuppressionEntity.get({ address: item.to }).go();
    if (suppressed.data) {
      await finish(item, {
        status: "suppressed",
        nextAttemptAt: nowISO(),
        lastError: `The address ${suppressed.data.reason === "bounce" ? "bounced" : "complained"} before`,
        attempts: item.attempts - 1,
      });
      return "suppressed" as const;
    }
    const transport = await transporter();
    if (!transport) {
      // No transport configured: the mail waits (not an attempt) and goes once one is.
      await finish(item, {
        nextAttemptAt: new Date(Date.now() + 60_000).toISOString(),
        lastError: "No mail transport is configured",
        attempts: item.attempts - 1,
      });
      return "retrying" as const;
    }
    const content = await Vault.open<MailContent>(item.payload);
    const message = renderMail(item.language, item.kind, content, settings.portalUrl, {
      account: isAccountKind(item.kind),
    });
    const started = performance.now();
    try {
      const sent = await transport.send({
        from: settings.from,
        to: item.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${item.mailID}@atensi.kemensos.go.id>`,
        kind: item.kind,
        ...(settings.configurationSet ? { configurationSet: settings.configurationSet } : {}),
      });
      await finish(
        item,
        {
          status: "sent",
          nextAttemptAt: nowISO(),
          lastError: "",
          providerID: String(sent.messageId ?? sent.response).slice(0, 200),
        },
        { ok: true, response: sent.response, durationMs: Math.round(performance.now() - started) },
      );
      return "sent" as const;
    } catch (error) {
      const e = error as MailFailure;
      const response = (e.response ?? `${e.name ?? "Error"}: ${e.message ?? ""}`).slice(0, 500);
      // The provider's final word for this message (unknown mailbox, refused content).
      const permanent = e.permanent === true;
      const delay = permanent ? undefined : mailRetryDelay(item.attempts);
      const outcome = { ok: false, response, durationMs: Math.round(performance.now() - started) };
      if (delay === undefined) {
        await finish(item, { status: "failed", nextAttemptAt: nowISO(), lastError: response }, outcome);
        return "failed" as const;
      }
      await finish(
        item,
        { nextAttemptAt: new Date(Date.now() + delay).toISOString(), lastError: response },
        outcome,
      );
      return "retrying" as const;
    }
  };

  /** Mails that are due: new ones the immediate path missed, retries, and dead workers' leases. */
  export const sweep = async (options: { limit?: number; concurrency?: number } = {}) => {
    const run = pLimit(options.concurrency ?? 8);
    const { data } = await MailEntity.query
      .byStatus({ status: "pending" })
      .lte({ nextAttemptAt: nowISO() })
      .go({ limit: options.limit ?? 200, attributes: ["mailID"] });
    const results = await Promise.all(data.map((d) => run(() => attempt(d.mailID))));
    return { attempted: results.filter((r) => r !== "skipped").length };
  };

  /** Calls `listener` with the ids of mails as soon as the transaction that queued them commits. */
  export const onQueued = (listener: (mailIDs: string[]) => void) =>
    Database.afterCommit((items) => {
      const ids = Database.putItems(items, "mail").map((i) => i.mailID as string);
      if (ids.length) listener(ids);
    });

  const toView = (item: MailItem) => ({
    id: item.mailID,
    to: item.to,
    kind: item.kind,
    language: item.language,
    status: item.status,
    attempts: item.attempts,
    ...(item.status === "pending" ? { nextAttemptAt: item.nextAttemptAt } : {}),
    ...(item.lastError ? { lastError: item.lastError } : {}),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  });

  /** The delivery log (admins): one day's mails, or one address's, newest first. */
  export const list = async (query: unknown) => {
    Policy.assert("mail.read");
    const q = parse(MailLogQuery, query);
    const options = { cursor: q.cursor ?? null, limit: q.limit ?? 25, order: "desc" as const };
    const result = await page(() =>
      q.to
        ? MailEntity.query.byRecipient({ to: q.to.toLowerCase() }).go(options)
        : MailEntity.query.byDay({ day: q.day ?? nowISO().slice(0, 10) }).go(options),
    );
    return { items: result.items.map(toView), nextCursor: result.nextCursor };
  };

  export const fromID = async (mailID: string) => {
    Policy.assert("mail.read");
    const { data } = await MailEntity.get({ mailID }).go({ consistent: true });
    if (!data) throw HubError.notFound("Mail");
    const attempts = await MailAttemptEntity.query.byMail({ mailID }).go({ pages: "all" });
    return {
      ...toView(data),
      attemptLog: attempts.data.map(({ attempt, at, durationMs, ok, response }) => ({
        attempt,
        at,
        durationMs,
        ok,
        ...(response ? { response } : {}),
      })),
    };
  };

  /** Sends a failed or suppressed mail again, at once (admins). */
  export const resend = async (mailID: string) => {
    Policy.assert("mail.manage");
    const { data } = await MailEntity.get({ mailID }).go({ consistent: true });
    if (!data) throw HubError.notFound("Mail");
    if (data.status === "pending" || data.status === "sent") return toView(data);
    const now = nowISO();
    await Database.commit([
      {
        step: txStep(
          MailEntity.patch({ mailID })
            .set({ status: "pending", nextAttemptAt: now, updatedAt: now })
            .where((a, op) => op.eq(a.updatedAt, data.updatedAt)),
        ),
        onConditionFailed: () => HubError.precondition(),
      },
    ]);
    return toView({ ...data, status: "pending", nextAttemptAt: now, updatedAt: now });
  };

  /**
   * SES bounce and complaint events (through SNS): a permanent bounce or a complaint suppresses
   * the address, so the hub stops mailing it (SES's own account-level list does the same).
   */
  export const recordFeedback = async (message: unknown) => {
    const event = message as {
      eventType?: string;
      notificationType?: string;
      bounce?: {
        bounceType?: string;
        bouncedRecipients?: { emailAddress: string; diagnosticCode?: string }[];
      };
      complaint?: { complainedRecipients?: { emailAddress: string }[]; complaintFeedbackType?: string };
    };
    const type = event.eventType ?? event.notificationType;
    const at = nowISO();
    const entries =
      type === "Bounce" && event.bounce?.bounceType === "Permanent"
        ? (event.bounce.bouncedRecipients ?? []).map((r) => ({
            address: r.emailAddress,
            reason: "bounce" as const,
            detail: r.diagnosticCode ?? "permanent bounce",
          }))
        : type === "Complaint"
          ? (event.complaint?.complainedRecipients ?? []).map((r) => ({
              address: r.emailAddress,
              reason: "complaint" as const,
              detail: event.complaint?.complaintFeedbackType ?? "complaint",
            }))
          : [];
    await Promise.all(
      entries.map((e) =>
        SuppressionEntity.put({
          ...e,
          address: e.address.trim().toLowerCase(),
          detail: e.detail.slice(0, 300),
          at,
        }).go(),
      ),
    );
    return { suppressed: entries.length };
  };
}
