import {
  ApiKeyCreated,
  ApiKeyID,
  ApiKey as ApiKeySchema,
  Endpoint as EndpointSchema,
  EndpointWithSecret,
  Page,
  ProgramID,
  Program as ProgramSchema,
} from "@atensi/contracts";
import { ApiKey, Program } from "@atensi/core/program";
import { Endpoint } from "@atensi/core/webhook";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { ifMatch, withEtag } from "../http";
import { doc } from "../openapi";
import { body, params, query } from "../validate";

const IdParam = v.strictObject({ id: ProgramID });
const KeyParam = v.strictObject({ id: ProgramID, keyID: ApiKeyID });

/** Receiving programmes (staff-managed), their API keys and their webhook endpoints. */
export const programs = new Hono<AppEnv>()
  .post(
    "/",
    doc({
      tag: "programmes",
      summary: "Register a receiving programme (admin)",
      ok: { status: 201, schema: ProgramSchema },
      problems: [400, 401, 403, 409, 415],
    }),
    body(Program.create.schema),
    async (c) => {
      const program = await Program.create.trusted(c.req.valid("json"));
      c.header("location", `/v1/programs/${program.id}`);
      return withEtag(c, program, 201);
    },
  )
  .get(
    "/",
    doc({
      tag: "programmes",
      summary: "List programmes by code (any signed-in user: the referral form needs them)",
      ok: { schema: Page(ProgramSchema) },
      problems: [400, 401],
    }),
    query(Program.list.schema),
    async (c) => c.json(await Program.list.trusted(c.req.valid("query")), 200),
  )
  .get(
    "/:id",
    doc({
      tag: "programmes",
      summary: "One programme",
      ok: { schema: ProgramSchema },
      problems: [400, 401, 404],
    }),
    params(IdParam),
    async (c) => withEtag(c, await Program.fromID(c.req.valid("param").id)),
  )
  .patch(
    "/:id",
    doc({
      tag: "programmes",
      summary:
        "Change a programme's name, unit, kind, the beneficiary fields it may receive, its service levels or contacts (admin)",
      ok: { schema: ProgramSchema },
      problems: [400, 401, 403, 404, 412, 415],
      ifMatch: true,
    }),
    params(IdParam),
    body(Program.update.schema),
    async (c) =>
      withEtag(c, await Program.update.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
  )
  .post(
    "/:id/keys",
    doc({
      tag: "programmes",
      summary: "Issue an API key (admin); the key is in this answer only",
      ok: { status: 201, schema: ApiKeyCreated },
      problems: [400, 401, 403, 404, 415],
    }),
    params(IdParam),
    body(ApiKey.create.schema),
    async (c) => c.json(await ApiKey.create.trusted(c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .get(
    "/:id/keys",
    doc({
      tag: "programmes",
      summary: "A programme's API keys (prefix, last use, revocation; never the key)",
      ok: { schema: Page(ApiKeySchema) },
      problems: [400, 401, 403, 404],
    }),
    params(IdParam),
    async (c) => c.json(await ApiKey.list(c.req.valid("param").id), 200),
  )
  .post(
    "/:id/keys/:keyID/revoke",
    doc({
      tag: "programmes",
      summary:
        "Revoke an API key (admin); calls with it fail at once on this instance, within 30 seconds on others",
      ok: { schema: ApiKeySchema },
      problems: [400, 401, 403, 404],
    }),
    params(KeyParam),
    async (c) => {
      const { id, keyID } = c.req.valid("param");
      return c.json(await ApiKey.revoke(id, keyID), 200);
    },
  )
  .post(
    "/:id/endpoints",
    doc({
      tag: "webhooks",
      summary: "Register a webhook endpoint (admin); its signing secret is in this answer only",
      ok: { status: 201, schema: EndpointWithSecret },
      problems: [400, 401, 403, 404, 415],
    }),
    params(IdParam),
    body(Endpoint.create.schema),
    async (c) => c.json(await Endpoint.create.trusted(c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .get(
    "/:id/endpoints",
    doc({
      tag: "webhooks",
      summary: "A programme's webhook endpoints",
      ok: { schema: Page(EndpointSchema) },
      problems: [400, 401, 403, 404],
    }),
    params(IdParam),
    async (c) => c.json(await Endpoint.list(c.req.valid("param").id), 200),
  );
