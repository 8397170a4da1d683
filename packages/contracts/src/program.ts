import * as v from "valibot";
import {
  ApiKeyID,
  Email,
  EndpointID,
  EventID,
  ProgramID,
  pageQueryEntries,
  Text,
  uniqueList,
} from "./common";
import { says } from "./field-error";
import { ProgramServiceLevels } from "./sla";

/** The kinds of programme ATENSI integrates with (Permensos 7/2021 art. 7). */
export const PROGRAM_KINDS = [
  "perlindungan_sosial",
  "jaminan_sosial",
  "pemberdayaan_sosial",
  "penanganan_fakir_miskin",
  "rehabilitasi_sosial",
] as const;
export type ProgramKind = (typeof PROGRAM_KINDS)[number];

/**
 * The beneficiary fields a programme may be sent (data minimisation, UU PDP 27/2022). A referral
 * always carries its id, status, urgency, sequence, sender and dates; everything about the person
 * is opt-in per programme.
 */
export const BENEFICIARY_FIELDS = [
  "nik",
  "kk",
  "name",
  "birthDate",
  "sex",
  "address",
  "region",
  "criteria",
  "needs",
  "reason",
  "legalBasis",
] as const;
export type BeneficiaryField = (typeof BENEFICIARY_FIELDS)[number];

/** Every event a webhook endpoint can subscribe to. */
export const EVENT_TYPES = [
  "referral.sent",
  "referral.cancelled",
  "referral.consent_withdrawn",
  "agreement.submitted",
  "agreement.approved",
  "agreement.rejected",
  "agreement.activated",
  "agreement.expiring",
  "agreement.expired",
  "agreement.terminated",
  "report.due",
  "report.overdue",
  "report.submitted",
  "report.accepted",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const ProgramCode = v.pipe(
  v.string(),
  v.trim(),
  v.toUpperCase(),
  v.regex(
    /^[A-Z0-9][A-Z0-9-]{1,19}$/,
    says("program_code", "2–20 letters, digits or hyphens, e.g. PKH or PBI-JK"),
  ),
);

const programEntries = {
  code: ProgramCode,
  name: Text(3, 200),
  owningUnit: Text(3, 200),
  kind: v.picklist(PROGRAM_KINDS, "Unknown programme kind"),
  allowedFields: uniqueList(v.picklist(BENEFICIARY_FIELDS, "Unknown beneficiary field"), 0, "field"),
  /** Its own deadlines per urgency (the defaults otherwise). */
  serviceLevels: v.optional(ProgramServiceLevels),
  /** Who is told when a referral to the programme is overdue. */
  contactEmails: v.optional(uniqueList(Email, 0, "address")),
};

export const ProgramCreate = v.strictObject(programEntries);
export type ProgramCreate = v.InferOutput<typeof ProgramCreate>;

export const ProgramUpdate = v.pipe(
  v.strictObject({
    name: v.optional(programEntries.name),
    owningUnit: v.optional(programEntries.owningUnit),
    kind: v.optional(programEntries.kind),
    allowedFields: v.optional(programEntries.allowedFields),
    serviceLevels: programEntries.serviceLevels,
    contactEmails: programEntries.contactEmails,
  }),
  v.check((p) => Object.keys(p).length > 0, says("change_something", "Change at least one field")),
);
export type ProgramUpdate = v.InferOutput<typeof ProgramUpdate>;

export const ProgramListQuery = v.strictObject({ ...pageQueryEntries });

export const Program = v.object({
  id: ProgramID,
  code: v.string(),
  name: v.string(),
  owningUnit: v.string(),
  kind: v.picklist(PROGRAM_KINDS),
  allowedFields: v.array(v.picklist(BENEFICIARY_FIELDS)),
  /** How the programme learns of a new referral now: an enabled endpoint that receives it, or polling. */
  referralNotice: v.picklist(["webhook", "poll"]),
  serviceLevels: v.optional(ProgramServiceLevels),
  contactEmails: v.optional(v.array(v.string())),
  createdAt: v.string(),
  updatedAt: v.string(),
  version: v.number(),
});
export type Program = v.InferOutput<typeof Program>;

export const ApiKeyCreate = v.strictObject({ name: Text(2, 100) });

export const ApiKey = v.object({
  id: ApiKeyID,
  programID: ProgramID,
  name: v.string(),
  /** The first characters of the key, shown so people can tell keys apart. */
  prefix: v.string(),
  createdAt: v.string(),
  lastUsedAt: v.optional(v.string()),
  revokedAt: v.optional(v.string()),
});
export type ApiKey = v.InferOutput<typeof ApiKey>;
/** Only the creation answer carries the key itself; it is never shown again. */
export const ApiKeyCreated = v.object({ ...ApiKey.entries, secret: v.string() });

export const WebhookUrl = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(2048, "At most 2048 characters"),
  v.url("Not a URL"),
);

