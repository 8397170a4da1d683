/**
 * Webhooks: the transactional outbox's way out (DESIGN.md §6), live end to end.
 *
 *   table stream ──(filter: outbox items, status pending)──▶ relay ──▶ SQS deliveries ──▶ dispatch ──▶ endpoints
 *                                                       │ failed batches     │ 5 receives
 *                                                       ▼                    ▼
 *                                                  RelayFailures      DeliveriesDlq
 *   EventBridge rate(1 minute) ──▶ sweep ──▶ endpoints (due retries, missed events, expired leases)
 *   EventBridge rate(15 minutes) ──▶ schedules (agreement and report dates; events go out by the outbox)
 *
 * dispatch (functions/dispatch.ts) runs core's `Delivery.processEvent` per message: fan-out to
 * the subscribed endpoints, one attempt each. A failed attempt is scheduled for retry in the
 * table (not in SQS); sweep (functions/sweep.ts) runs core's `Delivery.sweep`, which sends the
 * retries that are due and fans out events the stream path missed. Neither worker talks to SQS
 * itself, so sweep has no queue permission; dispatch consumes the queue through its event source.
 *
 * Both read outbox payloads and endpoint signing secrets sealed with the PII key, so both may
 * Decrypt with it; neither seals (no GenerateDataKey) nor computes blind indexes (no secret).
 */
