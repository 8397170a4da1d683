/**
 * E-mail in AWS: the outbox's mails leave through Amazon SES v2 from the sweep function
 * (core/src/mail; `Sweep.mail` runs every minute), with a configuration set whose bounce and
 * complaint events come back through an encrypted SNS topic to the mail-feedback function,
 * which suppresses those addresses (core's `Mail.recordFeedback`).
 *
 *   sweep ──SendEmail──▶ SES (identity: the domain of ATENSI_MAIL_FROM, configuration set)
 *                          │ bounce, complaint, reject
 *                          ▼
 *                   SNS MailFeedback ──▶ mail-feedback ──▶ table (suppression list)
 *
 * The sending identity is a stage setting (ATENSI_MAIL_FROM, required in production stages).
 * SES verifies the domain by the DKIM records it publishes (the `MailDkim*` outputs: add them to
 * the domain's DNS), and a new account sends only to verified addresses until AWS lifts the
 * sandbox (docs/deploy.md, "E-mail"). Without the setting (a disposable stage), nothing is
 * created and mails wait in the outbox, visible in the mail log.
 */
import { CfnOutput, Duration, type Stack } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { SnsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from "aws-cdk-lib/aws-ses";
import { Topic } from "aws-cdk-lib/aws-sns";
import { ENV } from "./env";
import { createFunction } from "./function";
import { grantTableData } from "./grants";
import type { StageSettings } from "./stage";

/** The environment the sending function gets (core/src/mail/transport.ts reads it). */
export const MAIL_ENV = {
  transport: "ATENSI_MAIL_TRANSPORT",
  from: "ATENSI_MAIL_FROM",
  configurationSet: "ATENSI_SES_CONFIGURATION_SET",
  portalUrl: "ATENSI_PORTAL_URL",
} as const;

/** The domain of a `Name <address>` or bare address. */
export const mailDomain = (from: string) => {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.split("@")[1]?.trim().toLowerCase();
  if (!domain || !/^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain)) {
    throw new Error(
      `ATENSI_MAIL_FROM "${from}" has no usable domain (e.g. "Portal Mitra ATENSI <no-reply@atensi.kemensos.go.id>")`,
    );
  }
  return domain;
};

export const sesMail = (
  stack: Stack,
  props: { settings: StageSettings; key: IKey; table: ITable; sender: LambdaFunction },
) => {
  const { settings, key, table, sender } = props;
  if (!settings.mailFrom) return undefined;
  const domain = mailDomain(settings.mailFrom);
  const identity = new EmailIdentity(stack, "MailIdentity", { identity: Identity.domain(domain) });
  const configurationSet = new ConfigurationSet(stack, "MailConfigurationSet", {
    tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
    // The account-level list also drops addresses that bounced or complained elsewhere.
    suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    reputationMetrics: true,
  });
  const feedback = new Topic(stack, "MailFeedback", {
    displayName: `ATENSI hub ${settings.stage}: SES bounces and complaints`,
    masterKey: key,
    enforceSSL: true,
  });
  // SES publishes to the topic, encrypted with the stage's key.
  key.grantEncryptDecrypt(new ServicePrincipal("ses.amazonaws.com"));
  configurationSet.addEventDestination("Feedback", {
    destination: EventDestination.snsTopic(feedback),
    events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT],
  });

  sender.addEnvironment(MAIL_ENV.transport, "ses");
  sender.addEnvironment(MAIL_ENV.from, settings.mailFrom);
  sender.addEnvironment(MAIL_ENV.configurationSet, configurationSet.configurationSetName);
  if (settings.portalDomain) sender.addEnvironment(MAIL_ENV.portalUrl, `https://${settings.portalDomain}`);
  sender.addToRolePolicy(
    new PolicyStatement({
      sid: "MailSend",
      actions: ["ses:SendEmail"],
      resources: [
        `arn:aws:ses:${stack.region}:${stack.account}:identity/${domain}`,
        `arn:aws:ses:${stack.region}:${stack.account}:configuration-set/${configurationSet.configurationSetName}`,
      ],
    }),
  );

  const handler = createFunction(stack, "MailFeedbackFunction", {
    name: "mailFeedback",
    description: "SES bounce and complaint events (SNS) into the mail suppression list",
    settings,
    key,
    memorySize: 256,
    timeout: Duration.seconds(30),
    environment: { [ENV.table]: table.tableName },
  });
  grantTableData(handler, table, key);
  handler.addEventSource(new SnsEventSource(feedback));

  identity.dkimRecords.forEach((record, i) => {
    new CfnOutput(stack, `MailDkim${i + 1}`, { value: `${record.name} CNAME ${record.value}` });
  });
  return { identity, configurationSet, feedback, handler };
};
