import { Agent, request as httpRequest } from "node:http";

/**
 * Sending fuzzed requests as a given caller, and the invariants every answer must keep.
 */

/** Who sends a request: nobody, a signed-in portal user (cookie + CSRF), or a programme's API key. */
export class FuzzCaller {
  cookie = "";
  csrf = "";
  constructor(
    readonly name: string,
    readonly kind: "public" | "session" | "program",
    readonly apiKey = "",
  ) {}

  /** A caller from a test client that has signed in (it carries the session cookie and CSRF token). */
  static session(name: string, client: { cookie: string; csrf: string }) {
    const caller = new FuzzCaller(name, "session");
    caller.cookie = client.cookie;
    caller.csrf = client.csrf;
    return caller;
  }

  headers(method: string): Record<string, string> {
    if (this.kind === "program") return { authorization: `Bearer ${this.apiKey}` };
    if (this.kind === "session" && this.cookie)
      return { cookie: this.cookie, ...(method !== "GET" ? { "x-csrf-token": this.csrf } : {}) };
    return {};
  }

  /** Credentials this caller presents: none may ever come back in a body. */
  get credentials() {
    return [this.apiKey, this.cookie.replace(/^[^=]*=/, "")].filter((s) => s.length > 8);
  }

  /** Follows a rotated session (sign-in, password change) like a browser and the portal would. */
  observe(status: number, setCookies: string[], json: unknown) {
    if (this.kind !== "session") return;
    const set = setCookies.find((c) => c.startsWith("atensi_session="));
    if (set) this.cookie = set.split(";")[0]!;
    const csrf = (json as { csrfToken?: unknown } | undefined)?.csrfToken;
    if (status >= 200 && status < 300 && typeof csrf === "string") this.csrf = csrf;
  }
}

export type FuzzBody = { text: string; contentType?: string; chunked?: boolean };

export type FuzzRequest = {
  caller: string;
  method: string;
  /** Path and query, already encoded (or deliberately mis-encoded), under /v1. */
  url: string;
  headers: Record<string, string>;
  /** Replaces the caller's own credentials (a garbled cookie, a wrong key, no CSRF token). */
  auth?: Record<string, string>;
  body?: FuzzBody;
  /** What the generator labelled this input (for the statistics). */
  label: string;
  /** Values sent under identity-number names (nik, kk): a 2xx answer to a portal user masks them too. */
  identityNumbers: string[];
  /** Values sent under password, secret or token names: no answer shows them. */
  secretValues: string[];
};

export type FuzzResult = {
  request: FuzzRequest;
  requestID: string;
  status: number;
  contentType: string;
  text: string;
  json?: unknown;
  error?: string;
  ms: number;
  attempts?: number;
  /** Transport errors of earlier attempts, and those attempts' request ids. */
  lost?: string[];
  lostIDs?: string[];
};

let sequence = 0;

/**
 * Sends a request; one that got no answer is sent again, up to twice, as a client library would.
 * Under load a kept-alive connection now and then closes under a request: @hono/node-server
 * drains a previous request's unread body for at most 500 ms and then closes the socket, even
 * when the next request is already being served on it (`reached` tells whether the app had it).
 * An input that itself breaks the connection breaks it on every attempt and is reported.
 */
export const send = async (
  base: string,
  caller: FuzzCaller,
  request: FuzzRequest,
  reached: (requestID: string) => boolean,
): Promise<FuzzResult> => {
  const lost: string[] = [];
  const lostIDs: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const result = await sendOnce(base, caller, request);
    if (!result.error || attempt === 3) return { ...result, attempts: attempt, lost, lostIDs };
    lost.push(`${result.error}${reached(result.requestID) ? " after the app had it" : ""}`);
    lostIDs.push(result.requestID);
  }
};

/** Plain node:http with kept-alive sockets: far cheaper per request than fetch, and it sends paths as they are. */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

const sendOnce = (base: string, caller: FuzzCaller, request: FuzzRequest): Promise<FuzzResult> => {
  const requestID = `fuzz-${process.pid}-${++sequence}`;
  const headers: Record<string, string> = {
    ...request.headers,
    ...(request.auth ?? caller.headers(request.method)),
    "x-request-id": requestID,
  };
  const bytes = request.body ? Buffer.from(request.body.text, "utf8") : undefined;
  if (request.body?.contentType !== undefined) headers["content-type"] = request.body.contentType;
  const { hostname, port } = new URL(base);
  const started = performance.now();
  return new Promise<FuzzResult>((resolve) => {
    const failed = (error: Error) =>
      resolve({
        request,
        requestID,
        status: 0,
        contentType: "",
        text: "",
        error: `${error.name}: ${error.message}${(error as { code?: string }).code ? ` (${(error as { code?: string }).code})` : ""}`,
        ms: performance.now() - started,
      });
    let outgoing: ReturnType<typeof httpRequest>;
    try {
      outgoing = httpRequest(
        {
          hostname,
          port,
          method: request.method,
          path: request.url,
          headers,
          // A body over the limit is refused before it is read, and that connection is closed:
          // it gets a connection of its own rather than one from the pool.
          agent: (bytes?.length ?? 0) > 1024 * 1024 ? false : agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", failed);
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const contentType = String(response.headers["content-type"] ?? "");
            let json: unknown;
            if (/json/.test(contentType) && text) {
              try {
                json = JSON.parse(text);
              } catch {
                json = undefined;
              }
            }
            if (!request.auth)
              caller.observe(response.statusCode ?? 0, response.headers["set-cookie"] ?? [], json);
            resolve({
              request,
              requestID,
              status: response.statusCode ?? 0,
              contentType,
              text,
              json,
              ms: performance.now() - started,
            });
          });
        },
      );
    } catch (error) {
      // A header or path node:http refuses to send: not something a server ever sees.
      return failed(error as Error);
    }
    const timer = setTimeout(() => outgoing.destroy(new Error("no answer within 30 s")), 30_000);
    outgoing.on("error", failed);
    outgoing.on("close", () => clearTimeout(timer));
    if (bytes && request.body?.chunked) {
      for (let i = 0; i < bytes.length; i += 1024) outgoing.write(bytes.subarray(i, i + 1024));
      outgoing.end();
    } else outgoing.end(bytes);
  });
};

