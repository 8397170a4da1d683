import { createHash, createHmac } from "node:crypto";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { DeliveryListQuery, type Delivery as DeliveryView, Redelivery } from "@atensi/contracts";
import pLimit from "p-limit";
import { Audit } from "../audit";
import { Database } from "../db";
import type { EntityItem } from "../db/entity";
import { epochSeconds, nowISO, page, txStep } from "../db/support";
import { HubError } from "../error";
import { fn } from "../fn";
import { Mail, mailIDFor } from "../mail";
import { Notification } from "../notification";
import { Outbox } from "../outbox";
import { Policy } from "../policy";
import { Program } from "../program";
import { Endpoint } from "./endpoint";
import { AttemptEntity, DeliveryEntity } from "./entity";
import { deliveryAgents, urlProblem } from "./guard";

export { isPublicAddress, urlProblem } from "./guard";
export { AttemptEntity, DeliveryEntity, Endpoint };

type DeliveryItem = EntityItem<typeof DeliveryEntity>;

/**
 * Waits after attempts 1–7 (the 8th failure is final): 1 min, 5 min, 30 min, 2 h, 8 h, 24 h,
 * 36 h, about 2.9 days in all, each with ±20% jitter so retries of many events spread out.
 */
export const RETRY_DELAYS_MS = [60e3, 300e3, 1800e3, 7200e3, 28800e3, 86400e3, 129600e3] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** An endpoint that has failed without a single success for this long is disabled. */
export const FAILING_DISABLE_MS = 5 * 24 * 3600e3;
export const RESPONSE_BODY_BYTES = 1024;
const ATTEMPT_RETENTION_DAYS = 90;

/** Timeout and retry pace; tests and benchmarks shrink them through the environment. */
export const deliverySettings = () => ({
  timeoutMs: Number(process.env.ATENSI_WEBHOOK_TIMEOUT_MS ?? 15_000),
  retryScale: Number(process.env.ATENSI_WEBHOOK_RETRY_SCALE ?? 1),
});

/** The longest a receiver's `Retry-After` is honoured for; a longer ask waits this long. */
export const RETRY_AFTER_CAP_MS = 3600e3;

/**
 * A 429's `Retry-After` (delay-seconds or an HTTP date, RFC 9110 §10.2.3) as a wait in
 * milliseconds, capped; undefined when absent or unreadable (the ordinary schedule applies).
 * Not scaled like the schedule: it is the receiver's own ask.
 */
export const retryAfterMs = (value: string | undefined, now = Date.now()) => {
  const text = value?.trim();
  if (!text) return undefined;
  // An HTTP date starts with the weekday (IMF-fixdate, RFC 850 or asctime); Date.parse alone
  // would take almost anything ("-5" is a year).
  const ms = /^\d+$/.test(text)
    ? Number(text) * 1000
    : /^[A-Za-z]{3,9},? /.test(text)
      ? Date.parse(text) - now
      : Number.NaN;
  if (Number.isNaN(ms)) return undefined;
  return Math.min(Math.max(ms, 0), RETRY_AFTER_CAP_MS);
};

export const retryDelay = (attempt: number, random = Math.random) => {
  const base = RETRY_DELAYS_MS[attempt - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (0.8 + 0.4 * random()) * deliverySettings().retryScale);
};

export const deliveryIDFor = (eventID: string, endpointID: string) =>
  `dlv_${createHash("sha256").update(`${eventID}:${endpointID}`).digest("hex").slice(0, 26)}`;

/** Standard Webhooks `v1` signatures, one per live secret, space-separated. */
export const sign = (secrets: string[], id: string, timestamp: number, body: string) =>
  secrets
    .map(
      (secret) =>
        `v1,${createHmac("sha256", Buffer.from(secret.replace(/^whsec_/, ""), "base64"))
          .update(`${id}.${timestamp}.${body}`)
          .digest("base64")}`,
    )
    .join(" ");

const dueListeners = new Set<(deliveryIDs: string[]) => void>();

type Outcome = {
  statusCode?: number;
  error?: string;
  responseBody?: string;
  durationMs: number;
  retryAfter?: string;
};

