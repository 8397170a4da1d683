import { EVENT_TYPES, WEBHOOK_EVENTS, webhookBody } from "@atensi/contracts";
import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";

const ProblemSchema = v.object({
  type: v.string(),
  title: v.string(),
  status: v.number(),
  code: v.string(),
  detail: v.optional(v.string()),
  errors: v.optional(
    v.array(
      v.object({
        field: v.pipe(v.string(), v.description("The invalid field as a dot path, e.g. `contacts.0.phone`")),
        code: v.pipe(
          v.string(),
          v.description(
            "Stable code of the cause, to translate or switch on: generic (`required`, `unknown_field`, `type`, `enum`, `too_short`, `too_long`, `too_few`, `too_many`, `min_value`, `max_value`, `integer`, `pattern`, `format`, `invalid`) or a domain cause (e.g. `regency_mismatch`, `npwp_check`, `nik_serial`, `link_invalid`, `period_outside`)",
          ),
        ),
        params: v.optional(
          v.pipe(
            v.record(v.string(), v.union([v.string(), v.number()])),
            v.description(
              'Values the message names, e.g. `{ "min": 3 }` for `too_short`; never the input itself',
            ),
          ),
        ),
        message: v.pipe(v.string(), v.description("The same in English, for people reading the raw answer")),
      }),
    ),
  ),
  /** `duplicate_referral`: the person's open referrals to the programme, by sender only. */
  existing: v.optional(v.array(v.object({ sender: v.string() }))),
});

const body = (schema: v.GenericSchema, description: string, mediaType = "application/json") => ({
  description,
  content: { [mediaType]: { schema: resolver(schema) } },
});

const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: "Problem details (RFC 9457)",
        content: { "application/problem+json": { schema: resolver(ProblemSchema) } },
      },
    ]),
  );

/** Route documentation: the success schema plus the problem answers the route can give. */
export const doc = (input: {
  tag: string;
  summary: string;
  /** The success answer; `mediaType` for one that is not JSON (a CSV or XLSX file). */
  ok?: { status?: number; schema: v.GenericSchema; description?: string; mediaType?: string };
  noContent?: boolean;
  /** Answered 202 with no body: the request is taken, and what follows happens by e-mail. */
  accepted?: boolean;
  problems?: number[];
  public?: boolean;
  /** Who calls: portal users (default), programmes with an API key, or both. */
  callers?: "users" | "programs" | "both";
  ifMatch?: boolean;
  idempotent?: boolean;
}) =>
  describeRoute({
    tags: [input.tag],
    summary: input.summary,
    ...(input.public ? { security: [] } : {}),
    ...(input.callers === "programs" ? { security: [{ programKey: [] }] } : {}),
    ...(input.callers === "both" ? { security: [{ session: [] }, { programKey: [] }] } : {}),
    parameters: [
      ...(input.ifMatch
        ? [
            {
              name: "If-Match",
              in: "header" as const,
              required: false,
              description: "The version (ETag) you read; a stale one is answered 412",
              schema: { type: "string" as const },
            },
          ]
        : []),
      ...(input.idempotent
        ? [
            {
              name: "Idempotency-Key",
              in: "header" as const,
              required: false,
              description:
                "A unique key per intended change (e.g. a UUID); a retry with the same key and body replays the first answer for 24 hours",
              schema: { type: "string" as const, maxLength: 255 },
            },
          ]
        : []),
    ],
    responses: {
      ...(input.ok
        ? {
            [input.ok.status ?? 200]: body(input.ok.schema, input.ok.description ?? "OK", input.ok.mediaType),
          }
        : {}),
      ...(input.noContent ? { 204: { description: "No content" } } : {}),
      ...(input.accepted ? { 202: { description: "Accepted" } } : {}),
      // Any route answers 401 to a session or API key that is not valid (public ones too), and
      // 412 where it takes If-Match; 413 and 415 are added per method (app.ts, jsonBodies).
      ...problems(...new Set([...(input.problems ?? [400]), 401, ...(input.ifMatch ? [412] : []), 500])),
    },
  });