export const EndpointCreate = v.strictObject({
  url: WebhookUrl,
  description: v.optional(Text(0, 200)),
  /** Empty means every event addressed to the programme. */
  eventTypes: uniqueList(v.picklist(EVENT_TYPES, "Unknown event type"), 0, "event type"),
});

export const EndpointUpdate = v.pipe(
  v.strictObject({
    url: v.optional(WebhookUrl),
    description: v.optional(Text(0, 200)),
    eventTypes: v.optional(EndpointCreate.entries.eventTypes),
    enabled: v.optional(v.boolean("true or false")),
  }),
  v.check((p) => Object.keys(p).length > 0, says("change_something", "Change at least one field")),
);

export const Endpoint = v.object({
  id: EndpointID,
  programID: ProgramID,
  url: v.string(),
  description: v.optional(v.string()),
  eventTypes: v.array(v.picklist(EVENT_TYPES)),
  enabled: v.boolean(),
  disabledReason: v.optional(v.string()),
  failingSince: v.optional(v.string()),
  /** Secrets that sign deliveries now; during a rotation the old one signs until it expires. */
  secrets: v.array(v.object({ id: v.string(), createdAt: v.string(), expiresAt: v.optional(v.string()) })),
  createdAt: v.string(),
  updatedAt: v.string(),
  version: v.number(),
});
export type Endpoint = v.InferOutput<typeof Endpoint>;
export const EndpointWithSecret = v.object({ ...Endpoint.entries, secret: v.string() });

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DeliveryAttempt = v.object({
  attempt: v.number(),
  at: v.string(),
  durationMs: v.number(),
  statusCode: v.optional(v.number()),
  error: v.optional(v.string()),
  /** The first 1 KB of the receiver's answer. */
  responseBody: v.optional(v.string()),
});
export type DeliveryAttempt = v.InferOutput<typeof DeliveryAttempt>;

export const Delivery = v.object({
  id: v.string(),
  eventID: EventID,
  eventType: v.string(),
  /** What the event is about, e.g. the referral id. */
  subject: v.string(),
  endpointID: EndpointID,
  programID: ProgramID,
  status: v.picklist(DELIVERY_STATUSES),
  attempts: v.number(),
  nextAttemptAt: v.optional(v.string()),
  lastStatusCode: v.optional(v.number()),
  lastError: v.optional(v.string()),
  createdAt: v.string(),
  updatedAt: v.string(),
});
export type Delivery = v.InferOutput<typeof Delivery>;

const Timestamp = v.pipe(v.string(), v.isoTimestamp("An ISO 8601 timestamp such as 2026-01-31T00:00:00Z"));

export const DeliveryListQuery = v.strictObject({
  ...pageQueryEntries,
  status: v.optional(v.picklist(DELIVERY_STATUSES, "Unknown delivery status")),
});

/** Redeliver every failed delivery of an endpoint created within [from, to). */
export const Redelivery = v.pipe(
  v.strictObject({ from: Timestamp, to: Timestamp }),
  v.forward(
    v.check((w) => Date.parse(w.from) < Date.parse(w.to), says("window_order", "Must be after `from`")),
    ["to"],
  ),
);
