import { Page, SocialWorkerID, SocialWorker as SocialWorkerSchema } from "@atensi/contracts";
import { SocialWorker } from "@atensi/core/social-worker";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { body, params, query } from "../validate";

/** The pekerja sosial registry: certified social workers, their certificates and clusters. */
export const socialWorkers = new Hono<AppEnv>()
  .get(
    "/",
    doc({
      tag: "social-workers",
      summary: "The pekerja sosial registry, by name; `validOn` keeps certificates valid that day",
      ok: { schema: Page(SocialWorkerSchema) },
      problems: [400, 401, 403],
    }),
    query(SocialWorker.list.schema),
    async (c) => c.json(await SocialWorker.list.trusted(c.req.valid("query")), 200),
  )
  .post(
    "/",
    doc({
      tag: "social-workers",
      summary: "Register a social worker (staff; an LKS admin for its own LKS)",
      ok: { status: 201, schema: SocialWorkerSchema },
      problems: [400, 401, 403, 404],
    }),
    body(SocialWorker.create.schema),
    async (c) => c.json(await SocialWorker.create.trusted(c.req.valid("json")), 201),
  )
  .get(
    "/:id",
    doc({
      tag: "social-workers",
      summary: "One social worker",
      ok: { schema: SocialWorkerSchema },
      problems: [400, 401, 403, 404],
    }),
    params(v.strictObject({ id: SocialWorkerID })),
    async (c) => c.json(await SocialWorker.fromID(c.req.valid("param").id), 200),
  );
