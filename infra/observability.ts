/**
 * Observability: the alarm topic and every alarm, in one stack deployed last (it reads the
 * other stacks' resources). Log retention is set where each log group is created (function.ts,
 * api.ts access logs, portal.ts), from the stage (stage.ts: 1 year in production, 2 weeks
 * elsewhere).
 *
 * | alarm                         | fires when (5-minute periods)                                  |
 * |-------------------------------|----------------------------------------------------------------|
 * | Api5xx                        | the HTTP API answers ≥ 5 server errors                         |
 * | <fn>Errors                    | a function reports errors (api: ≥ 5, workers: ≥ 1)             |
 * | <fn>Throttles                 | a function is throttled at all                                 |
 * | TableThrottles                | DynamoDB throttles reads or writes                             |
 * | DeliveriesDlqDepth etc.       | see webhooks.ts                                                |
 */
import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { type StackContext, use } from "sst/constructs";
import { Api } from "./api";
import { suppressSstStackHandler } from "./nag";
import { stageSettings } from "./stage";
import { Storage } from "./storage";
import { Webhooks, webhookAlarms } from "./webhooks";

const PERIOD = Duration.minutes(5);

export function Observability({ stack, app }: StackContext) {
  const settings = stageSettings(app.stage);
  suppressSstStackHandler(stack);
  const { table, key } = use(Storage);
  const { fn: apiFunction, httpApi } = use(Api);
  const webhooks = use(Webhooks);

  const topic = new Topic(stack, "Alarms", {
    displayName: `ATENSI hub ${app.stage} alarms`,
    masterKey: key,
    enforceSSL: true,
  });
  if (settings.alarmEmail) topic.addSubscription(new EmailSubscription(settings.alarmEmail));
  const action = new SnsAction(topic);
  const alarms: Alarm[] = [];
  const add = (alarm: Alarm) => {
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    alarms.push(alarm);
    return alarm;
  };
  const atLeast = {
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
  };

  add(
    new Alarm(stack, "Api5xx", {
      alarmDescription: "The HTTP API answered 5 or more server errors in 5 minutes",
      metric: httpApi.metricServerError({ period: PERIOD, statistic: "Sum" }),
      threshold: 5,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      ...atLeast,
    }),
  );

  const functions: [string, LambdaFunction, number][] = [
    ["Api", apiFunction, 5],
    ["Relay", webhooks.relay, 1],
    ["Dispatch", webhooks.dispatch, 1],
    ["Sweep", webhooks.sweep, 1],
    ["Schedules", webhooks.schedules, 1],
  ];
  for (const [name, fn, errors] of functions) {
    add(
      new Alarm(stack, `${name}Errors`, {
        alarmDescription: `The ${name.toLowerCase()} function reported ${errors} or more errors in 5 minutes`,
        metric: fn.metricErrors({ period: PERIOD, statistic: "Sum" }),
        threshold: errors,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        ...atLeast,
      }),
    );
    add(
      new Alarm(stack, `${name}Throttles`, {
        alarmDescription: `The ${name.toLowerCase()} function was throttled`,
        metric: fn.metricThrottles({ period: PERIOD, statistic: "Sum" }),
        threshold: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        ...atLeast,
      }),
    );
  }

  add(
    new Alarm(stack, "TableThrottles", {
      alarmDescription: "DynamoDB throttled reads or writes on the table",
      metric: new MathExpression({
        expression: "reads + writes",
        usingMetrics: {
          reads: table.metric("ReadThrottleEvents", { period: PERIOD, statistic: "Sum" }),
          writes: table.metric("WriteThrottleEvents", { period: PERIOD, statistic: "Sum" }),
        },
        period: PERIOD,
        label: "Throttle events",
      }),
      threshold: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      ...atLeast,
    }),
  );

  alarms.push(...webhookAlarms(stack, webhooks, webhooks.relay, action));

  stack.addOutputs({ AlarmTopicArn: topic.topicArn });
  return { topic, alarms };
}
