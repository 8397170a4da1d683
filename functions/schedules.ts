/**
 * EventBridge schedule (every 15 minutes) → core's date-driven jobs (`Sweep.schedules`): agreement
 * activation, expiry reminders and expiry, report due notices and due-date counting. Each reads
 * only what is due (date indexes), within its own time budget (lib/budget.ts): what is left when
 * the budget runs out stays due for the next run. A throw fails the invocation (the
 * SchedulesErrors alarm). Runs as the system actor "schedules".
 */
import { Sweep } from "@atensi/core/sweep";
import type { ScheduledEvent } from "aws-lambda";
import { SCHEDULES_BUDGET_MS } from "./lib/budget";

export const handler = async (event: Pick<ScheduledEvent, "time">) => {
  const started = Date.now();
  const result = await Sweep.schedules("schedules", { deadline: started + SCHEDULES_BUDGET_MS });
  console.log(
    JSON.stringify({
      level: "info",
      msg: "schedules done",
      time: event.time,
      ...result,
      ms: Date.now() - started,
    }),
  );
  return result;
};
