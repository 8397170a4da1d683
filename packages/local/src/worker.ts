import { Actor, Delivery, Mail, Notification, Outbox, Sweep } from "@atensi/core";
import pLimit from "p-limit";

/**
 * The local stand-in for relay → SQS → dispatch and the scheduled sweep, calling the same core
 * functions the Lambda handlers call: an event is delivered as soon as its transaction commits,
 * and a sweep picks up due retries and anything a crash left behind (so a restart resumes).
 */
export const startDeliveryWorker = (options: { sweepIntervalMs?: number; concurrency?: number } = {}) => {
  const sweepIntervalMs = options.sweepIntervalMs ?? Number(process.env.ATENSI_SWEEP_INTERVAL_MS ?? 2000);
  const run = pLimit(options.concurrency ?? 32);
  const asWorker = <T>(fn: () => Promise<T>) =>
    Actor.provide({ type: "system", properties: { name: "delivery-worker" } }, fn);
  const report = (what: string) => (error: unknown) =>
    console.error(
      JSON.stringify({
        level: "error",
        msg: `delivery worker: ${what} failed`,
        error: (error as Error).message,
      }),
    );

  let stopped = false;
  // The event as committed (not read back); one referral's events in order, others concurrently.
  const ordered = Delivery.inOrder();
  const unsubscribeOutbox = Outbox.subscribe((events) => {
    for (const event of events)
      void ordered(event.subject, () => run(() => asWorker(() => Delivery.processEvent(event)))).catch(
        report("dispatch"),
      );
  });
  // Mail and notifications: acted on as soon as the transaction that wrote them commits.
  const unsubscribeMail = Mail.onQueued((mailIDs) => {
    for (const id of mailIDs) void run(() => asWorker(() => Mail.attempt(id))).catch(report("mail"));
  });
  const unsubscribeNotifications = Notification.onAdded((refs) => {
    for (const ref of refs)
      void run(() => asWorker(() => Notification.fanOut(ref))).catch(report("notification fan-out"));
  });
  const unsubscribeDue = Delivery.onDue((deliveryIDs) => {
    for (const id of deliveryIDs)
      void run(() => asWorker(() => Delivery.attempt(id))).catch(report("redelivery"));
  });

  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();
  let first = true;
  // Agreement activation, reminders and expiry, and report due dates go by date: once a minute is plenty.
  const SCHEDULES_EVERY_MS = 60_000;
  let lastSchedules = 0;
  const sweep = () => {
    // At start, events left pending by a previous run are taken at once; later, the sweep gives
    // the immediate path a few seconds before treating an event as missed.
    const schedulesDue = Date.now() - lastSchedules >= SCHEDULES_EVERY_MS;
    if (schedulesDue) lastSchedules = Date.now();
    sweeping = (async () => {
      await Sweep.deliveries("sweep", { outboxGraceMs: first ? 0 : 5000 });
      await Sweep.clocks("sweep");
      await Sweep.mail("sweep", { graceMs: first ? 0 : 5000 });
      if (schedulesDue) await Sweep.schedules("sweep");
    })()
      .catch(report("sweep"))
      .finally(() => {
        first = false;
        if (!stopped) timer = setTimeout(sweep, sweepIntervalMs);
      });
  };
  sweep();

  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      unsubscribeOutbox();
      unsubscribeDue();
      unsubscribeMail();
      unsubscribeNotifications();
      await sweeping;
      run.clearQueue();
      while (run.activeCount > 0) await new Promise((r) => setTimeout(r, 20));
    },
  };
};
