/**
 * EventBridge schedule (every minute) → core's delivery sweep: outbox events the stream path
 * missed (older than the grace period), delivery retries that are due, and attempts whose worker
 * died holding the lease. Bounded (lib/budget.ts) so a run ends well within the timeout and
 * within the minute. Once an hour (the tick at minute 0) it also runs the date-driven jobs:
 * agreement activation, expiry reminders and expiry, and report due/overdue counting. A throw
 * fails the invocation (the SweepErrors alarm); the next tick resumes. Runs as the system actor "sweep".
 */
import { Actor } from "@atensi/core/actor";
import { Agreement } from "@atensi/core/agreement";
import { Report } from "@atensi/core/report";
import { Delivery } from "@atensi/core/webhook";
import type { ScheduledEvent } from "aws-lambda";
import { SWEEP } from "./lib/budget";

/** The date-driven jobs run at the top of each hour; they are idempotent, so a repeat is harmless. */
export const schedulesDue = (time: string | undefined) => !time || new Date(time).getUTCMinutes() === 0;

export const handler = async (event: Pick<ScheduledEvent, "time">) => {
  const started = Date.now();
  const result = await Actor.provide({ type: "system", properties: { name: "sweep" } }, async () => {
    const deliveries = await Delivery.sweep(SWEEP);
    if (!schedulesDue(event.time)) return { ...deliveries };
    const agreements = await Agreement.runSchedules();
    const reports = await Report.runSchedules();
    return { ...deliveries, agreements, reports };
  });
  console.log(
    JSON.stringify({
      level: "info",
      msg: "sweep done",
      time: event.time,
      missedEvents: result.events,
      attempted: result.attempted,
      ...("agreements" in result ? { agreements: result.agreements, reports: result.reports } : {}),
      ms: Date.now() - started,
    }),
  );
  return result;
};
