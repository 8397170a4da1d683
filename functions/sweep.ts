/**
 * EventBridge schedule (every minute) → core's delivery sweep (`Sweep.deliveries`): outbox events
 * the stream path missed (older than the grace period), delivery retries that are due, and
 * attempts whose worker died holding the lease. Bounded (lib/budget.ts) so a run ends well within
 * the timeout and within the minute. A throw fails the invocation (the SweepErrors alarm); the
 * next tick resumes. The date-driven jobs have their own function (schedules.ts).
 */
import { Sweep } from "@atensi/core/sweep";
import type { ScheduledEvent } from "aws-lambda";
import { SWEEP } from "./lib/budget";

export const handler = async (event: Pick<ScheduledEvent, "time">) => {
  const started = Date.now();
  const result = await Sweep.deliveries("sweep", SWEEP);
  console.log(
    JSON.stringify({
      level: "info",
      msg: "sweep done",
      time: event.time,
      missedEvents: result.events,
      attempted: result.attempted,
      ms: Date.now() - started,
    }),
  );
  return result;
};
