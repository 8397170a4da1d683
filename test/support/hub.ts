import { join } from "node:path";
import type { Role } from "@atensi/contracts";
import { Actor, Database, User } from "@atensi/core";
import {
  createWebApp,
  freePort,
  listen,
  type MailCatcher,
  mailPages,
  startDeliveryWorker,
  startMailCatcher,
} from "@atensi/local";
import { afterAll, beforeAll } from "vitest";

const repoRoot = join(import.meta.dirname, "../..");

/**
 * A hub served over real HTTP on a free port, against this test file's table in DynamoDB Local,
 * with the built portal (portal/dist) when present.
 */
export const startTestHub = async (
  options: { worker?: boolean; sweepIntervalMs?: number; mail?: boolean } = {},
) => {
  // With `mail`, a real SMTP catcher receives what the hub sends (retries shrunk to milliseconds).
  const catcher = options.mail ? await startMailCatcher() : undefined;
  if (catcher) {
    process.env.ATENSI_SMTP_URL = catcher.smtpUrl;
    process.env.ATENSI_MAIL_RETRY_SCALE = "0.001";
  }
  const server = await listen(
    createWebApp(join(repoRoot, "portal/dist"), catcher ? { pages: mailPages(catcher) } : {}),
    await freePort(),
  );
  process.env.ATENSI_PORTAL_URL = server.url;
  const worker = options.worker
    ? startDeliveryWorker({ sweepIntervalMs: options.sweepIntervalMs ?? 100 })
    : undefined;
  return {
    url: server.url,
    mail: catcher,
    stop: async () => {
      await worker?.stop();
      await server.close();
      await catcher?.close();
    },
    /** Creates an active user directly (no invitation round-trip), e.g. a staff reviewer. */
    createUser: async (input: {
      email: string;
      name: string;
      roles: Role[];
      password: string;
      partnerID?: string;
      /** A staff user's organisation unit (regional scope). */
      unitID?: string;
    }) =>
      Actor.provide({ type: "system", properties: { name: "test" } }, async () => {
        const user = await User.prepare({ ...input, status: "active" });
        await Database.commit(user.steps);
        return User.toView(user.item);
      }),
  };
};

/** A tiny cookie-keeping client that also echoes the CSRF token, like the portal does. */
export class Client {
  cookie = "";
  csrf = "";
  constructor(readonly base: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== "GET" ? { "x-csrf-token": this.csrf } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("atensi_session="));
    if (setCookie) this.cookie = setCookie.split(";")[0]!;
    const text = await res.text();
    const json = text && /json/.test(res.headers.get("content-type") ?? "") ? JSON.parse(text) : undefined;
    if (json && typeof json.csrfToken === "string") this.csrf = json.csrfToken;
    return { status: res.status, headers: res.headers, json, text };
  }

  get = (path: string, headers?: Record<string, string>) => this.request("GET", path, undefined, headers);
  post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request("POST", path, body, headers);

  signIn = (email: string, password: string) => this.post("/v1/auth/sign-in", { email, password });
}

/** A valid registration for a real LKS name; vary `n` for uniqueness. */
export const registration = (n: number | string, overrides: Record<string, unknown> = {}) => ({
  name: `Yayasan Balarenik ${n}`,
  legalForm: "yayasan",
  registrationNumber: `AHU-00${n}.AH.01.04.TAHUN 2012`,
  accreditation: { grade: "B", accreditedOn: "2024-06-20" },
  npwp: "01.000.013.1-093.000",
  provinceCode: "32",
  regencyCode: "3275",
  address: "Jl. Pangkalan II, Bantar Gebang, Kota Bekasi",
  clusters: ["anak", "ppks_lainnya"],
  serviceBases: ["komunitas"],
  contacts: [{ name: "Agus Salim", email: `agus${n}@lks.example`, phone: "081234567890" }],
  admin: { name: "Agus Salim", email: `admin${n}@lks.example`, password: "kata-sandi-yang-panjang" },
  ...overrides,
});

/** Every item in this test file's table (a Scan is fine in tests: it proves nothing was written). */
export const countItems = async () => {
  const { ScanCommand } = await import("@aws-sdk/client-dynamodb");
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await Database.raw().send(
      new ScanCommand({ TableName: Database.tableName(), Select: "COUNT", ExclusiveStartKey: start }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return count;
};

/**
 * The item count once the background work a change set off (notification fan-out, mail,
 * deliveries) has finished: two reads a moment apart that agree.
 */
export const settledItemCount = async (quietMs = 300) => {
  let last = await countItems();
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = await countItems();
    if (now === last) return now;
    last = now;
  }
};

export const TEST_PASSWORD = "kata-sandi-yang-panjang";
export const REVIEWER = {
  email: "reviewer@kemensos.example",
  name: "Rina Pratiwi",
  password: TEST_PASSWORD,
} as const;

export const ADMIN = {
  email: "admin@kemensos.example",
  name: "Admin Pusdatin",
  password: TEST_PASSWORD,
} as const;

/** Reviews and approves: the four-eyes rule must stop it approving what it recommended. */
export const APPROVER = {
  email: "approver@kemensos.example",
  name: "Budi Santoso",
  password: TEST_PASSWORD,
} as const;
export const SECOND_APPROVER = {
  email: "approver2@kemensos.example",
  name: "Sri Wahyuni",
  password: TEST_PASSWORD,
} as const;

export const signedIn = async (base: string, who: { email: string; password: string }) => {
  const client = new Client(base);
  const res = await client.signIn(who.email, who.password);
  if (res.status !== 200) throw new Error(`sign-in ${who.email}: ${res.status} ${res.text}`);
  return client;
};

/** Registers LKS number `n`, has the reviewer verify it, and signs its admin in. */
export const verifiedLks = async (
  base: string,
  n: number | string,
  overrides: Record<string, unknown> = {},
) => {
  const registered = await new Client(base).post("/v1/partners", registration(n, overrides));
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${registered.text}`);
  const reviewer = await signedIn(base, REVIEWER);
  await reviewer.post(`/v1/partners/${registered.json.id}/verify`);
  const client = await signedIn(base, { email: `admin${n}@lks.example`, password: TEST_PASSWORD });
  return { client, partnerID: registered.json.id as string };
};

/**
 * Starts a hub for the test file with a kemensos_reviewer account (REVIEWER), and stops it
 * after. Read `.url` inside tests, once the hub has started.
 */
export const useTestHub = (options: Parameters<typeof startTestHub>[0] = {}) => {
  const handle: { url: string; mail?: MailCatcher } = { url: "" };
  let hub: Awaited<ReturnType<typeof startTestHub>> | undefined;
  beforeAll(async () => {
    hub = await startTestHub(options);
    await hub.createUser({ ...REVIEWER, roles: ["kemensos_reviewer"] });
    await hub.createUser({ ...ADMIN, roles: ["admin"] });
    await hub.createUser({ ...APPROVER, roles: ["kemensos_reviewer", "kemensos_approver"] });
    await hub.createUser({ ...SECOND_APPROVER, roles: ["kemensos_approver"] });
    handle.url = hub.url;
    handle.mail = hub.mail;
  });
  afterAll(() => hub?.stop());
  return handle;
};

/** The portal link in a caught mail's text, and the token in its fragment. */
export const linkIn = (text: string, path: string) => {
  const match = new RegExp(`(https?://\\S+${path}#token=([\\w%.-]+))`).exec(text);
  if (!match) throw new Error(`No ${path} link in:\n${text}`);
  return { url: match[1]!, token: decodeURIComponent(match[2]!) };
};