/** Reads at most `limit` bytes of the answer, then drops the rest (and the connection with it). */
const readPrefix = (res: IncomingMessage, limit: number) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).subarray(0, limit).toString("utf8"));
    res.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        res.destroy();
        done();
      }
    });
    res.on("end", done);
    res.on("error", done);
    res.on("close", done);
  });

/** One POST: SSRF-checked first, then through the guarded agents, with one overall deadline. */
const post = async (url: string, headers: Record<string, string>, body: string): Promise<Outcome> => {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { timeoutMs } = deliverySettings();
  const problem = await urlProblem(url);
  if (problem) return { error: `Refused before sending: ${problem.message}`, durationMs: 0 };
  const target = new URL(url);
  const https = target.protocol === "https:";
  return new Promise<Outcome>((resolve) => {
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const req = (https ? httpsRequest : httpRequest)(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        agent: https ? deliveryAgents().https : deliveryAgents().http,
      },
      (res) => {
        void readPrefix(res, RESPONSE_BODY_BYTES).then((responseBody) =>
          finish({
            statusCode: res.statusCode,
            responseBody,
            durationMs: elapsed(),
            ...(typeof res.headers["retry-after"] === "string"
              ? { retryAfter: res.headers["retry-after"] }
              : {}),
          }),
        );
      },
    );
    const deadline = setTimeout(() => {
      req.destroy();
      finish({ error: "timed out", durationMs: elapsed() });
    }, timeoutMs);
    req.on("error", (error: NodeJS.ErrnoException) =>
      finish({ error: `${error.code ?? error.name}: ${error.message}`.slice(0, 300), durationMs: elapsed() }),
    );
    req.end(body);
  });
};

export namespace Delivery {
  export const toView = (item: DeliveryItem): DeliveryView => ({
    id: item.deliveryID,
    eventID: item.eventID,
    eventType: item.eventType,
    subject: item.subject,
    endpointID: item.endpointID,
    programID: item.programID,
    status: item.status,
    attempts: item.attempts,
    ...(item.status === "pending" ? { nextAttemptAt: item.nextAttemptAt } : {}),
    ...(item.lastStatusCode !== undefined ? { lastStatusCode: item.lastStatusCode } : {}),
    ...(item.lastError ? { lastError: item.lastError } : {}),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
  });

  type EndpointItem = Awaited<ReturnType<typeof Endpoint.load>>;
  /**
   * A delivery this worker holds for its first attempt. `closes`: the event whose outbox item
   * the attempt's result write also marks fanned out (when the claim left that to it).
   */
  type Leased = { item: DeliveryItem; endpoint: EndpointItem; event: Outbox.Event; closes?: Outbox.Event };

  const leaseUntilFromNow = () => new Date(Date.now() + deliverySettings().timeoutMs + 10_000).toISOString();

  const conditionFailed = (error: unknown) =>
    (error as Error)?.name === "ConditionalCheckFailedException" ||
    !!(error as Error)?.message?.includes("conditional request failed");

  /** Attempts to different endpoints run concurrently, this many at once per process. */
  const attempts = pLimit(Number(process.env.ATENSI_WEBHOOK_CONCURRENCY ?? 32));

