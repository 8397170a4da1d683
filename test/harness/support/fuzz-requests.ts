import fc from "fast-check";
import type { FuzzBody, FuzzRequest } from "./fuzz-http";
import { type JsonSchema, type SchemaFuzzer, toJson } from "./fuzz-schema";

/** The parts of an OpenAPI 3.1 document the fuzzer reads. */
export type OpenApiParameter = { name: string; in: string; required?: boolean; schema?: JsonSchema };
export type OpenApiOperation = {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
};
export type OpenApiDocument = {
  servers?: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
};
export type Operation = { method: string; path: string; spec: OpenApiOperation };

const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);

export const operationsOf = (document: OpenApiDocument): Operation[] =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, spec]) => ({ method: method.toUpperCase(), path, spec })),
  );

/**
 * Which callers an operation is meant for. The document's security decides public and
 * programme-key operations; `table` names the portal users for the rest, by path prefix
 * ("/partners") or method and prefix ("POST /auth/sign-out"); the longest match wins.
 * Undefined when nothing in the table covers the path: a new resource must be given a caller.
 */
export const callersFor = (operation: Operation, table: Record<string, readonly string[]>) => {
  const security = operation.spec.security;
  if (security && security.length === 0) return ["public"];
  const schemes = new Set((security ?? [{ session: [] }]).flatMap((s) => Object.keys(s)));
  const program = schemes.has("programKey") ? ["program"] : [];
  if (!schemes.has("session")) return program;
  const matches = Object.keys(table)
    .filter((key) => {
      const [method, prefix] = key.startsWith("/") ? [undefined, key] : key.split(" ", 2);
      if (method && method !== operation.method) return false;
      return operation.path === prefix || operation.path.startsWith(`${prefix}/`);
    })
    .sort((a, b) => b.length - a.length);
  const best = matches[0];
  return best === undefined ? undefined : [...table[best]!, ...program];
};

/** Bodies that are not what the route takes: broken JSON, other media types, streams. */
const RAW_BODIES: FuzzBody[] = [
  { text: "", contentType: "application/json" },
  { text: "{", contentType: "application/json" },
  { text: '{"a":}', contentType: "application/json" },
  { text: "[1,2", contentType: "application/json" },
  { text: "nul", contentType: "application/json" },
  { text: "{'a':1}", contentType: "application/json" },
  { text: '{"a":1,}', contentType: "application/json" },
  { text: "\ufeff{}", contentType: "application/json" },
  { text: '"just a string"', contentType: "application/json" },
  { text: "123", contentType: "application/json" },
  { text: "null", contentType: "application/json" },
  { text: "true", contentType: "application/json" },
  { text: "[]", contentType: "application/json" },
  {
    text: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"polluted":1}}}',
    contentType: "application/json",
  },
  { text: "{}", contentType: "application/json; charset=utf-16" },
  { text: "{}", contentType: "APPLICATION/JSON" },
  { text: "{}", contentType: "application/merge-patch+json" },
  { text: "{}", contentType: "text/plain" },
  { text: "{}", contentType: "text/json" },
  { text: "{}", contentType: "application/jsonp" },
  { text: "{}", contentType: "" },
  { text: "{}", contentType: undefined },
  { text: "a=1&b=2", contentType: "application/x-www-form-urlencoded" },
  {
    text: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
    contentType: "multipart/form-data; boundary=x",
  },
  { text: "<a>1</a>", contentType: "application/xml" },
  { text: "{}", contentType: "application/json", chunked: true },
  { text: '{"a":1}', contentType: "text/plain", chunked: true },
  { text: `${"[".repeat(20_000)}${"]".repeat(20_000)}`, contentType: "application/json" },
  { text: `${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}`, contentType: "application/json" },
];

/** Path segments that routers and decoders trip over. */
const RAW_SEGMENTS = [
  "",
  ".",
  "..",
  "%2F",
  "a%2Fb",
  "%zz",
  "%",
  "%00",
  "%E0%A4%A",
  "%ED%A0%80",
  "%C0%AF",
  "%FF",
  "a/b",
  "%2e%2e",
  ";x",
  "?",
];

/** Header values as they can be sent: node:http refuses control characters, so those never reach the hub. */
const headerValue = (value: string) =>
  value
    .replace(/[^\x20-\x7e\x80-\xff]/g, "?")
    .trim()
    .slice(0, 2_000);

