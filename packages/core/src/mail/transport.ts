/**
 * Where mail goes. In AWS, Amazon SES (SESv2 `SendEmail`, simple content) with
 * a configuration set whose bounce and complaint events come back through SNS; locally and in
 * tests, SMTP to the mail catcher that `pnpm start` runs (nothing leaves the machine). Without
 * either, mails wait in the outbox: a hub without mail still works, and sends once configured.
 *
 * The SES client and nodemailer load on the first send, not with every start; the Lambda bundles
 * leave nodemailer out (infra/bundle.ts), since in AWS mail goes through SES.
 */
export type MailSettings = {
  transport: "smtp" | "ses" | "none";
  from: string;
  portalUrl: string;
  configurationSet?: string;
  smtpUrl?: string;
};

export const mailSettings = (): MailSettings => {
  const smtpUrl = process.env.ATENSI_SMTP_URL;
  const configured = process.env.ATENSI_MAIL_TRANSPORT;
  const transport = configured === "ses" || configured === "smtp" ? configured : smtpUrl ? "smtp" : "none";
  return {
    transport,
    from: process.env.ATENSI_MAIL_FROM ?? "Portal Mitra ATENSI <no-reply@atensi.kemensos.example>",
    portalUrl: (process.env.ATENSI_PORTAL_URL ?? "http://127.0.0.1:3000").replace(/\/$/, ""),
    ...(process.env.ATENSI_SES_CONFIGURATION_SET
      ? { configurationSet: process.env.ATENSI_SES_CONFIGURATION_SET }
      : {}),
    ...(smtpUrl ? { smtpUrl } : {}),
  };
};

/** One message as the outbox hands it to a transport. */
export type OutgoingMail = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  kind: string;
  configurationSet?: string;
};
/** What the provider answered: its message id and its response line, for the mail log. */
export type SentMail = { messageId?: string; response: string };
/** A send that failed; `permanent` when the provider has refused this message for good. */
export type MailFailure = Error & { permanent?: boolean; response?: string };

type Transport = { send: (mail: OutgoingMail) => Promise<SentMail>; close: () => void };

/**
 * SES v2 `SendEmail` with simple content: SES builds the MIME message, so the Lambda functions
 * carry no mail library (nodemailer alone would double the api bundle). A `MessageRejected`
 * (bad content or address) is final; throttling and outages are retried by the outbox.
 */
const sesTransport = async (): Promise<Transport> => {
  const { SESv2Client, SendEmailCommand } = await import("@aws-sdk/client-sesv2");
  const endpoint = process.env.ATENSI_SES_ENDPOINT;
  const client = new SESv2Client({
    region: process.env.AWS_REGION ?? "ap-southeast-3",
    ...(endpoint ? { endpoint } : {}),
  });
  const utf8 = (Data: string) => ({ Data, Charset: "UTF-8" });
  return {
    send: async (mail) => {
      try {
        const out = await client.send(
          new SendEmailCommand({
            FromEmailAddress: mail.from,
            Destination: { ToAddresses: [mail.to] },
            Content: {
              Simple: {
                Subject: utf8(mail.subject),
                Body: { Text: utf8(mail.text), Html: utf8(mail.html) },
                Headers: [{ Name: "X-ATENSI-Kind", Value: mail.kind }],
              },
            },
            EmailTags: [{ Name: "kind", Value: mail.kind.replace(/[^\w-]/g, "_") }],
            ...(mail.configurationSet ? { ConfigurationSetName: mail.configurationSet } : {}),
          }),
        );
        return { messageId: out.MessageId, response: `SES accepted ${out.MessageId ?? ""}`.trim() };
      } catch (error) {
        const e = error as MailFailure & { name?: string };
        e.permanent = e.name === "MessageRejected";
        e.response = `${e.name ?? "Error"}: ${e.message}`;
        throw e;
      }
    },
    close: () => client.destroy(),
  };
};

/** SMTP through nodemailer (locally: the mail catcher). A 5xx answer is the server's final word. */
const smtpTransport = async (smtpUrl: string | undefined): Promise<Transport> => {
  const nodemailer = (await import("nodemailer")).default;
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 5,
    // A catcher or relay that hangs must not hold a worker: the attempt fails and is retried.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as never);
  return {
    send: async (mail) => {
      try {
        const info = await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: { "X-ATENSI-Kind": mail.kind },
        });
        return { messageId: info.messageId, response: String(info.response ?? "") };
      } catch (error) {
        const e = error as MailFailure & { responseCode?: number; code?: string };
        e.permanent = e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode < 600;
        e.response = e.response ?? `${e.code ?? "Error"}: ${e.message}`;
        throw e;
      }
    },
    close: () => transporter.close(),
  };
};

let cached: { key: string; transport: Transport } | undefined;

/** One pooled transport per configuration (tests point the same process at other catchers). */
export const transporter = async (): Promise<Transport | undefined> => {
  const settings = mailSettings();
  const key = `${settings.transport}:${settings.smtpUrl ?? ""}`;
  if (cached?.key === key) return cached.transport;
  cached?.transport.close();
  cached = undefined;
  if (settings.transport === "none") return undefined;
  const transport =
    settings.transport === "ses" ? await sesTransport() : await smtpTransport(settings.smtpUrl);
  cached = { key, transport };
  return transport;
};

export const closeTransport = () => {
  cached?.transport.close();
  cached = undefined;
};