  /**
   * Turns an outbox event into one delivery per subscribed endpoint: the claim, one DynamoDB
   * call. Safe to call twice or concurrently: only the call that creates the deliveries gets
   * them back, already leased to it for their first attempt; everything else is left to the sweep.
   *
   * The event comes from the commit (local worker) or the stream record (dispatch), so it is not
   * read back; given only its id (the sweep), it is read and must still be pending. Endpoints come
   * from the short-lived cache. The usual case, one endpoint, claims with a single conditional
   * PutItem of the leased delivery and leaves marking the outbox item to the attempt's result
   * write: from the claim on, the delivery itself is durable and retried by the sweep if this
   * worker dies, and an outbox item still pending meanwhile only makes the sweep find the
   * delivery made and mark the event. Several endpoints (or a disabled one) claim with one
   * transaction that also marks the event.
   */
  export const fanOut = async (
    source: string | Outbox.Event,
  ): Promise<{ event?: Outbox.Event; leased: Leased[] }> => {
    let event: Outbox.Event;
    if (typeof source === "string") {
      const stored = await Outbox.get(source);
      if (stored?.status !== "pending") return { leased: [] };
      event = stored;
    } else event = source;
    const { eventID } = event;
    const endpoints = await Endpoint.subscribers(event.programID, event.type);
    const now = nowISO();
    const leaseUntil = leaseUntilFromNow();
    const items = endpoints.map((endpoint) => ({
      endpoint,
      event,
      item: {
        deliveryID: deliveryIDFor(eventID, endpoint.endpointID),
        eventID,
        eventType: event.type,
        subject: event.subject,
        endpointID: endpoint.endpointID,
        programID: endpoint.programID,
        ...(endpoint.enabled
          ? { status: "pending" as const, attempts: 1, leaseUntil, nextAttemptAt: leaseUntil }
          : {
              status: "failed" as const,
              attempts: 0,
              lastError: "The endpoint was disabled when the event occurred",
              nextAttemptAt: now,
            }),
        createdAt: now,
        updatedAt: now,
      } as DeliveryItem,
    }));
    const pending = items.filter(({ item }) => item.status === "pending");
    const alone = items.length === 1 && pending.length === 1;
    const done = () => HubError.conflict("Already fanned out", "already_dispatched");
    try {
      if (items.length === 0) await Outbox.close(eventID, event.createdAt);
      else if (alone) await DeliveryEntity.create(items[0]!.item).go();
      else
        await Database.commit([
          { step: Outbox.markDispatched(eventID, event.createdAt), onConditionFailed: done },
          ...items.map(({ item }) => ({
            step: txStep(DeliveryEntity.create(item)),
            onConditionFailed: done,
          })),
        ]);
    } catch (error) {
      const made =
        conditionFailed(error) || (error instanceof HubError && error.code === "already_dispatched");
      if (!made) throw error;
      // Another worker made the deliveries; the event may still be pending if it died since.
      await Outbox.close(eventID, event.createdAt);
      return { leased: [] };
    }
    return { event, leased: pending.map((l) => (alone ? { ...l, closes: event } : l)) };
  };

  /** Takes the delivery for one attempt unless it is finished, not yet due, or held by another worker. */
  const lease = async (deliveryID: string) => {
    const now = new Date();
    const leaseUntil = leaseUntilFromNow();
    try {
      const { data } = await DeliveryEntity.patch({ deliveryID })
        .add({ attempts: 1 })
        // Out of the due range while held: a dead worker's delivery falls due when its lease ends.
        .set({ leaseUntil, status: "pending", nextAttemptAt: leaseUntil })
        .where(
          (a, op) =>
            `${op.eq(a.status, "pending")} AND ${op.lte(a.nextAttemptAt, now.toISOString())} AND (${op.notExists(a.leaseUntil)} OR ${op.lt(a.leaseUntil, now.toISOString())})`,
        )
        .go({ response: "all_new" });
      return data as DeliveryItem;
    } catch (error) {
      if (conditionFailed(error)) return undefined;
      throw error;
    }
  };

  /**
   * Records an attempt and its result in one call: the delivery (written whole, lease dropped:
   * this worker holds it, so it has the item), the attempt log entry and, when the claim left it,
   * the outbox item marked fanned out. A BatchWriteItem, not a transaction: each write is safe
   * alone. If the process dies before it, the lease runs out and the delivery is simply tried
   * again (at least once, same `webhook-id`), which the attempt log then shows.
   */
  const finish = async (
    item: DeliveryItem,
    set: Partial<DeliveryItem>,
    outcome?: Outcome,
    closes?: Outbox.Event,
  ) => {
    const at = nowISO();
    const { leaseUntil: _held, ...rest } = item;
    await Database.putAll([
      DeliveryEntity.put({ ...rest, ...set, updatedAt: at }).params(),
      ...(outcome
        ? [
            AttemptEntity.put({
              deliveryID: item.deliveryID,
              attempt: item.attempts,
              at,
              durationMs: outcome.durationMs,
              ...(outcome.statusCode !== undefined ? { statusCode: outcome.statusCode } : {}),
              ...(outcome.error ? { error: outcome.error } : {}),
              ...(outcome.responseBody ? { responseBody: outcome.responseBody } : {}),
              expiresAtEpoch: epochSeconds() + ATTEMPT_RETENTION_DAYS * 86400,
            }).params(),
          ]
        : []),
      ...(closes ? [Outbox.dispatchedItem(closes)] : []),
    ]);
  };