/** 16-digit runs (the shape of a NIK or KK) in what was sent. */
export const sixteenDigitRuns = (text: string) => [...new Set(text.match(/(?<!\d)\d{16}(?!\d)/g) ?? [])];

const SECRET_SHAPE = /(?:ahk_[0-9a-z]{26}\.[A-Za-z0-9_-]{10,}|whsec_[A-Za-z0-9+/=]{10,})/g;

/**
 * The invariants of one answer. Returns what is wrong with it (nothing when it is fine).
 * `writes` are the item writes the request made that are not bookkeeping.
 */
export const violations = (
  result: FuzzResult,
  context: { caller: FuzzCaller; writes: string[]; alwaysSecret: string[] },
): string[] => {
  const problems: string[] = [];
  const { status, text, json, request } = result;
  if (result.error) return [`no answer after ${result.attempts ?? 1} attempts: ${result.error}`];
  if (status >= 500) problems.push(`server error ${status}`);
  const sent = `${request.url}\n${JSON.stringify(request.headers)}\n${JSON.stringify(request.auth ?? {})}\n${request.body?.text ?? ""}`;
  // Credentials the caller presented in headers never come back; nor does a password or secret
  // sent in a field meant for one (a credential sent as, say, a programme's name is just data).
  const inBody = `${request.url}\n${request.body?.text ?? ""}`;
  const credentials = context.caller.credentials.filter((c) => !inBody.includes(c));
  for (const secret of [...credentials, ...request.secretValues])
    if (secret.length >= 8 && text.includes(secret))
      problems.push(`answer contains a credential or password that was sent (${secret.slice(0, 8)}…)`);
  if (status >= 400 && status < 500) {
    if (!result.contentType.startsWith("application/problem+json"))
      problems.push(`4xx with content-type "${result.contentType}"`);
    const p = json as Record<string, unknown> | undefined;
    if (!p || typeof p !== "object") problems.push("4xx body is not a JSON object");
    else {
      if (typeof p.type !== "string" || !p.type) problems.push("problem without `type`");
      if (typeof p.title !== "string" || !p.title) problems.push("problem without `title`");
      if (p.status !== status) problems.push(`problem status ${String(p.status)} ≠ HTTP ${status}`);
      if (typeof p.code !== "string" || !p.code) problems.push("problem without `code`");
    }
    // Nothing the request sent that looks like a NIK or a secret is echoed in an error.
    for (const digits of sixteenDigitRuns(sent))
      if (text.includes(digits)) problems.push(`4xx echoes a 16-digit number that was sent (${digits})`);
    for (const secret of [...(sent.match(SECRET_SHAPE) ?? []), ...context.alwaysSecret])
      if (sent.includes(secret) && text.includes(secret))
        problems.push(`4xx echoes a secret or password that was sent (${secret.slice(0, 10)}…)`);
    if (context.writes.length) problems.push(`4xx but wrote: ${context.writes.join("; ")}`);
  }
  if (status >= 200 && status < 300 && context.caller.kind !== "program") {
    // Identity numbers are masked for portal users (programmes receive them by design).
    for (const digits of request.identityNumbers)
      if (text.includes(digits)) problems.push(`2xx shows an identity number in full (${digits})`);
  }
  return problems;
};

export const describe = (result: FuzzResult) => {
  const { request } = result;
  const body = request.body
    ? ` body(${request.body.contentType ?? "no content-type"}${request.body.chunked ? ", chunked" : ""}, ${request.body.text.length} chars)=${request.body.text.slice(0, 300)}`
    : "";
  const headers = Object.keys(request.headers).length
    ? ` headers=${JSON.stringify(request.headers).slice(0, 200)}`
    : "";
  const auth = request.auth ? ` auth=${JSON.stringify(request.auth).slice(0, 120)}` : "";
  return `${request.method} ${request.url.slice(0, 300)} as ${request.caller} [${request.label}]${headers}${auth}${body}\n    → ${result.status} ${result.contentType} ${result.text.slice(0, 400)}`;
};
