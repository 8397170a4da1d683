/**
 * The scheduled work, in one place for both runtimes: the Lambdas (functions/sweep.ts every
 * minute, functions/schedules.ts for the date-driven jobs) and the local worker
 * (packages/local/src/worker.ts) call these and nothing else, as the system actor they name.
 */
import { Actor } from "../actor";
import { Agreement } from "../agreement";
import { Mail } from "../mail";
import { Notification } from "../notification";
import { OpenData } from "../opendata";
import { Referral } from "../referral";
import { Report } from "../report";
import { Delivery } from "../webhook";

type DeliveryOptions = Parameters<typeof Delivery.sweep>[0];

export namespace Sweep {
  const as = <T>(name: string, fn: () => Promise<T>) =>
    Actor.provide({ type: "system", properties: { name } }, fn);

  /**
   * Webhook deliveries: outbox events the immediate path missed, retries that are due, and
   * attempts whose worker died holding the lease. Bounded by `options.limit` per run.
   */
  export const deliveries = (name: string, options?: DeliveryOptions) =>
    as(name, () => Delivery.sweep(options));

  /**
   * Notifications not yet fanned out to inboxes (older than the grace the immediate path gets)
   * and mails that are due: new ones, retries, and dead workers' leases.
   */
  export const mail = (name: string, options: { graceMs?: number } = {}) =>
    as(name, async () => {
      const notifications = await Notification.sweep({ graceMs: options.graceMs ?? 0 });
      const mails = await Mail.sweep();
      return { ...notifications, ...mails };
    });

  /**
   * The date-driven jobs: agreement activation, expiry reminders and expiry, report due
   * notices and due-date counting, and the published open-data files. Both read only what is due (date indexes), so a run's work
   * follows what is due today, not the number of active agreements; both are idempotent. Past
   * `deadline` (epoch ms) they take nothing new: the rest stays due for the next run.
   */
  export const schedules = (name: string, options: { today?: string; deadline?: number } = {}) =>
    as(name, async () => {
      const agreements = await Agreement.runSchedules(options.today, options.deadline);
      const reports = await Report.runSchedules(options.today, options.deadline);
      const digests = await Notification.sendDigests();
      // Last: the open-data files then include what the reports' schedule just counted.
      const openData = await OpenData.publish(options.today);
      return { agreements, reports, digests, openData };
    });

  /**
   * Referral service levels: overdue deadlines escalate, each step once (programme contacts at
   * the deadline, Kemensos staff a working day later). Reads only the clocks that are due.
   */
  export const clocks = (name: string, options: { limit?: number } = {}) =>
    as(name, () => Referral.escalateOverdue(options));
}