export const OPENAPI_INFO = {
  documentation: {
    openapi: "3.1.0",
    info: {
      title: "ATENSI Integration Hub API",
      version: "1.0.0",
      description:
        "API of the Kemensos ATENSI Integration Hub: partner (LKS) registry, sign-in, users, receiving programmes, cross-programme referrals and signed webhooks. Errors are RFC 9457 problem details with a stable `code`.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        session: { type: "apiKey" as const, in: "cookie" as const, name: "atensi_session" },
        programKey: {
          type: "http" as const,
          scheme: "bearer",
          description: "A receiving programme's API key (`ahk_…`), issued by Kemensos staff",
        },
      },
    },
    security: [{ session: [] }],
  },
};

/** The longest wait a receiver's `Retry-After` can ask for (core/src/webhook keeps the same cap). */
const RETRY_AFTER_CAP = "1 hour";

const webhookHeader = (name: string, description: string, example: string) => ({
  name,
  in: "header" as const,
  required: true,
  description,
  schema: { type: "string" as const },
  example,
});

type Spec = { components?: { schemas?: Record<string, unknown> } } & Record<string, unknown>;

/**
 * The `webhooks` section (OpenAPI 3.1): one entry per event type, its body generated from the
 * schema the outbox parses every event's data with, so the document is what receivers get.
 */
export const withWebhooks = async <T extends Spec>(spec: T): Promise<T> => {
  const webhooks: Record<string, unknown> = {};
  for (const type of EVENT_TYPES) {
    const resolved = await (
      resolver(webhookBody(type)) as unknown as {
        toOpenAPISchema: () => Promise<{
          schema: unknown;
          components?: { schemas?: Record<string, unknown> };
        }>;
      }
    ).toOpenAPISchema();
    if (resolved.components?.schemas) {
      spec.components ??= {};
      spec.components.schemas = { ...resolved.components.schemas, ...spec.components.schemas };
    }
    webhooks[type] = {
      post: {
        tags: ["Webhooks"],
        operationId: `webhook.${type}`,
        summary: type,
        description: `${WEBHOOK_EVENTS[type].summary}. Sent to every enabled endpoint of the programme subscribed to \`${type}\` (or to every event), signed per Standard Webhooks.`,
        // The hub signs; the receiver verifies `webhook-signature` with the endpoint's secret.
        security: [],
        parameters: [
          webhookHeader(
            "webhook-id",
            "The event id: the same on every attempt of this event (deduplicate on it)",
            "evt_01jd0000000000000000000000",
          ),
          webhookHeader(
            "webhook-timestamp",
            "Seconds since the epoch when this attempt was signed",
            "1764748800",
          ),
          webhookHeader(
            "webhook-signature",
            "`v1,<base64 HMAC-SHA256 of id.timestamp.body>`, one per live secret, space-separated (two during a rotation)",
            "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
          ),
        ],
        requestBody: {
          required: true,
          content: { "application/json": { schema: resolved.schema } },
        },
        responses: {
          "2XX": { description: "Received. Answer within 15 seconds; the body is ignored" },
          "410": { description: "Gone: the hub disables the endpoint and stops sending" },
          "429": {
            description: `Too many requests: the hub tries again after \`Retry-After\` (seconds or an HTTP date, at most ${RETRY_AFTER_CAP}), or on the ordinary schedule without it`,
            headers: {
              "Retry-After": {
                description: "Seconds to wait, or an HTTP date",
                schema: { type: "string" },
              },
            },
          },
          default: {
            description:
              "Any other answer (or none within 15 seconds) is a failure: retried with exponential backoff and jitter over about three days",
          },
        },
      },
    };
  }
  return { ...spec, webhooks };
};
