/**
 * Webhooks: the transactional outbox's way out (DESIGN.md §6).
 *
 *   table stream ──(filter: outbox items, status pending)──▶ relay ──▶ SQS deliveries ──▶ dispatch
 *                                                       │ failed batches     │ 5 receives
 *                                                       ▼                    ▼
 *                                                  RelayFailures      DeliveriesDlq
 *   EventBridge rate(5 minutes) ──▶ sweep
 *
 * Extension points for the referrals issue: the dispatch worker (functions/dispatch.ts) and the
 * sweep jobs (functions/sweep.ts). Their permissions are already what those workers need: the
 * table (delivery attempts, endpoints, due retries) and, for sweep, sending to the queue.
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
import { ENV } from "./env";
import { createFunction } from "./function";
import { grantSend, grantTableData } from "./grants";
import { suppress, suppressSstStackHandler } from "./nag";
import { stageSettings } from "./stage";
import { Storage } from "./storage";

export const DISPATCH_TIMEOUT = Duration.seconds(30);
/** AWS's guidance for SQS event sources: visibility timeout at least six times the function's. */
export const DELIVERIES_VISIBILITY = Duration.seconds(DISPATCH_TIMEOUT.toSeconds() * 6);
export const MAX_RECEIVES = 5;
/** Deliveries waiting longer than this mean dispatch is failing or far behind. */
export const OLDEST_MESSAGE_ALARM = Duration.minutes(15);

/** ElectroDB's entity marker and the outbox entity (packages/core/src/outbox; functions/lib/relay.ts). */
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
    environment: { [ENV.table]: table.tableName },
  });
  dispatch.addEventSource(
    new SqsEventSource(deliveries, {
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(1),
      reportBatchItemFailures: true,
      // At most this many concurrent deliveries: protects programme endpoints and the account.
      maxConcurrency: 5,
    }),
  );
  grantTableData(dispatch, table, key);

  const sweep = createFunction(stack, "SweepFunction", {
    name: "sweep",
    description: "Scheduled sweep: due retries, reminders, expiries",
    settings,
    key,
    memorySize: 512,
    timeout: Duration.minutes(2),
    environment: { [ENV.table]: table.tableName, [ENV.deliveriesQueueUrl]: deliveries.queueUrl },
  });
  grantTableData(sweep, table, key);
  grantSend(sweep, deliveries);
  const schedule = new Rule(stack, "SweepSchedule", {
    description: `ATENSI hub ${app.stage}: periodic sweep`,
    schedule: Schedule.rate(settings.sweepEvery),
    targets: [new LambdaTarget(sweep, { retryAttempts: 2, maxEventAge: Duration.minutes(10) })],
  });

  stack.addOutputs({ DeliveriesQueueUrl: deliveries.queueUrl, DeliveriesDlqUrl: deliveriesDlq.queueUrl });
  return { deliveries, deliveriesDlq, relayFailures, relay, dispatch, sweep, schedule };
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