  /**
   * Disables an endpoint and, in the same transaction, tells Kemensos staff (their inboxes, and
   * e-mail: the kind is mandatory) and e-mails the programme's contacts, each in their language.
   * Neither notice carries anything about the referrals whose deliveries failed.
   */
  const disableEndpoint = (endpointID: string, programID: string, reason: string) =>
    Endpoint.disable(endpointID, reason, async (endpoint) => {
      const program = await Program.load(programID);
      // The catalogues tell the two causes the hub itself disables for (gone, failing) by code.
      const params = {
        url: endpoint.url,
        program: program.code,
        reason: reason.includes("410") ? "gone" : reason.includes("5 days") ? "failing" : reason,
      };
      const mails = await Promise.all(
        (program.contactEmails ?? []).map(async (to) =>
          Mail.enqueue({
            to,
            kind: "endpoint.disabled_contact",
            language: await Notification.languageOf(to),
            content: { name: program.name, params, link: "/docs" },
            mailID: mailIDFor("endpoint.disabled", endpointID, String(endpoint.version), to),
          }),
        ),
      );
      return [
        Notification.step({
          audience: Notification.STAFF,
          kind: "endpoint.disabled",
          params,
          link: `/programs/${programID}`,
        }),
        ...mails.map((m) => m.step),
      ];
    });

  /**
   * One delivery attempt: sign, POST (15 s timeout, no redirects, SSRF-checked), log the attempt,
   * then mark the delivery delivered, schedule the next try, or give up. Returns what happened.
   */
  export const attempt = async (deliveryID: string) => {
    const item = await lease(deliveryID);
    if (!item) return "skipped" as const;
    return attempts(() => send(item));
  };

  /** The attempt itself, on a delivery this worker holds the lease of. */
  const send = async (
    item: DeliveryItem,
    loaded: { endpoint?: EndpointItem; event?: Outbox.Event; closes?: Outbox.Event } = {},
  ) => {
    const deliveryID = item.deliveryID;
    const { closes } = loaded;
    const endpoint = loaded.endpoint ?? (await Endpoint.current(item.endpointID).catch(() => undefined));
    if (!endpoint?.enabled) {
      await finish(
        item,
        {
          status: "failed",
          nextAttemptAt: nowISO(),
          lastError: "The endpoint is disabled or was removed",
          attempts: item.attempts - 1,
        },
        undefined,
        closes,
      );
      return "failed" as const;
    }
    const event = loaded.event ?? (await Outbox.get(item.eventID));
    if (!event) throw new Error(`Outbox event ${item.eventID} of ${deliveryID} is missing`);
    const body = JSON.stringify(event.body);
    const timestamp = Math.floor(Date.now() / 1000);
    const outcome = await post(
      endpoint.url,
      {
        "content-type": "application/json",
        "user-agent": "ATENSI-Integration-Hub-Webhooks/1.0",
        "webhook-id": item.eventID,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": sign(await Endpoint.signingSecrets(endpoint), item.eventID, timestamp, body),
      },
      body,
    );
    const ok = outcome.statusCode !== undefined && outcome.statusCode >= 200 && outcome.statusCode < 300;
    // A receiver that is throttling says when to come back; that replaces the schedule's wait.
    const throttled = outcome.statusCode === 429 ? retryAfterMs(outcome.retryAfter) : undefined;
    const last = {
      ...(outcome.statusCode !== undefined ? { lastStatusCode: outcome.statusCode } : {}),
      lastError: ok
        ? ""
        : (outcome.error ??
          `HTTP ${outcome.statusCode}${throttled !== undefined ? ` (Retry-After: ${outcome.retryAfter})` : ""}`),
    };
    if (ok) {
      await finish(item, { status: "delivered", nextAttemptAt: nowISO(), ...last }, outcome, closes);
      await Endpoint.recordSuccess(endpoint);
      return "delivered" as const;
    }
    if (outcome.statusCode === 410) {
      await finish(item, { status: "failed", nextAttemptAt: nowISO(), ...last }, outcome, closes);
      await disableEndpoint(endpoint.endpointID, endpoint.programID, "the receiver answered 410 Gone");
      return "failed" as const;
    }
    const scheduled = retryDelay(item.attempts);
    const delay = scheduled === undefined ? undefined : (throttled ?? scheduled);
    const failingSince = await Endpoint.recordFailure(endpoint, nowISO());
    if (delay === undefined) {
      await finish(item, { status: "failed", nextAttemptAt: nowISO(), ...last }, outcome, closes);
    } else {
      await finish(
        item,
        { nextAttemptAt: new Date(Date.now() + delay).toISOString(), ...last },
        outcome,
        closes,
      );
    }
    if (Date.now() - Date.parse(failingSince) >= FAILING_DISABLE_MS) {
      await disableEndpoint(endpoint.endpointID, endpoint.programID, "every delivery failed for 5 days");
    }
    return delay === undefined ? ("failed" as const) : ("retrying" as const);
  };

