import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { maskIdentity, nikProblem } from "@atensi/contracts";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nikFor, referralInput } from "../../../test/support/programs";
import {
  Actor,
  Delivery,
  Endpoint,
  type HubError,
  MAX_ATTEMPTS,
  Notification,
  Partner,
  Program,
  RETRY_DELAYS_MS,
  Referral,
  retryDelay,
  sign,
  urlProblem,
  Vault,
} from "../src";
import { NotificationEntity } from "../src/notification";
import { DeliveryEntity, RETRY_AFTER_CAP_MS, retryAfterMs } from "../src/webhook";
import { EndpointEntity } from "../src/webhook/entity";
import { asPublic, asUser, registration } from "./support";

const admin = <R>(fn: () => R) => asUser(["admin"], fn);
const system = <R>(fn: () => R) => Actor.provide({ type: "system", properties: { name: "test" } }, fn);

describe("NIK", () => {
  it("accepts a valid NIK and explains each kind of invalid one", () => {
    expect(
      nikProblem(nikFor("1985-07-12", "female"), { birthDate: "1985-07-12", sex: "female" }),
    ).toBeUndefined();
    expect(nikProblem(nikFor("2000-02-29", "male"))).toBeUndefined();
    expect(nikProblem("123")).toMatchObject({
      code: "nik_digits",
      message: expect.stringMatching(/16 digits/),
    });
    expect(nikProblem("9973011207850001")).toMatchObject({
      code: "nik_province",
      message: expect.stringMatching(/province code 99/),
    });
    expect(nikProblem("3273013213850001")).toMatchObject({
      code: "nik_month",
      message: expect.stringMatching(/month/),
    });
    expect(nikProblem("3273017202850001")).toMatchObject({
      code: "nik_day",
      message: expect.stringMatching(/day/),
    }); // 32 Feb for a woman (72 − 40)
    expect(nikProblem("3273011207850000")).toMatchObject({
      code: "nik_serial",
      message: expect.stringMatching(/serial/),
    });
    expect(nikProblem(nikFor("1985-07-12", "female"), { sex: "male" })).toMatchObject({
      code: "nik_female",
      message: expect.stringMatching(/woman's/),
    });
    expect(nikProblem(nikFor("1985-07-12", "male"), { sex: "female" })).toMatchObject({
      code: "nik_male",
      message: expect.stringMatching(/man's/),
    });
    expect(nikProblem(nikFor("1985-07-12", "male"), { birthDate: "1986-07-12" })).toMatchObject({
      code: "nik_birth_date",
      message: expect.stringMatching(/birth date/),
    });
    expect(maskIdentity("3273015207850001")).toBe("3273********0001");
  });
});

describe("Vault", () => {
  it("seals and opens, detects tampering, and indexes blindly per kind", async () => {
    const sealed = await Vault.seal({ nik: "3273015207850001" });
    expect(sealed).not.toContain("3273015207850001");
    expect(await Vault.open(sealed)).toEqual({ nik: "3273015207850001" });
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString("base64url");
    await expect(Vault.open(parts.join("."))).rejects.toThrow();
    const nik = await Vault.blindIndex("nik", "3273015207850001");
    expect(nik).toBe(await Vault.blindIndex("nik", "3273015207850001"));
    expect(nik).not.toBe(await Vault.blindIndex("kk", "3273015207850001"));
  });
});

describe("SSRF guard", () => {
  it("refuses non-public addresses and plain HTTP unless the host is allow-listed", async () => {
    for (const url of [
      "https://10.1.2.3/",
      "https://172.16.0.1/",
      "https://100.64.0.1/",
      "https://127.0.0.1/",
      "https://169.254.169.254/",
      "https://[::1]/",
      "https://[fe80::1]/",
      "https://[fd00:ec2::254]/",
      "https://[::ffff:127.0.0.1]/",
      "https://0.0.0.0/",
      "https://localhost.localdomain.localhost/",
      "http://example.org/",
    ]) {
      expect(await urlProblem(url), url).toBeDefined();
    }
    expect(await urlProblem("https://8.8.8.8/hook")).toBeUndefined();
    expect(await urlProblem("http://localhost:9/hook")).toBeUndefined(); // allow-listed in tests
  });
});

describe("retry schedule", () => {
  it("makes 8 attempts over about three days, with jitter", () => {
    expect(MAX_ATTEMPTS).toBe(8);
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total / 86_400_000).toBeGreaterThan(2.5);
    expect(total / 86_400_000).toBeLessThan(3.5);
    expect(retryDelay(1, () => 0)).toBe(48_000);
    expect(retryDelay(1, () => 1)).toBe(72_000);
    expect(retryDelay(MAX_ATTEMPTS)).toBeUndefined();
  });

  it("reads a 429's Retry-After as seconds or an HTTP date, capped at an hour", () => {
    const now = Date.parse("2026-12-03T10:00:00Z");
    expect(retryAfterMs("2", now)).toBe(2000);
    expect(retryAfterMs(" 120 ", now)).toBe(120_000);
    expect(retryAfterMs("Thu, 03 Dec 2026 10:00:30 GMT", now)).toBe(30_000);
    // A date already past means "now"; more than an hour is an hour.
    expect(retryAfterMs("Thu, 03 Dec 2026 09:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("86400", now)).toBe(RETRY_AFTER_CAP_MS);
    expect(RETRY_AFTER_CAP_MS).toBe(3600e3);
    // Absent or unreadable: the ordinary schedule applies.
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs("-5", now)).toBeUndefined();
  });

  it("signs as Standard Webhooks specifies, with every live secret", () => {
    const a = `whsec_${Buffer.alloc(32, 1).toString("base64")}`;
    const b = `whsec_${Buffer.alloc(32, 2).toString("base64")}`;
    const body = JSON.stringify({ type: "referral.sent", timestamp: "2026-11-23T00:00:00Z", data: {} });
    const ts = Math.floor(Date.now() / 1000);
    const headers = {
      "webhook-id": "evt_1",
      "webhook-timestamp": String(ts),
      "webhook-signature": sign([a, b], "evt_1", ts, body),
    };
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    // A receiver that knows only the new secret (or only the old) verifies either way.
    expect(() => new Webhook(a).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(b).verify(body, headers)).not.toThrow();
  });
});

describe("delivery", () => {
  let status = 200;
  const seen: string[] = [];
  let server: ReturnType<typeof createServer>;
  let url = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(String(req.headers["webhook-id"]));
      req.resume();
      req.on("end", () => res.writeHead(status).end("x".repeat(3000)));
    });
    await new Promise<void>((r) => server.listen(0, r));
    url = `http://localhost:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const setUp = async (n: number) => {
    const partner = await asPublic(() => Partner.register(registration(`w${n}`)));
    await asUser(["kemensos_reviewer"], () => Partner.verify(partner.id));
    const program = await admin(() =>
      Program.create({
        code: `P${n}`,
        name: `Program ${n}`,
        owningUnit: "Direktorat",
        kind: "jaminan_sosial",
        allowedFields: [],
      }),
    );
    const endpoint = await admin(() => Endpoint.create(program.id, { url, eventTypes: [] }));
    const refer = () =>
      asUser(["lks_operator"], () => Referral.create(referralInput(program.id)), partner.id);
    return { partner, program, endpoint, refer };
  };

  const eventOf = async (referralID: string) => {
    const { data } = await DeliveryEntity.scan
      .where((a, op) => op.eq(a.subject, referralID))
      .go({ pages: "all" });
    return data[0]!;
  };

  it("fans an event out once however often it is dispatched, and attempts it once", async () => {
    const { refer } = await setUp(1);
    const referral = await refer();
    const delivery = await system(async () => {
      const { Outbox } = await import("../src/outbox");
      const pending = await Outbox.pending(100);
      const results = await Promise.all(
        pending.flatMap((id) => [Delivery.processEvent(id), Delivery.processEvent(id)]),
      );
      return results.flat();
    });
    // Only the worker that fanned the event out attempts it; the other finds it done.
    expect(delivery).toEqual(["delivered"]);
    const item = await eventOf(referral.id);
    expect(item).toMatchObject({ status: "delivered", attempts: 1 });
    const detail = await asUser(["auditor"], () => Delivery.fromID(item.deliveryID));
    expect(detail.attemptLog).toHaveLength(1);
    expect(detail.attemptLog[0]!.responseBody).toHaveLength(1024);
  });

  it("schedules a retry after a failure, and disables the endpoint on 410 with a notice to staff", async () => {
    const { refer, endpoint } = await setUp(2);
    status = 500;
    const referral = await refer();
    const item = await eventOf(referral.id).catch(() => undefined);
    expect(item).toBeUndefined(); // not fanned out until a worker runs
    await system(() => Delivery.sweep({ outboxGraceMs: 0 }));
    const failed = await eventOf(referral.id);
    expect(failed).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500 });
    expect(Date.parse(failed.nextAttemptAt) - Date.now()).toBeGreaterThan(40_000);
    expect((await Endpoint.load(endpoint.id)).failingSince).toBeDefined();

    status = 410;
    await DeliveryEntity.patch({ deliveryID: failed.deliveryID })
      .set({ nextAttemptAt: new Date(0).toISOString() })
      .go();
    expect(await system(() => Delivery.attempt(failed.deliveryID))).toBe("failed");
    expect(await Endpoint.load(endpoint.id)).toMatchObject({
      enabled: false,
      disabledReason: expect.stringMatching(/410/),
    });
    // Staff are told as data (kind + params); the worker fans it out to their inboxes.
    const { data: notices } = await NotificationEntity.query
      .byAudience({ audience: Notification.STAFF })
      .go({ order: "desc" });
    expect(notices[0]).toMatchObject({ kind: "endpoint.disabled", params: { reason: "gone" } });

    // Redelivery needs the endpoint enabled again; then it goes out at once.
    await expect(admin(() => Delivery.redeliver(failed.deliveryID))).rejects.toMatchObject({
      code: "endpoint_disabled",
    });
    status = 204;
    await admin(() => Endpoint.update(endpoint.id, { enabled: true }));
    const requeued = await admin(() => Delivery.redeliver(failed.deliveryID));
    expect(requeued.status).toBe("pending");
    expect(await system(() => Delivery.attempt(failed.deliveryID))).toBe("delivered");
  });

  it("disables an endpoint that has failed for five days", async () => {
    const { refer, endpoint } = await setUp(3);
    status = 503;
    await EndpointEntity.patch({ endpointID: endpoint.id })
      .set({ failingSince: new Date(Date.now() - 5 * 86_400_000 - 1000).toISOString() })
      .go();
    const referral = await refer();
    await system(() => Delivery.sweep({ outboxGraceMs: 0 }));
    expect((await eventOf(referral.id)).status).toBe("pending");
    expect(await Endpoint.load(endpoint.id)).toMatchObject({
      enabled: false,
      disabledReason: expect.stringMatching(/5 days/),
    });
    status = 204;
  });

  it("rotates secrets: the old one keeps signing for 24 hours", async () => {
    const { endpoint } = await setUp(4);
    const rotated = await admin(() => Endpoint.rotateSecret(endpoint.id));
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.secrets).toHaveLength(2);
    const expires = Date.parse(rotated.secrets[0]!.expiresAt!);
    expect(Math.abs(expires - Date.now() - 86_400_000)).toBeLessThan(60_000);
    const signing = await Endpoint.signingSecrets(await Endpoint.load(endpoint.id));
    expect(signing).toEqual([endpoint.secret, rotated.secret]);
  });

  it("answers concurrent conflicting responses with exactly one success", async () => {
    const { refer, program } = await setUp(5);
    const referral = await refer();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        Actor.provide({ type: "program", properties: { programID: program.id, keyID: "key_test" } }, () =>
          Referral.respond(referral.id, { action: "acknowledge" }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected")
        expect(["conflict", "precondition"]).toContain((r.reason as HubError).kind);
    }
  });
});
