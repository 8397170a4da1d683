/**
 * EventBridge schedule → periodic maintenance.
 *
 * EXTENSION POINT (referrals, agreements and reports issues): due delivery retries, reminders
 * and expiries are core functions those issues add; each becomes one awaited call here, e.g.
 * `await Deliveries.retryDue(now); await Agreements.expireDue(now);`. Until then the tick only
 * records that it ran, so the schedule and its alarms can be checked end to end.
 */
import type { ScheduledHandler } from "aws-lambda";

export const handler: ScheduledHandler = async (event) => {
  console.log(
    JSON.stringify({ level: "info", msg: "sweep tick; no sweep jobs installed yet", time: event.time }),
  );
};