  /**
   * What a dispatch worker does with an outbox event (the event itself, or its id): fan it out,
   * then try each delivery once, different endpoints concurrently.
   */
  export const processEvent = async (source: string | Outbox.Event) => {
    const { leased } = await fanOut(source);
    return Promise.all(leased.map((l) => attempts(() => send(l.item, l))));
  };

  /**
   * Runs jobs one after another per key and different keys concurrently: workers key events by
   * their subject, so one referral's events reach each endpoint in the order they were committed.
   */
  export const inOrder = () => {
    const tails = new Map<string, Promise<unknown>>();
    return <T>(key: string, job: () => Promise<T>): Promise<T> => {
      const next = (tails.get(key) ?? Promise.resolve()).catch(() => {}).then(job);
      tails.set(key, next);
      const forget = () => {
        if (tails.get(key) === next) tails.delete(key);
      };
      next.then(forget, forget);
      return next;
    };
  };

  /**
   * The sweep: events that were never fanned out (a crash between commit and dispatch) and
   * deliveries whose retry is due or whose worker died holding them. Bounded per run.
   */
  export const sweep = async (
    options: { limit?: number; concurrency?: number; outboxGraceMs?: number } = {},
  ) => {
    const limit = options.limit ?? 200;
    const run = pLimit(options.concurrency ?? 16);
    const graceCutoff = new Date(Date.now() - (options.outboxGraceMs ?? 10_000)).toISOString();
    const events = await Outbox.pending(limit, graceCutoff);
    await Promise.all(events.map((id) => run(() => processEvent(id))));
    const { data } = await DeliveryEntity.query
      .byStatus({ status: "pending" })
      .lte({ nextAttemptAt: nowISO() })
      .go({ limit, attributes: ["deliveryID"] });
    const results = await Promise.all(data.map((d) => run(() => attempt(d.deliveryID))));
    return { events: events.length, attempted: results.filter((r) => r !== "skipped").length };
  };

  /** Tells an in-process worker (local runtime) that deliveries became due now. */
  export const onDue = (listener: (deliveryIDs: string[]) => void) => {
    dueListeners.add(listener);
    return () => dueListeners.delete(listener);
  };

  const load = async (deliveryID: string) => {
    const { data } = await DeliveryEntity.get({ deliveryID }).go({ consistent: true });
    if (!data) throw HubError.notFound("Delivery");
    return data;
  };

