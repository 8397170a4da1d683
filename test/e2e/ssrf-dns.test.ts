import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createTcpServer, type Server } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestDns } from "../support/dns";
import { ADMIN, type Client, countItems, signedIn, useTestHub, verifiedLks } from "../support/hub";
import { eventually, referralInput, setUpProgram } from "../support/programs";

// The SSRF guard's name checks (DESIGN §6), through the API and the delivery worker: names are
// answered by a real DNS server the test controls (test/support/dns.ts), so the lookup at
// registration and the lookup inside every delivery connection are what decide.

const hub = useTestHub({ worker: true });
let dns: Awaited<ReturnType<typeof startTestDns>>;
/** A TCP listener on loopback that counts every connection: what a rebinding attacker aims at. */
let trap: { server: Server; port: number; connections: number };

beforeAll(async () => {
  dns = await startTestDns();
  const server = createTcpServer((socket) => {
    trap.connections++;
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  trap = { server, port: (server.address() as AddressInfo).port, connections: 0 };
});
afterAll(async () => {
  await dns?.close();
  await new Promise((r) => trap?.server.close(r));
});

const PUBLIC_V4 = "93.184.215.14";
const PUBLIC_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c";

const register = (admin: Client, programID: string, url: string) =>
  admin.post(`/v1/programs/${programID}/endpoints`, { url, eventTypes: [] });

/** Sends one referral to the programme and returns its delivery once the first attempt is logged. */
const firstAttempt = async (admin: Client, lks: Client, programID: string, endpointID: string) => {
  const referral = await lks.post("/v1/referrals", referralInput(programID));
  expect(referral.status, referral.text).toBe(201);
  const delivery = await eventually(async () => {
    const log = await admin.get(`/v1/endpoints/${endpointID}/deliveries`);
    const item =
      log.json.items.find((d: { subject?: string }) => d.subject === referral.json.id) ?? log.json.items[0];
    return item && item.attempts >= 1 && (item.lastError || item.lastStatusCode) ? item : undefined;
  });
  const detail = await admin.get(`/v1/deliveries/${delivery.id}`);
  expect(detail.status).toBe(200);
  return detail.json as {
    status: string;
    lastError?: string;
    lastStatusCode?: number;
    attemptLog: { statusCode?: number; error?: string }[];
  };
};

it("refuses at registration a name that resolves to a loopback, private, link-local or metadata address", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { program } = await setUpProgram(admin, { code: "PKH" });
  const cases: Record<string, string[]> = {
    "loopback.hooks.test": ["127.0.0.1"],
    "loopback6.hooks.test": ["::1"],
    "private10.hooks.test": ["10.20.30.40"],
    "private192.hooks.test": ["192.168.1.10"],
    "ula.hooks.test": ["fd00:ec2::254"],
    "metadata.hooks.test": ["169.254.169.254"],
    "mapped.hooks.test": ["::ffff:127.0.0.1"],
    // One bad address among public ones is enough: the connection may pick any of them.
    "mixed.hooks.test": [PUBLIC_V4, "172.16.5.4"],
  };
  for (const [name, addresses] of Object.entries(cases)) dns.answer(name, addresses);
  const before = await countItems();
  for (const name of Object.keys(cases)) {
    const res = await register(admin, program.id, `https://${name}/hook`);
    expect(res.status, name).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.json.errors[0].field, name).toBe("url");
    // Refused for what the name resolves to, not because it failed to resolve.
    expect(res.json.errors[0].message, name).toMatch(/private|loopback|link-local/i);
    expect(dns.aQueries(name), name).toBeGreaterThan(0);
  }
  expect(await countItems()).toBe(before);

  // The same server's public answer is accepted: the refusals above are the addresses' doing.
  dns.answer("public.hooks.test", [PUBLIC_V4, PUBLIC_V6]);
  const ok = await register(admin, program.id, "https://public.hooks.test/hook");
  expect(ok.status, ok.text).toBe(201);

  // Changing a registered endpoint's URL goes through the same check.
  const patched = await admin.request(
    "PATCH",
    `/v1/endpoints/${ok.json.id}`,
    {
      url: "https://loopback.hooks.test/hook",
    },
    { "if-match": `"${ok.json.version}"` },
  );
  expect(patched.status, patched.text).toBe(400);
  expect(patched.json.errors[0].field).toBe("url");
});

it("a name rebound to loopback after registration is refused at delivery, before and at connection time", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { client: lks } = await verifiedLks(hub.url, 61);

  // 1. The name answers a public address at registration, loopback afterwards.
  const { program: pena } = await setUpProgram(admin, { code: "PENA" });
  dns.answer("rebind.hooks.test", [PUBLIC_V4]);
  const rebound = await register(admin, pena.id, `https://rebind.hooks.test:${trap.port}/hook`);
  expect(rebound.status, rebound.text).toBe(201);
  dns.answer("rebind.hooks.test", ["127.0.0.1"]);
  const refused = await firstAttempt(admin, lks, pena.id, rebound.json.id);
  expect(refused.status).not.toBe("delivered");
  expect(refused.lastStatusCode).toBeUndefined();
  expect(refused.lastError).toMatch(/private|loopback|non-public/i);
  expect(trap.connections).toBe(0);

  // 2. Classic rebinding with TTL 0: the check before sending sees the public address, the
  // connection's own lookup a moment later gets loopback. Only the connection-time check stops it.
  const { program: pbi } = await setUpProgram(admin, { code: "PBI-JK" });
  dns.answer("flip.hooks.test", [PUBLIC_V4]);
  const flip = await register(admin, pbi.id, `https://flip.hooks.test:${trap.port}/hook`);
  expect(flip.status, flip.text).toBe(201);
  dns.answer("flip.hooks.test", { sequence: [[PUBLIC_V4], ["127.0.0.1"]] });
  const caught = await firstAttempt(admin, lks, pbi.id, flip.json.id);
  expect(caught.status).not.toBe("delivered");
  expect(caught.lastStatusCode).toBeUndefined();
  expect(caught.lastError).toMatch(/ESSRF|non-public/);
  expect(dns.aQueries("flip.hooks.test")).toBeGreaterThanOrEqual(2);
  expect(trap.connections).toBe(0);
});

it("does not follow a redirect, not even to an allow-listed host", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { client: lks } = await verifiedLks(hub.url, 62);
  let targetHits = 0;
  const target = createHttpServer((_req, res) => {
    targetHits++;
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => target.listen(0, r));
  const targetPort = (target.address() as AddressInfo).port;
  const redirector = createHttpServer((req, res) => {
    req.resume();
    res.writeHead(307, { location: `http://localhost:${targetPort}/hooks/atensi` }).end();
  });
  await new Promise<void>((r) => redirector.listen(0, r));
  try {
    const port = (redirector.address() as AddressInfo).port;
    const { program, endpoint } = await setUpProgram(admin, {
      code: "BPNT",
      endpointUrl: `http://localhost:${port}/hooks/atensi`,
    });
    const attempt = await firstAttempt(admin, lks, program.id, endpoint!.id);
    expect(attempt.lastStatusCode).toBe(307);
    expect(attempt.status).not.toBe("delivered");
    expect(targetHits).toBe(0);
  } finally {
    redirector.closeAllConnections();
    target.closeAllConnections();
    await new Promise((r) => redirector.close(r));
    await new Promise((r) => target.close(r));
  }
});