import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, type IAlarmAction, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction as LambdaTarget } from "aws-cdk-lib/aws-events-targets";
import {
  FilterCriteria,
  FilterRule,
  type Function as LambdaFunction,
  StartingPosition,
} from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq, SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { type IQueue, Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { type StackContext, use } from "sst/constructs";
import {
  DELIVERY_MAX_RECEIVES,
  DISPATCH_BATCH_SIZE,
  DISPATCH_WORST_MS,
  SCHEDULES_EVERY_MINUTES,
  SCHEDULES_WORST_MS,
  SWEEP_WORST_MS,
  timeoutSeconds,
  WEBHOOK_TIMEOUT_MS,
} from "../functions/lib/budget";
import { ENV } from "./env";
import { createFunction } from "./function";
import { grantEnvelope, grantEnvelopeOpen, grantSend, grantTableData } from "./grants";
import { sesMail } from "./mail";
import { suppress, suppressSstStackHandler } from "./nag";
import { Secrets } from "./secrets";
import { stageSettings } from "./stage";
import { Storage } from "./storage";

/**
 * Dispatch processes a batch's events concurrently, so an invocation is one fan-out plus one
 * round of attempts (functions/lib/budget.ts): (5 s + 15 s webhook timeout + 15 s) = 35 s at
 * worst, doubled: 70 s.
 */
export const DISPATCH_TIMEOUT = Duration.seconds(timeoutSeconds(DISPATCH_WORST_MS));
export const DISPATCH_BATCHING_WINDOW = Duration.seconds(1);
/**
 * AWS's rule for SQS event sources: visibility timeout at least six times the function's
 * timeout plus the batching window (the mapping's own retries of throttled invocations).
 */
export const DELIVERIES_VISIBILITY = Duration.seconds(
  DISPATCH_TIMEOUT.toSeconds() * 6 + DISPATCH_BATCHING_WINDOW.toSeconds(),
);
/** Sweep: one bounded round of fan-outs and one of attempts, ≈ 37 s at worst, doubled. */
export const SWEEP_TIMEOUT = Duration.seconds(timeoutSeconds(SWEEP_WORST_MS));
/**
 * Every minute: core's first retry is due 1 minute (±20%) after a failed attempt
 * (RETRY_DELAYS_MS[0]), so a slower schedule would make it late by up to the period (with
 * rate(5 minutes), 1–6 minutes instead of about 1). It also bounds how long an event missed by
 * the stream path waits: the 60 s grace plus at most a minute. 43,200 short runs a month.
 */
export const SWEEP_EVERY = Duration.minutes(1);
/**
 * The date-driven jobs (agreement activation, reminders and expiry; report due dates): their own
 * function, budget and alarm, so a long run of them never delays delivery retries. They go by
 * Jakarta dates, so every 15 minutes is prompt; a run reads only what is due (date indexes).
 */
export const SCHEDULES_TIMEOUT = Duration.seconds(timeoutSeconds(SCHEDULES_WORST_MS));
export const SCHEDULES_EVERY = Duration.minutes(SCHEDULES_EVERY_MINUTES);
export const MAX_RECEIVES = DELIVERY_MAX_RECEIVES;
/** Deliveries waiting longer than this mean dispatch is failing or far behind. */
export const OLDEST_MESSAGE_ALARM = Duration.minutes(15);

/** The entity marker and the outbox entity (packages/core/src/outbox; functions/lib/relay.ts). */
export const OUTBOX_FILTER = FilterCriteria.filter({
  eventName: FilterRule.or("INSERT", "MODIFY"),
  dynamodb: {
    NewImage: {
      __edb_e__: { S: FilterRule.isEqual("outbox") },
      status: { S: FilterRule.isEqual("pending") },
    },
  },
});

export function Webhooks({ stack, app }: StackContext) {
  const settings = stageSettings(app.stage);
  suppressSstStackHandler(stack);
  const { table, key } = use(Storage);
  const { piiKey } = use(Secrets);
  /** What dispatch and sweep share: core's table, the PII key to open sealed values, the POST timeout. */
  const workerEnvironment = {
    [ENV.table]: table.tableName,
    [ENV.piiKeyArn]: piiKey.keyArn,
    [ENV.webhookTimeoutMs]: String(WEBHOOK_TIMEOUT_MS),
  };

  const deliveriesDlq = new Queue(stack, "DeliveriesDlq", {
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: key,
    dataKeyReuse: Duration.hours(1),
    retentionPeriod: Duration.days(14),
    enforceSSL: true,
  });
  const deliveries = new Queue(stack, "Deliveries", {
    encryption: QueueEncryption.KMS,
    encryptionMasterKey: key,
    dataKeyReuse: Duration.hours(1),
    visibilityTimeout: DELIVERIES_VISIBILITY,
    retentionPeriod: Duration.days(4),
    deadLetterQueue: { queue: deliveriesDlq, maxReceiveCount: MAX_RECEIVES },
    enforceSSL: true,
  });
  // Where the stream mapping puts batches it gave up on (shard and sequence numbers, no payload).
  const relayFailures = new Queue(stack, "RelayFailures", {
    encryption: QueueEncryption.SQS_MANAGED,
    retentionPeriod: Duration.days(14),
    enforceSSL: true,
  });
  suppress(relayFailures, [
    {
      id: "AwsSolutions-SQS3",
      reason:
        "This queue is itself a dead-letter destination: the on-failure destination of the relay's stream mapping (alarmed on depth). A DLQ of a DLQ would only hide failures.",
    },
  ]);

  const relay = createFunction(stack, "RelayFunction", {
    name: "relay",
    description: "Outbox relay: table stream to the deliveries queue",
    settings,
    key,
    memorySize: 256,
    timeout: Duration.seconds(30),
    environment: { [ENV.deliveriesQueueUrl]: deliveries.queueUrl },
  });
  relay.addEventSource(
    new DynamoEventSource(table, {
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(1),
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: 10,
      maxRecordAge: Duration.hours(6),
      parallelizationFactor: 1,
      filters: [OUTBOX_FILTER],
      onFailure: new SqsDlq(relayFailures),
    }),
  );
  grantSend(relay, deliveries);
  suppress(
    relay.role!,
    [
      {
        id: "AwsSolutions-IAM5",
        reason:
          "dynamodb:ListStreams, which the stream event source mapping needs, supports no resource-level permissions (CDK's grantStreamRead); every other stream action is limited to this table's stream.",
        appliesTo: ["Resource::*"],
      },
    ],
    true,
  );

  const dispatch = createFunction(stack, "DispatchFunction", {
    name: "dispatch",
    description: "Webhook dispatch: deliveries queue to programme endpoints",
    settings,
    key,
    memorySize: 512,
    timeout: DISPATCH_TIMEOUT,
    environment: workerEnvironment,
  });
  dispatch.addEventSource(
    new SqsEventSource(deliveries, {
      batchSize: DISPATCH_BATCH_SIZE,
      maxBatchingWindow: DISPATCH_BATCHING_WINDOW,
      reportBatchItemFailures: true,
      // At most 5 invocations × 10 events in flight: protects programme endpoints and the account.
      maxConcurrency: 5,
    }),
  );
  grantTableData(dispatch, table, key);
  grantEnvelopeOpen(dispatch, piiKey);

  const sweep = createFunction(stack, "SweepFunction", {
    name: "sweep",
    description: "Scheduled sweep: due delivery retries, missed outbox events, expired leases",
    settings,
    key,
    memorySize: 512,
    timeout: SWEEP_TIMEOUT,
    environment: workerEnvironment,
  });
  grantTableData(sweep, table, key);
  grantEnvelopeOpen(sweep, piiKey);
  // A failed run is not retried by Lambda (the default is twice, minutes later): the next tick,
  // a minute later, does the same work; the failure shows on the SweepErrors alarm.
  sweep.configureAsyncInvoke({ retryAttempts: 0 });
  const schedule = new Rule(stack, "SweepSchedule", {
    description: `ATENSI hub ${app.stage}: delivery sweep every minute`,
    schedule: Schedule.rate(SWEEP_EVERY),
    // A tick older than a minute is superseded by the next one; retrying it only overlaps it.
    targets: [new LambdaTarget(sweep, { retryAttempts: 2, maxEventAge: Duration.minutes(1) })],
  });

  // The sweep sends the outbox's e-mail (Sweep.mail): SES, its feedback topic and function.
  const mail = sesMail(stack, { settings, key, table, sender: sweep });

  const schedules = createFunction(stack, "SchedulesFunction", {
    name: "schedules",
    description: "Date-driven jobs: agreement activation, reminders, expiry; report due dates",
    settings,
    key,
    memorySize: 512,
    timeout: SCHEDULES_TIMEOUT,
    environment: workerEnvironment,
  });
  // Its events leave through the outbox (the stream): it seals their payloads, so it may ask
  // for data keys, which the delivery sweep (open only) may not.
  grantTableData(schedules, table, key);
  grantEnvelope(schedules, piiKey);
  schedules.configureAsyncInvoke({ retryAttempts: 0 });
  const schedulesRule = new Rule(stack, "SchedulesSchedule", {
    description: `ATENSI hub ${app.stage}: agreement and report schedules every ${SCHEDULES_EVERY_MINUTES} minutes`,
    schedule: Schedule.rate(SCHEDULES_EVERY),
    targets: [new LambdaTarget(schedules, { retryAttempts: 0, maxEventAge: SCHEDULES_EVERY })],
  });

  stack.addOutputs({ DeliveriesQueueUrl: deliveries.queueUrl, DeliveriesDlqUrl: deliveriesDlq.queueUrl });
  return {
    deliveries,
    deliveriesDlq,
    relayFailures,
    relay,
    dispatch,
    sweep,
    schedule,
    schedules,
    schedulesRule,
    mail,
  };
}

/** Fires as soon as one message sits in a queue that should stay empty (a dead-letter queue). */
const anyMessageAlarm = (scope: Construct, id: string, queue: IQueue, alarmDescription: string) =>
  new Alarm(scope, id, {
    alarmDescription,
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: "Maximum",
    }),
    threshold: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });

/** The webhook pipeline's alarms: anything in a dead-letter queue, and deliveries piling up. */
export const webhookAlarms = (
  scope: Construct,
  queues: { deliveries: IQueue; deliveriesDlq: IQueue; relayFailures: IQueue },
  relay: LambdaFunction,
  action: IAlarmAction,
) => {
  const alarms = [
    anyMessageAlarm(
      scope,
      "DeliveriesDlqDepth",
      queues.deliveriesDlq,
      "Webhook deliveries failed 5 times and are in the dead-letter queue",
    ),
    anyMessageAlarm(
      scope,
      "RelayFailuresDepth",
      queues.relayFailures,
      "The outbox relay gave up on stream batches (see the RelayFailures queue)",
    ),
    new Alarm(scope, "DeliveriesOldestMessage", {
      alarmDescription: `A webhook delivery has waited more than ${OLDEST_MESSAGE_ALARM.toMinutes()} minutes`,
      metric: queues.deliveries.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(5),
        statistic: "Maximum",
      }),
      threshold: OLDEST_MESSAGE_ALARM.toSeconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
    new Alarm(scope, "RelayIteratorAge", {
      alarmDescription: "The outbox relay is more than 5 minutes behind the table stream",
      metric: relay.metric("IteratorAge", { period: Duration.minutes(5), statistic: "Maximum" }),
      threshold: Duration.minutes(5).toMilliseconds(),
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }),
  ];
  for (const alarm of alarms) {
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
  return alarms;
};
