/**
 * Shared helpers for the harness suites (authorization matrix, concurrency, security, crash
 * consistency): raw requests with an explicit credential, and valid inputs for the domain flows.
 */
import { agreementInput } from "../../support/agreements";

/** Who calls: nobody, a portal user (session cookie + CSRF token), or a programme (API key). */
export type Credential =
  | { kind: "public" }
  | { kind: "user"; email: string; password: string; cookie: string; csrf: string }
  | { kind: "program"; key: string };

// biome-ignore lint/suspicious/noExplicitAny: a JSON answer, read by the tests field by field
export type Answer = { status: number; headers: Headers; json: any; text: string };

/**
 * One request as `who`, without keeping anything from the answer (a sign-in answered to a
 * matrix cell must not replace the caller's own session).
 */
export const send = async (
  base: string,
  who: Credential,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> => {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (who.kind === "user") {
    headers.cookie = who.cookie;
    if (method !== "GET") headers["x-csrf-token"] = who.csrf;
  }
  if (who.kind === "program") headers.authorization = `Bearer ${who.key}`;
  const res = await fetch(base + path, {
    method,
    headers: { ...headers, ...options.headers },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: "manual",
  });
  const text = await res.text();
  const json = text && /json/.test(res.headers.get("content-type") ?? "") ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, json, text };
};

/** Signs in and answers the session as a credential (throws unless the sign-in succeeds). */
export const signIn = async (base: string, email: string, password: string) => {
  const res = await send(base, { kind: "public" }, "POST", "/v1/auth/sign-in", { body: { email, password } });
  if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status} ${res.text}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith("atensi_session="))!
    .split(";")[0]!;
  return { kind: "user", email, password, cookie, csrf: res.json.csrfToken as string } as const;
};

/** Fails with the answer when `res` is not `status`; returns the JSON body. */
export const expectStatus = (res: Answer, status: number, what: string) => {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${res.text}`);
  return res.json;
};

export const YEAR = new Date().getUTCFullYear();

/** An agreement that runs this calendar year, reporting monthly: active as soon as it is approved. */
export const thisYearAgreement = (target = 100, overrides: Record<string, unknown> = {}) =>
  agreementInput({
    startDate: `${YEAR}-01-01`,
    endDate: `${YEAR}-12-31`,
    reportingCadence: "monthly",
    yearlyTargets: [{ year: YEAR, cluster: "penyandang_disabilitas", target }],
    ...overrides,
  });

/** Monthly periods of this year that have started (reports can be opened for them). */
export const startedPeriods = () => {
  const month = new Date(Date.now() + 7 * 3600e3).getUTCMonth() + 1;
  return Array.from({ length: month }, (_, i) => `${YEAR}-${String(i + 1).padStart(2, "0")}`);
};

/** A complete, consistent report content serving `served` people with disabilities (even). */
export const reportContent = (served = 60) => ({
  beneficiaries: {
    totals: [{ cluster: "penyandang_disabilitas", count: served }],
    breakdown: [
      { cluster: "penyandang_disabilitas", sex: "female", ageBand: "18-59", count: served / 2 },
      { cluster: "penyandang_disabilitas", sex: "male", ageBand: "18-59", count: served / 2 },
    ],
    byCriterion: [{ criterion: "disabilitas", count: served }],
  },
  services: [{ form: "terapi_fisik_psikososial_mental_spiritual", count: 120 }],
  caseFlow: [{ stage: "implementasi", atStart: 40, entered: 20, completed: 10, terminated: 2, atEnd: 48 }],
  indicators: [
    {
      level: "keluaran",
      name: "Penerima manfaat terlayani",
      target: 100,
      realised: served,
      narrative: "Sesuai rencana",
    },
  ],
  socialWorker: { name: "Ratna Sari, S.Sos.", certificateNumber: "PEKSOS-32-2021-0457" },
  issues: [{ issue: "Keterbatasan transportasi peserta", followUp: "Koordinasi dengan dinas sosial kota" }],
});

/** Small files whose first bytes are what the declared type says. */
export const PDF = Buffer.concat([
  Buffer.from("%PDF-1.7\n"),
  Buffer.alloc(600, 32),
  Buffer.from("\n%%EOF\n"),
]);
export const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(300, 7),
]);

/** PUTs a file to a signed upload URL the hub answered. */
export const upload = async (base: string, url: string, contentType: string, bytes: Buffer) => {
  const res = await fetch(base + url, {
    method: "PUT",
    headers: { "content-type": contentType },
    body: new Uint8Array(bytes),
  });
  if (res.status !== 200) throw new Error(`upload: ${res.status} ${await res.text()}`);
};

/** Runs `task(0 … count-1)` with at most `concurrency` at a time; results in index order. */
export const inLanes = async <T>(count: number, concurrency: number, task: (i: number) => Promise<T>) => {
  const results: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
};
