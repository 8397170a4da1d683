import type { Transporter } from "nodemailer";

/**
 * Where mail goes. In AWS, Amazon SES (SESv2 `SendEmail` through nodemailer's SES transport) with
 * a configuration set whose bounce and complaint events come back through SNS; locally and in
 * tests, SMTP to the mail catcher that `pnpm start` runs (nothing leaves the machine). Without
 * either, mails wait in the outbox: a hub without mail still works, and sends once configured.
 *
 * nodemailer and the SES client load on the first send, not with every Lambda start.
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

let cached: { key: string; transporter: Transporter } | undefined;

/** One pooled transporter per configuration (tests point the same process at other catchers). */
export const transporter = async (): Promise<Transporter | undefined> => {
  const settings = mailSettings();
  const key = `${settings.transport}:${settings.smtpUrl ?? ""}`;
  if (cached?.key === key) return cached.transporter;
  cached?.transporter.close();
  cached = undefined;
  if (settings.transport === "none") return undefined;
  const nodemailer = (await import("nodemailer")).default;
  if (settings.transport === "ses") {
    const { SESv2Client, SendEmailCommand } = await import("@aws-sdk/client-sesv2");
    const endpoint = process.env.ATENSI_SES_ENDPOINT;
    const sesClient = new SESv2Client({
      region: process.env.AWS_REGION ?? "ap-southeast-3",
      ...(endpoint ? { endpoint } : {}),
    });
    cached = { key, transporter: nodemailer.createTransport({ SES: { sesClient, SendEmailCommand } }) };
  } else {
    cached = {
      key,
      transporter: nodemailer.createTransport({
        url: settings.smtpUrl,
        pool: true,
        maxConnections: 5,
        // A catcher or relay that hangs must not hold a worker: the attempt fails and is retried.
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      } as never),
    };
  }
  return cached.transporter;
};

export const closeTransport = () => {
  cached?.transporter.close();
  cached = undefined;
};