/** Long enough to be hostile, short enough that Node's 16 KB header limit (431, before the app) is not what is tested. */
const URL_VALUE_MAX = 1_500;
/** Lone surrogates cannot be percent-encoded (URLSearchParams would write U+FFFD anyway). */
const wellFormed = (value: string) =>
  value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
const forUrl = (value: string) => {
  let cut = wellFormed(value.slice(0, URL_VALUE_MAX));
  while (encodeURIComponent(cut).length > URL_VALUE_MAX * 2)
    cut = wellFormed(cut.slice(0, Math.floor(cut.length / 2)));
  return cut;
};

/** Values under these names are identity numbers or secrets: the answer must not show them. */
const collectNamed = (value: unknown, pattern: RegExp, into: string[] = [], key = ""): string[] => {
  if (typeof value === "string" || typeof value === "number") {
    if (pattern.test(key) && String(value).length >= 8) into.push(String(value));
  } else if (Array.isArray(value)) for (const item of value) collectNamed(item, pattern, into, key);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) collectNamed(v, pattern, into, k);
  return into;
};

/** `arbitrary` about once in `n` draws, else undefined. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, n: number) =>
  fc.oneof({ weight: n - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

/** A fast-check arbitrary of requests to one operation, each labelled with how it was built. */
export const requestArbitrary = (
  operation: Operation,
  fuzzer: SchemaFuzzer,
  callers: string[],
  options: { bigBodies: boolean },
): fc.Arbitrary<FuzzRequest> => {
  const parameters = operation.spec.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === "path");
  const queryParams = parameters.filter((p) => p.in === "query");
  const headerParams = parameters.filter((p) => p.in === "header");
  const bodySchema = operation.spec.requestBody?.content?.["application/json"]?.schema;

  const pathValue = (p: OpenApiParameter) =>
    fc.oneof(
      {
        weight: 6,
        arbitrary: fuzzer
          .valid(p.schema ?? {}, p.name)
          .map((v) => ({ raw: false, value: fuzzer.asString(v), tag: "valid" })),
      },
      {
        weight: 3,
        arbitrary: fuzzer
          .mutated(p.schema ?? {})
          .map((v) => ({ raw: false, value: fuzzer.asString(v), tag: "mutated" })),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((value) => ({ raw: true, value, tag: "raw" })),
      },
    );

  const queryValue = (p: OpenApiParameter) =>
    fc.option(
      fc.oneof(
        {
          weight: 3,
          arbitrary: fuzzer
            .valid(p.schema ?? {}, p.name)
            .map((v) => ({ value: fuzzer.asString(v), tag: "valid" })),
        },
        {
          weight: 2,
          arbitrary: fuzzer
            .mutated(p.schema ?? {})
            .map((v) => ({ value: fuzzer.asString(v), tag: "mutated" })),
        },
      ),
      { freq: 2, nil: undefined },
    );

  const headerArb = (p: OpenApiParameter) => {
    const special =
      p.name.toLowerCase() === "if-match"
        ? fc.oneof(
            fc.integer({ min: 0, max: 6 }).map((n) => `"${n}"`),
            fc.constantFrom("*", 'W/"1"', "1", '"1", "2"', '"99999999999"', '"-1"', '"1.5"', '""', '"abc"'),
          )
        : fc.oneof(fc.uuid(), fc.constantFrom("k-1", "a".repeat(255), "a".repeat(256), "ключ", " x ", "a b"));
    return fc.option(
      fc.oneof(
        { weight: 3, arbitrary: special },
        { weight: 1, arbitrary: fuzzer.valid(p.schema ?? {}).map(fuzzer.asString) },
        { weight: 1, arbitrary: fuzzer.mutated(p.schema ?? {}).map(fuzzer.asString) },
      ),
      { freq: 2, nil: undefined },
    );
  };

  type Body = { body?: FuzzBody; tag: string; value?: unknown };
  const jsonBody = (value: unknown): FuzzBody => ({ text: toJson(value), contentType: "application/json" });
  const none: Body = { tag: "no body" };
  const body: fc.Arbitrary<Body> = bodySchema
    ? fc.oneof(
        {
          weight: 300,
          arbitrary: fuzzer
            .valid(bodySchema)
            .map((value) => ({ body: jsonBody(value), value, tag: "valid body" })),
        },
        {
          weight: 550,
          arbitrary: fuzzer
            .mutated(bodySchema)
            .map((value) => ({ body: jsonBody(value), value, tag: "mutated body" })),
        },
        {
          weight: 60,
          arbitrary: fuzzer.garbage.map((value) => ({ body: jsonBody(value), value, tag: "garbage body" })),
        },
        { weight: 80, arbitrary: fc.constantFrom(...RAW_BODIES).map((b) => ({ body: b, tag: "raw body" })) },
        { weight: 20, arbitrary: fc.constant(none) },
        // The 1 MB limit is one middleware for every route: a few per operation suffice.
        ...(options.bigBodies
          ? [
              {
                weight: 3,
                arbitrary: fc.constant({ body: jsonBody({ x: "a".repeat(1_100_000) }), tag: "over 1 MB" }),
              },
            ]
          : []),
      )
    : fc.oneof(
        { weight: 20, arbitrary: fc.constant(none) },
        {
          weight: 3,
          arbitrary: fuzzer.garbage.map((value) => ({ body: jsonBody(value), value, tag: "garbage body" })),
        },
        { weight: 3, arbitrary: fc.constantFrom(...RAW_BODIES).map((b) => ({ body: b, tag: "raw body" })) },
      );
  const usesBody = operation.method !== "GET" && operation.method !== "HEAD";

  // Now and then the credentials themselves are wrong.
  const auth = rarely(
    fc.constantFrom<Record<string, string>>(
      {},
      { authorization: "Bearer ahk_00000000000000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
      { authorization: "Bearer not-a-key" },
      { authorization: "Basic YWRtaW46YWRtaW4=" },
      { authorization: "" },
      { cookie: "atensi_session=forged-session-token" },
      { cookie: "atensi_session=" },
      { cookie: "atensi_session=x; atensi_session=y" },
    ),
    30,
  );

  const extraQuery = rarely(
    fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom("extra", "limit", "cursor", "__proto__", ""), fc.string({ maxLength: 10 })),
        fuzzer.weirdString,
      ),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    12,
  );

  return fc
    .record({
      caller: fc.constantFrom(...callers),
      path: fc.tuple(...pathParams.map(pathValue)),
      query: fc.tuple(...queryParams.map(queryValue)),
      extraQuery,
      rawQuery: rarely(fc.constantFrom("%zz=1", "&&=&", "a=%", "limit=1&limit=2", "=x", "cursor"), 30),
      headers: fc.tuple(...headerParams.map(headerArb)),
      body: usesBody ? body : fc.constant(none),
      auth,
    })
    .map((g) => {
      let path = operation.path;
      const tags: string[] = [];
      pathParams.forEach((p, i) => {
        const v = g.path[i]!;
        const value = v.raw ? v.value : encodeURIComponent(forUrl(v.value));
        path = path.replace(`{${p.name}}`, value);
        if (v.tag !== "valid") tags.push(`${v.tag} ${p.name}`);
      });
      const search = new URLSearchParams();
      queryParams.forEach((p, i) => {
        const v = g.query[i];
        if (v === undefined) return;
        search.append(p.name, forUrl(v.value));
        if (v.tag !== "valid") tags.push(`${v.tag} ?${p.name}`);
      });
      for (const [k, v] of g.extraQuery ?? []) search.append(k, forUrl(v));
      if (g.extraQuery) tags.push("extra query");
      let query = search.toString();
      if (g.rawQuery) {
        query = query ? `${query}&${g.rawQuery}` : g.rawQuery;
        tags.push("raw query");
      }
      const headers: Record<string, string> = {};
      headerParams.forEach((p, i) => {
        const v = g.headers[i];
        if (v !== undefined) headers[p.name] = headerValue(v);
      });
      tags.push(g.body.tag);
      if (g.auth) tags.push("wrong credentials");
      const queryValues = queryParams.map((p, i) => [p.name, g.query[i]?.value] as const);
      return {
        caller: g.caller,
        method: operation.method,
        url: `/v1${path}${query ? `?${query}` : ""}`,
        headers,
        ...(g.auth ? { auth: g.auth } : {}),
        ...(g.body.body ? { body: g.body.body } : {}),
        label: tags.join(", "),
        // Identity numbers the request also sent as ordinary text (a note quoting a NIK) may come back as that text.
        identityNumbers: [
          ...collectNamed(g.body.value, /^(nik|kk)$/i),
          ...queryValues.filter(([n, v]) => /^(nik|kk)$/i.test(n) && v).map(([, v]) => v!),
        ].filter(
          (v) =>
            /^\d{16}$/.test(v) && !collectNamed(g.body.value, /^(?!(nik|kk)$)/i).some((t) => t.includes(v)),
        ),
        secretValues: collectNamed(g.body.value, /password|secret|token/i),
      } satisfies FuzzRequest;
    });
};