  export const fromID = async (deliveryID: string) => {
    Policy.assert("integration.read");
    const item = await load(deliveryID);
    const { data } = await AttemptEntity.query.byDelivery({ deliveryID }).go({ pages: "all" });
    return {
      ...toView(item),
      attemptLog: data.map(({ attempt, at, durationMs, statusCode, error, responseBody }) => ({
        attempt,
        at,
        durationMs,
        ...(statusCode !== undefined ? { statusCode } : {}),
        ...(error ? { error } : {}),
        ...(responseBody !== undefined ? { responseBody } : {}),
      })),
    };
  };

  /** The delivery log of an endpoint, newest first. */
  export const list = fn.on(DeliveryListQuery, async (endpointID, q) => {
    Policy.assert("integration.read");
    await Endpoint.load(endpointID);
    const base = DeliveryEntity.query.byEndpoint({ endpointID });
    const filtered = q.status ? base.where((a, op) => op.eq(a.status, q.status!)) : base;
    const result = await page(() =>
      filtered.go({ cursor: q.cursor ?? null, limit: q.limit ?? 25, order: "desc" }),
    );
    return { items: result.items.map(toView), nextCursor: result.nextCursor };
  });

  /** The deliveries of the given events (a referral's timeline shows them to staff). */
  export const ofEvents = async (eventIDs: string[]) => {
    const all = await Promise.all(
      eventIDs.map((eventID) => DeliveryEntity.query.byEvent({ eventID }).go({ pages: "all" })),
    );
    return all.flatMap((r) => r.data.map(toView));
  };

  const requeue = async (item: DeliveryItem) => {
    const version = (item.redeliveries ?? 0) + 1;
    const audit = Audit.record({
      entityType: "delivery",
      entityID: item.deliveryID,
      version,
      action: "delivery.redelivered",
      ...(item.auditHash ? { prevHash: item.auditHash } : {}),
      data: { endpointID: item.endpointID, eventID: item.eventID, previousStatus: item.status },
    });
    const now = nowISO();
    await Database.commit([
      {
        step: txStep(
          DeliveryEntity.patch({ deliveryID: item.deliveryID })
            .set({
              status: "pending",
              nextAttemptAt: now,
              updatedAt: now,
              redeliveries: version,
              auditHash: audit.hash,
            })
            .where((a, op) => op.eq(a.updatedAt, item.updatedAt)),
        ),
        onConditionFailed: () => HubError.precondition(),
      },
      audit.step,
    ]);
    return { ...item, status: "pending" as const, nextAttemptAt: now, updatedAt: now };
  };

  const assertEndpointEnabled = async (endpointID: string) => {
    const endpoint = await Endpoint.load(endpointID);
    if (!endpoint.enabled) {
      throw HubError.conflict("The endpoint is disabled; enable it before redelivering", "endpoint_disabled");
    }
  };

  /** Sends one event to one endpoint again (at once, then on the retry schedule if it fails). */
  export const redeliver = async (deliveryID: string) => {
    Policy.assert("integration.manage");
    const item = await load(deliveryID);
    await assertEndpointEnabled(item.endpointID);
    if (item.status === "pending") return toView(item);
    const updated = await requeue(item);
    for (const listener of dueListeners) listener([deliveryID]);
    return toView(updated);
  };

  /** Redelivers every failed delivery of an endpoint created in [from, to), at most 1,000 per call. */
  export const redeliverFailed = fn.on(Redelivery, async (endpointID, window) => {
    Policy.assert("integration.manage");
    await assertEndpointEnabled(endpointID);
    const { data } = await DeliveryEntity.query
      .byEndpoint({ endpointID })
      .between(
        { createdAt: new Date(window.from).toISOString() },
        { createdAt: new Date(window.to).toISOString() },
      )
      .where((a, op) => op.eq(a.status, "failed"))
      .go({ pages: "all", limit: 1000 });
    const run = pLimit(8);
    const requeued = await Promise.all(data.slice(0, 1000).map((d) => run(() => requeue(d))));
    const ids = requeued.map((d) => d.deliveryID);
    if (ids.length) for (const listener of dueListeners) listener(ids);
    return { redelivered: ids.length, truncated: data.length > 1000 };
  });
}
