/**
 * Child process of the API benchmark: seeds the demo data, then serves the hub and the floor (a
 * bare Hono route doing the same GetItem, no auth or middleware) side by side, so both share one
 * Node process, one DynamoDB client configuration and one DynamoDB Local.
 */

import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { serve } from "@hono/node-server";
import { hash, verify } from "@node-rs/argon2";
import { Hono } from "hono";

process.env.ATENSI_TABLE = "bench";
process.env.ATENSI_ENV = "test";
process.env.ATENSI_LOG_REQUESTS = "false";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const { Database, User } = await import("@atensi/core");
const { PartnerEntity } = await import("@atensi/core/partner");
const { createWebApp, freePort } = await import("@atensi/local");
const { seed } = await import("@atensi/local/seed");

const password = "bench-password-long-enough";
await Database.ensureTable();
await seed(password);
const user = await User.fromEmail("widyatama@lks.example");
const partnerID = user!.partnerID!;

const floor = new Hono().get("/partners/:id", async (c) => {
  const { Item } = await Database.documents().send(
    new GetCommand({
      TableName: Database.tableName(),
      Key: PartnerEntity.get({ partnerID: c.req.param("id") }).params().Key,
    }),
  );
  return Item ? c.json(Item) : c.json({ error: "not found" }, 404);
});

const listenOn = async (fetch: (req: Request, env?: unknown) => Response | Promise<Response>) => {
  const port = await freePort();
  await new Promise<void>((resolve) => serve({ fetch, port, hostname: "127.0.0.1" }, () => resolve()));
  return `http://127.0.0.1:${port}`;
};

const hubURL = await listenOn(createWebApp("/nonexistent").fetch);
const floorURL = await listenOn(floor.fetch);

// The argon2 floor for sign-in: bare verifications per second with the same parameters.
const stored = await hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
const argonPerSecond = async (ms: number) => {
  let n = 0;
  const until = performance.now() + ms;
  while (performance.now() < until) {
    await verify(stored, password);
    n++;
  }
  return (n * 1000) / ms;
};

process.on("message", async (m: { type: string }) => {
  if (m.type === "rss") process.send?.({ type: "rss", rss: process.memoryUsage().rss });
  if (m.type === "argon") process.send?.({ type: "argon", perSecond: await argonPerSecond(3000) });
});
process.send?.({ type: "ready", hubURL, floorURL, partnerID, email: "widyatama@lks.example", password });
