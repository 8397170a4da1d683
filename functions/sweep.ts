/**
 * EventBridge schedule (every minute) → core's delivery sweep (`Sweep.deliveries`): outbox events
 * the stream path missed (older than the grace period), delivery retries that are due, and
 * attempts whose worker died holding the lease. Bounded (lib/budget.ts) so a run ends well within
 * the timeout and within the minute. A throw fails the invocation (the SweepErrors alarm); the
 * next tick resumes. The date-driven jobs have their own function (schedules.ts). It also fans
 * new notifications out to inboxes and sends due e-mail (`Sweep.mail`), so mail leaves within a minute,
 * after escalating overdue referrals (`Sweep.clocks`), so their notices leave in the same run.
 */
import { Sweep } from "@atensi/core/sweep";
import type { ScheduledEvent } from "aws-lambda";
import { SWEEP } from "./lib/budget";

export const handler = async (event: Pick<ScheduledEvent, "time">) => {
  const started = Date.now();
  const result = await Sweep.deliveries("sweep", SWEEP);
  const clocks = await Sweep.clocks("sweep");
  const mail = await Sweep.mail("sweep");
  console.log(
    JSON.stringify({
      level: "info",
      msg: "sweep done",
      time: event.time,
      missedEvents: result.events,
      attempted: result.attempted,
      notifications: mail.fannedOut,
      mails: mail.attempted,
      escalated: clocks.escalated,
      ms: Date.now() - started,
    }),
  );
  return result;
};
