/**
 * Stages and what differs between them. Everything here is decided at synth time from the stage
 * name and a few environment variables, so the same commit deploys the same way everywhere.
 *
 * | variable (at deploy)            | meaning                                                        |
 * |---------------------------------|----------------------------------------------------------------|
 * | ATENSI_PORTAL_DOMAIN            | custom domain of the portal, e.g. hub.example.go.id (required  |
 * |                                 | in production stages, optional elsewhere)                      |
 * | ATENSI_PORTAL_CERTIFICATE_ARN   | ACM certificate for it, in us-east-1 (required with the domain)|
 * | ATENSI_ALARM_EMAIL              | address subscribed to the alarm topic (optional)               |
 * | ATENSI_MAIL_FROM                | sender of the hub's e-mail, e.g. "Portal Mitra ATENSI          |
 * |                                 | <no-reply@atensi.kemensos.go.id>"; its domain becomes the SES  |
 * |                                 | identity (required in production stages; infra/mail.ts)        |
 * | ATENSI_PORTAL_DIST              | built portal to upload (default portal/dist)                   |
 */
import { RemovalPolicy } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";
import { fromRoot } from "./root";

export { APP_NAME, DEFAULT_REGION } from "./app";

/**
 * Stages that hold real data: deletion protection, RETAIN on stateful resources, long log
 * retention. Any other name (dev, a developer's own stage, a PR preview) is disposable.
 */
export const PRODUCTION_STAGES = ["prod", "production", "staging"] as const;
/** SST prefixes stack names with the stage; keep it short and DNS-safe (bucket names use it). */
export const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;

/** The portal dev server (Vite); disposable stages accept it as an extra CORS origin. */
export const DEV_ORIGINS = ["http://localhost:5173"];

export type StageSettings = {
  stage: string;
  production: boolean;
  /** For the table, the documents bucket, the keys and the secrets. */
  removalPolicy: RemovalPolicy;
  logRetention: RetentionDays;
  /** HTTP API stage throttling (requests per second, burst). */
  throttle: { rateLimit: number; burstLimit: number };
  /** Custom domain of the portal (and so of the API, which CloudFront serves under /v1). */
  portalDomain?: string;
  portalCertificateArn?: string;
  /** Browser origins besides the portal itself that may call the API and upload documents. */
  extraOrigins: string[];
  alarmEmail?: string;
  /** Sender of e-mail through SES (infra/mail.ts); without it mail waits in the outbox. */
  mailFrom?: string;
  portalDist: string;
};

export const isProductionStage = (stage: string) => (PRODUCTION_STAGES as readonly string[]).includes(stage);

export const validateStage = (stage: string) => {
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(
      `Stage "${stage}" must match ${STAGE_PATTERN} (lower case, starts with a letter, at most 16 characters)`,
    );
  }
  return stage;
};

export const stageSettings = (stage: string, env: NodeJS.ProcessEnv = process.env): StageSettings => {
  validateStage(stage);
  const production = isProductionStage(stage);
  const portalDomain = env.ATENSI_PORTAL_DOMAIN || undefined;
  const portalCertificateArn = env.ATENSI_PORTAL_CERTIFICATE_ARN || undefined;
  if (Boolean(portalDomain) !== Boolean(portalCertificateArn)) {
    throw new Error("Set both ATENSI_PORTAL_DOMAIN and ATENSI_PORTAL_CERTIFICATE_ARN, or neither");
  }
  // CloudFront's default *.cloudfront.net certificate accepts TLS 1.0; only a distribution with
  // its own certificate can require TLS 1.2, so stages that hold real data must have one.
  if (production && !portalDomain) {
    throw new Error(
      `Stage "${stage}" is a production stage: set ATENSI_PORTAL_DOMAIN and ATENSI_PORTAL_CERTIFICATE_ARN (CloudFront enforces TLS 1.2 only with a certificate of its own)`,
    );
  }
  const mailFrom = env.ATENSI_MAIL_FROM || undefined;
  if (production && !mailFrom) {
    throw new Error(
      `Stage "${stage}" is a production stage: set ATENSI_MAIL_FROM (invitations and password resets go by e-mail)`,
    );
  }
  if (portalCertificateArn && !portalCertificateArn.startsWith("arn:aws:acm:us-east-1:")) {
    throw new Error(
      "ATENSI_PORTAL_CERTIFICATE_ARN must be an ACM certificate in us-east-1 (CloudFront's region)",
    );
  }
  return {
    stage,
    production,
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    logRetention: production ? RetentionDays.ONE_YEAR : RetentionDays.TWO_WEEKS,
    throttle: production ? { rateLimit: 100, burstLimit: 200 } : { rateLimit: 20, burstLimit: 40 },
    portalDomain,
    portalCertificateArn,
    extraOrigins: production ? [] : DEV_ORIGINS,
    alarmEmail: env.ATENSI_ALARM_EMAIL || undefined,
    ...(mailFrom ? { mailFrom } : {}),
    portalDist: env.ATENSI_PORTAL_DIST || fromRoot("portal", "dist"),
  };
};
