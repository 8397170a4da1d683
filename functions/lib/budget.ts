/**
 * Time budgets of the delivery workers, shared by the handlers (dispatch.ts, sweep.ts) and the
 * stacks (infra/webhooks.ts), so that a function's timeout, its queue's visibility timeout and
 * the work one invocation does are computed from the same numbers. No imports: SST's CLI
 * bundles this file into sst.config.ts.
 */

/** A webhook POST's timeout (core's default); infra sets ATENSI_WEBHOOK_TIMEOUT_MS to it. */
export const WEBHOOK_TIMEOUT_MS = 15_000;

/**
 * One delivery attempt at worst: the POST up to its timeout, plus the SSRF check's DNS lookup
 * before sending (the resolver's own timeout), the lease, reading the endpoint and the event,
 * KMS Decrypt of data keys not yet cached, and the attempt-log and bookkeeping writes.
 */
export const ATTEMPT_WORST_MS = WEBHOOK_TIMEOUT_MS + 15_000;

/** Fanning an event out: read and open it, read the subscribers, one transaction, one query. */
export const FAN_OUT_WORST_MS = 5_000;

/**
 * Dispatch: one SQS batch is at most this many events, processed concurrently, each fanned out
 * and then attempted once per endpoint (attempts also concurrent): one fan-out plus one attempt.
 */
export const DISPATCH_BATCH_SIZE = 10;
export const DISPATCH_WORST_MS = FAN_OUT_WORST_MS + ATTEMPT_WORST_MS;

/**
 * Sweep, once a minute: at most `limit` missed events and `limit` due deliveries, `concurrency`
 * at a time. With limit = concurrency that is one round of fan-outs and one of attempts, so a
 * run ends within the minute and runs do not pile up. 50 due retries a minute (72,000 a day) is
 * far above the pilot's load; a backlog after an outage drains at that pace.
 * `outboxGraceMs`: events younger than this are the stream path's (relay → SQS → dispatch takes
 * seconds); older ones still pending were missed and are fanned out here.
 */
export const SWEEP = { limit: 50, concurrency: 50, outboxGraceMs: 60_000 } as const;
const rounds = Math.ceil(SWEEP.limit / SWEEP.concurrency);
/** Two queries (missed events, due deliveries), then the rounds of fan-outs and of attempts. */
export const SWEEP_WORST_MS = 2_000 + rounds * FAN_OUT_WORST_MS + rounds * ATTEMPT_WORST_MS;

/** A function timeout with twice the worst case as margin, in whole seconds (multiple of 5). */
export const timeoutSeconds = (worstMs: number) => Math.ceil((2 * worstMs) / 5_000) * 5;

/**
 * Receives of one deliveries message before SQS moves it to the dead-letter queue: a record
 * dispatch reported as failed (it threw) five times. Infra's redrive policy and the AWS-mode
 * tests' queue (test/support/aws.ts) both use it.
 */
export const DELIVERY_MAX_RECEIVES = 5;

/**
 * The date-driven jobs (schedules.ts) stop taking new agreements after this long; what is left
 * stays due for the next run (every SCHEDULES_EVERY_MINUTES). The worst case adds one agreement's
 * step started just before the budget ran out (a few reads and one transaction).
 */
export const SCHEDULES_BUDGET_MS = 120_000;
export const SCHEDULES_WORST_MS = SCHEDULES_BUDGET_MS + FAN_OUT_WORST_MS;
export const SCHEDULES_EVERY_MINUTES = 15;
