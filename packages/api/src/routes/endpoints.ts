import {
  DeliveryAttempt,
  DeliveryID,
  Delivery as DeliverySchema,
  EndpointID,
  Endpoint as EndpointSchema,
  EndpointWithSecret,
  Page,
} from "@atensi/contracts";
import { Delivery, Endpoint } from "@atensi/core/webhook";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { ifMatch, withEtag } from "../http";
import { doc } from "../openapi";
import { body, params, query } from "../validate";

const IdParam = v.strictObject({ id: EndpointID });
const DeliveryParam = v.strictObject({ id: DeliveryID });

/** Webhook endpoints and their delivery log (staff). */
export const endpoints = new Hono<AppEnv>()
  .get(
    "/:id",
    doc({
      tag: "webhooks",
      summary: "One endpoint",
      ok: { schema: EndpointSchema },
      problems: [400, 401, 403, 404],
    }),
    params(IdParam),
    async (c) => withEtag(c, await Endpoint.fromID(c.req.valid("param").id)),
  )
  .patch(
    "/:id",
    doc({
      tag: "webhooks",
      summary: "Change an endpoint's URL, description, events, or enable/disable it (admin)",
      ok: { schema: EndpointSchema },
      problems: [400, 401, 403, 404, 412, 415],
      ifMatch: true,
    }),
    params(IdParam),
    body(Endpoint.update.schema),
    async (c) =>
      withEtag(c, await Endpoint.update.trusted(c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
  )
  .post(
    "/:id/rotate-secret",
    doc({
      tag: "webhooks",
      summary: "Rotate the signing secret (admin); the previous one keeps signing for 24 hours",
      ok: { schema: EndpointWithSecret },
      problems: [400, 401, 403, 404, 412],
      ifMatch: true,
    }),
    params(IdParam),
    async (c) => withEtag(c, await Endpoint.rotateSecret(c.req.valid("param").id, ifMatch(c))),
  )
  .get(
    "/:id/deliveries",
    doc({
      tag: "webhooks",
      summary: "The endpoint's delivery log, newest first",
      ok: { schema: Page(DeliverySchema) },
      problems: [400, 401, 403, 404],
    }),
    params(IdParam),
    query(Delivery.list.schema),
    async (c) => c.json(await Delivery.list.trusted(c.req.valid("param").id, c.req.valid("query")), 200),
  )
  .post(
    "/:id/redeliver",
    doc({
      tag: "webhooks",
      summary: "Redeliver every failed delivery created in a time window (admin)",
      ok: { schema: v.object({ redelivered: v.number(), truncated: v.boolean() }) },
      problems: [400, 401, 403, 404, 409, 415],
    }),
    params(IdParam),
    body(Delivery.redeliverFailed.schema),
    async (c) =>
      c.json(await Delivery.redeliverFailed.trusted(c.req.valid("param").id, c.req.valid("json")), 200),
  );

/** One delivery with its attempt log, and manual redelivery. */
export const deliveries = new Hono<AppEnv>()
  .get(
    "/:id",
    doc({
      tag: "webhooks",
      summary: "One delivery and every attempt (time, status, latency, first 1 KB of the answer)",
      ok: { schema: v.object({ ...DeliverySchema.entries, attemptLog: v.array(DeliveryAttempt) }) },
      problems: [400, 401, 403, 404],
    }),
    params(DeliveryParam),
    async (c) => c.json(await Delivery.fromID(c.req.valid("param").id), 200),
  )
  .post(
    "/:id/redeliver",
    doc({
      tag: "webhooks",
      summary: "Send this event to this endpoint again (admin)",
      ok: { schema: DeliverySchema },
      problems: [400, 401, 403, 404, 409, 412],
    }),
    params(DeliveryParam),
    async (c) => c.json(await Delivery.redeliver(c.req.valid("param").id), 200),
  );
