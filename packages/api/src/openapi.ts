import { describeRoute, resolver } from "hono-openapi";
import * as v from "valibot";

const ProblemSchema = v.object({
  type: v.string(),
  title: v.string(),
  status: v.number(),
  code: v.string(),
  detail: v.optional(v.string()),
  errors: v.optional(v.array(v.object({ field: v.string(), message: v.string() }))),
});

const json = (schema: v.GenericSchema, description: string) => ({
  description,
  content: { "application/json": { schema: resolver(schema) } },
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
  ok?: { status?: number; schema: v.GenericSchema; description?: string };
  noContent?: boolean;
  problems?: number[];
  public?: boolean;
  ifMatch?: boolean;
}) =>
  describeRoute({
    tags: [input.tag],
    summary: input.summary,
    ...(input.public ? { security: [] } : {}),
    ...(input.ifMatch
      ? {
          parameters: [
            {
              name: "If-Match",
              in: "header",
              required: false,
              description: "The version (ETag) you read; a stale one is answered 412",
              schema: { type: "string" },
            },
          ],
        }
      : {}),
    responses: {
      ...(input.ok ? { [input.ok.status ?? 200]: json(input.ok.schema, input.ok.description ?? "OK") } : {}),
      ...(input.noContent ? { 204: { description: "No content" } } : {}),
      ...problems(...(input.problems ?? [400]), 500),
    },
  });

export const OPENAPI_INFO = {
  documentation: {
    openapi: "3.1.0",
    info: {
      title: "ATENSI Integration Hub API",
      version: "1.0.0",
      description:
        "API of the Kemensos ATENSI Integration Hub: partner (LKS) registry, sign-in, users. Errors are RFC 9457 problem details with a stable `code`.",
    },
    servers: [{ url: "/" }],
    components: {
      securitySchemes: {
        session: { type: "apiKey" as const, in: "cookie" as const, name: "atensi_session" },
      },
    },
    security: [{ session: [] }],
  },
};
