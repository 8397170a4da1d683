import fc from "fast-check";

/**
 * Fast-check arbitraries built from the JSON Schemas of an OpenAPI 3.1 document: values that
 * conform (edge cases included), values that break the schema in one place (wrong type, missing
 * or extra field, out-of-range, malformed), and garbage. Only what the generated document uses
 * is supported; an unknown keyword is ignored, so a new schema still gets garbage and type errors.
 */

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
};

/** A JSON fragment written verbatim into the body (numbers JSON.stringify cannot express). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object whose serialisation repeats keys (`{"a":1,"a":2}`). */
export class DuplicateKeys {
  constructor(readonly entries: [string, unknown][]) {}
}

/** Serialises like JSON.stringify, plus RawJson and DuplicateKeys; own keys such as `__proto__` are kept. */
export const toJson = (value: unknown): string => {
  if (value instanceof RawJson) return value.text;
  if (value instanceof DuplicateKeys)
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(",")}}`;
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : toJson(v))).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const parts: string[] = [];
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) parts.push(`${JSON.stringify(key)}:${toJson(v)}`);
    }
    return `{${parts.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
};

/** Sets a key as an own property, even `__proto__`. */
const withKey = (object: Record<string, unknown>, key: string, value: unknown) => {
  const copy = { ...object };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
};

const without = (object: Record<string, unknown>, key: string) => {
  const copy = { ...object };
  delete copy[key];
  return copy;
};

/** Strings that have broken parsers, databases, templates and log pipelines before. */
export const NASTY_STRINGS = [
  "",
  " ",
  "\t\r\n",
  "\u0000",
  "a\u0000b",
  "\u202eevil",
  "\u200b",
  "\ufeff",
  "\ud800",
  "\udfff",
  "\uffff",
  "e\u0301\u0301\u0301",
  "👩‍👩‍👧‍👦",
  "Ｔｅｓｔ",
  "İıß",
  "'; DROP TABLE partners; --",
  '{"$ne": null}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as text
  "${7*7}",
  "{{7*7}}",
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "%00",
  "%2e%2e%2f",
  "\\",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-1",
  "0",
  "1e309",
  "true",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "$atensi#partnerid_x",
  "#",
  "*",
  "http://169.254.169.254/latest/meta-data/",
  "http://localhost:1/",
  "file:///etc/passwd",
  "javascript:alert(1)",
  "a@b",
  "@example.com",
  "user@[127.0.0.1]",
  "2026-02-30",
  "0000-00-00",
  "9999-99-99",
  "2026-13-01T25:61:61Z",
  "-000001-01-01T00:00:00.000Z",
  "AHU-001.AH.01.04.TAHUN 2012",
];

/** Keys an attacker adds to objects. */
const EXTRA_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "extra",
  "id",
  "version",
  "status",
  "$where",
  "",
];

export type SchemaFuzzOptions = {
  /** Whole objects and leaf values known to be valid, by property name (from working test inputs). */
  examples?: { objects: Record<string, unknown>[]; byKey: Map<string, unknown[]> };
  /** Known ids by prefix (`lks_`, `prg_`…), so valid-looking ids also reach existing records. */
  ids?: () => Map<string, string[]>;
  /** Strings that must never come back (secrets, a real NIK): mixed into string mutations. */
  secrets?: string[];
};

/** Collects the objects and leaf values of working example inputs, by property name. */
export const collectExamples = (inputs: unknown[]) => {
  const objects: Record<string, unknown>[] = [];
  const byKey = new Map<string, unknown[]>();
  const walk = (value: unknown, key?: string) => {
    if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), value]);
    if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value !== null && typeof value === "object") {
      objects.push(value as Record<string, unknown>);
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  for (const input of inputs) walk(input);
  return { objects, byKey };
};

const typeOf = (schema: JsonSchema): string | undefined => {
  if (Array.isArray(schema.type)) return schema.type[0];
  if (schema.type) return schema.type;
  if (schema.properties) return "object";
  if (schema.items) return "array";
  return undefined;
};

const matchesType = (schema: JsonSchema, value: unknown) => {
  switch (typeOf(schema)) {
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value);
    case "object":
      return value !== null && typeof value === "object" && !Array.isArray(value);
    default:
      return false;
  }
};

const ID_PATTERN = /^\^([a-z]+_)\[0-9a-z\]\{26\}\$$/;
const DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";

const isoDate = fc
  .date({ min: new Date("1900-01-01"), max: new Date("2100-12-31"), noInvalidDate: true })
  .map((d) => d.toISOString());

/** Generates arbitraries for the schemas of one document; results are cached per schema object. */
export const schemaFuzzer = (
  document: { components?: { schemas?: Record<string, JsonSchema> } },
  options: SchemaFuzzOptions = {},
) => {
  const resolve = (schema: JsonSchema): JsonSchema => {
    if (!schema.$ref) return schema;
    const name = schema.$ref.replace(/^#\/components\/schemas\//, "");
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`Unresolvable $ref ${schema.$ref}`);
    return resolve(target);
  };

  const secrets = options.secrets ?? [];
  const nik = fc.oneof(
    fc.stringMatching(/^\d{16}$/),
    // Plausible NIKs (a real province, birth date and serial), from a district the fixtures do not
    // use: sent as text they may be stored, and must not be taken for a fixture's NIK later.
    fc
      .record({
        day: fc.integer({ min: 1, max: 28 }),
        female: fc.boolean(),
        month: fc.integer({ min: 1, max: 12 }),
        yy: fc.integer({ min: 0, max: 99 }),
        serial: fc.integer({ min: 1, max: 9999 }),
      })
      .map(
        ({ day, female, month, yy, serial }) =>
          `327302${String(day + (female ? 40 : 0)).padStart(2, "0")}${String(month).padStart(2, "0")}${String(yy).padStart(2, "0")}${String(serial).padStart(4, "0")}`,
      ),
  );
  const otherIds = fc
    .constantFrom("lks_", "prg_", "key_", "whe_", "dlv_", "ref_", "agr_", "doc_", "rpt_", "usr_", "ntf_")
    .chain((prefix) => fc.stringMatching(/^[0-9a-z]{26}$/).map((rest) => prefix + rest));
  const huge = fc
    .tuple(
      fc.constantFrom("a", "é", "😀", "\u0000", "0123456789", "<>\"'&"),
      fc.oneof(
        { weight: 9, arbitrary: fc.integer({ min: 2_100, max: 20_000 }) },
        { weight: 1, arbitrary: fc.integer({ min: 20_000, max: 200_000 }) },
      ),
    )
    .map(([chunk, n]) => chunk.repeat(Math.ceil(n / chunk.length)));

  /** Any string a client could send, weighted towards the interesting ones. */
  const weirdString = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 3, arbitrary: fc.string({ maxLength: 40, unit: "binary" }) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: "grapheme" }) },
    { weight: 2, arbitrary: nik },
    { weight: 2, arbitrary: otherIds },
    {
      weight: secrets.length ? 2 : 0,
      arbitrary: secrets.length ? fc.constantFrom(...secrets) : fc.constant(""),
    },
    { weight: 1, arbitrary: huge },
    { weight: 1, arbitrary: fc.base64String({ maxLength: 200 }) },
    {
      weight: 1,
      // Cursor-like: base64 of JSON with attacker-chosen keys.
      arbitrary: fc
        .jsonValue({ maxDepth: 2 })
        .map((v) => Buffer.from(JSON.stringify(v)).toString(Math.random() < 0.5 ? "base64" : "base64url")),
    },
  );

  /** Any JSON value, including deep nesting and numbers JSON.stringify cannot write. */
  const garbage: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 2, arbitrary: weirdString },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        new RawJson("1e400"),
        new RawJson("-0"),
        new RawJson("9007199254740993"),
        new RawJson("1.0000000000000000001"),
        new RawJson("-1e-400"),
        new RawJson("123456789012345678901234567890"),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 20, max: 400 }).map((depth) => {
        let v: unknown = 1;
        for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
        return v;
      }),
    },
  );

  const numberEdge = (schema: JsonSchema) => {
    const values: number[] = [
      0,
      -1,
      1,
      -0.5,
      0.5,
      1e21,
      -1e21,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
      2 ** 31,
      1e308,
    ];
    if (schema.minimum !== undefined) values.push(schema.minimum - 1, schema.minimum - 0.001);
    if (schema.maximum !== undefined) values.push(schema.maximum + 1, schema.maximum + 0.5);
    return values;
  };

  const wrongType = (schema: JsonSchema): fc.Arbitrary<unknown> => {
    const type = typeOf(schema);
    const options: fc.Arbitrary<unknown>[] = [fc.constant(null)];
    if (type !== "string") options.push(weirdString, nik);
    if (type !== "number" && type !== "integer")
      options.push(fc.integer(), fc.double({ noNaN: true }), fc.constant(3273010101900001));
    if (type !== "boolean") options.push(fc.boolean());
    if (type !== "array") options.push(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }));
    if (type !== "object")
      options.push(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }));
    if (type === "string") options.push(fc.constant(["valid-looking"]), fc.constant(12345));
    return fc.oneof(...options);
  };

  const validCache = new WeakMap<JsonSchema, fc.Arbitrary<unknown>>();
  const mutatedCache = new WeakMap<JsonSchema, fc.Arbitrary<unknown>>();

  /** Values meant to conform, edge cases included (a few will not: patterns do not encode calendars). */
  const valid = (input: JsonSchema, key?: string): fc.Arbitrary<unknown> => {
    const schema = resolve(input);
    const examples = key
      ? (options.examples?.byKey.get(key) ?? []).filter((v) => matchesType(schema, v))
      : [];
    const generated = validFor(schema);
    return examples.length && typeOf(schema) !== "object"
      ? fc.oneof(generated, fc.constantFrom(...examples))
      : generated;
  };

  /**
   * Arbitraries are cached by schema object, then by schema text: operations repeat the same
   * schemas as separate objects, and building a string arbitrary is not cheap.
   */
  const cached = (
    byObject: WeakMap<JsonSchema, fc.Arbitrary<unknown>>,
    byText: Map<string, fc.Arbitrary<unknown>>,
    schema: JsonSchema,
    build: (schema: JsonSchema) => fc.Arbitrary<unknown>,
  ) => {
    const hit = byObject.get(schema);
    if (hit) return hit;
    const text = JSON.stringify(schema);
    const arbitrary = byText.get(text) ?? build(schema);
    byText.set(text, arbitrary);
    byObject.set(schema, arbitrary);
    return arbitrary;
  };
  const validByText = new Map<string, fc.Arbitrary<unknown>>();
  const mutatedByText = new Map<string, fc.Arbitrary<unknown>>();

  const validFor = (schema: JsonSchema): fc.Arbitrary<unknown> =>
    cached(validCache, validByText, schema, buildValid);

  const buildValid = (schema: JsonSchema): fc.Arbitrary<unknown> => {
    if ("const" in schema) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const branches = schema.oneOf ?? schema.anyOf;
    if (branches) return fc.oneof(...branches.map((b) => valid(b)));
    if (schema.allOf) return valid(Object.assign({}, ...schema.allOf.map(resolve)));
    switch (typeOf(schema)) {
      case "object": {
        const properties = schema.properties ?? {};
        const required = schema.required ?? [];
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [name, property] of Object.entries(properties)) model[name] = valid(property, name);
        let generated: fc.Arbitrary<Record<string, unknown>> = fc.record(model, { requiredKeys: required });
        const extra = schema.additionalProperties;
        if (extra && typeof extra === "object" && !Object.keys(properties).length) {
          const keys = schema.propertyNames
            ? (validFor(resolve(schema.propertyNames)) as fc.Arbitrary<string>)
            : fc.string({ maxLength: 20 });
          generated = fc.dictionary(
            keys,
            Object.keys(extra).length ? valid(extra) : fc.jsonValue({ maxDepth: 3 }),
            { maxKeys: 6 },
          );
        }
        const names = new Set(Object.keys(properties));
        const fitting = (options.examples?.objects ?? []).filter(
          (o) =>
            Object.keys(o).every((k) => names.has(k)) &&
            required.every((k) => k in o) &&
            Object.keys(o).length,
        );
        return fitting.length ? fc.oneof(generated, fc.constantFrom(...fitting)) : generated;
      }
      case "array": {
        const minLength = schema.minItems ?? 0;
        const maxLength = Math.min(schema.maxItems ?? minLength + 4, minLength + 4);
        return fc.array(schema.items ? valid(schema.items) : fc.jsonValue({ maxDepth: 2 }), {
          minLength,
          maxLength,
        });
      }
      case "string":
        return validString(schema);
      case "integer": {
        const min = schema.minimum ?? schema.exclusiveMinimum ?? -1_000_000;
        const max = schema.maximum ?? schema.exclusiveMaximum ?? 1_000_000_000;
        return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
      }
      case "number": {
        const min = schema.minimum ?? -1e12;
        const max = schema.maximum ?? 1e12;
        return fc.oneof(
          fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
          fc.constantFrom(min, max),
        );
      }
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      default:
        return fc.jsonValue({ maxDepth: 3 });
    }
  };

  const validString = (schema: JsonSchema): fc.Arbitrary<string> => {
    const idPrefix = schema.pattern ? ID_PATTERN.exec(schema.pattern)?.[1] : undefined;
    if (idPrefix) {
      const random = fc.stringMatching(new RegExp(schema.pattern!));
      const known = fc.constant(undefined).chain(() => {
        const ids = options.ids?.().get(idPrefix) ?? [];
        return ids.length ? fc.constantFrom(...ids) : random;
      });
      return fc.oneof({ weight: 3, arbitrary: known }, { weight: 1, arbitrary: random });
    }
    if (schema.pattern === DATE_PATTERN)
      return fc.oneof(
        isoDate.map((d) => d.slice(0, 10)),
        fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      );
    if (schema.pattern) {
      // Generating from a pattern (negated classes above all) is slow: draw from a fixed sample.
      const matching = fc.stringMatching(new RegExp(schema.pattern), {
        maxLength: Math.min(schema.maxLength ?? 60, 60),
      });
      return fc.constantFrom(...new Set(fc.sample(matching, { numRuns: 60, seed: 7 })));
    }
    const minLength = schema.minLength ?? 0;
    const maxLength = schema.maxLength ?? 100;
    if (schema.format === "email") return fc.emailAddress().filter((e) => e.length <= maxLength);
    if (schema.format === "uri")
      return fc.oneof(
        fc.webUrl(),
        fc.constantFrom("https://program.example/hooks/atensi", "http://localhost:9/hooks"),
      );
    if (schema.format === "date-time") return isoDate;
    return fc.oneof(
      {
        weight: 4,
        arbitrary: fc.string({
          minLength,
          maxLength: Math.min(maxLength, minLength + 40),
          unit: "grapheme-ascii",
        }),
      },
      {
        weight: 1,
        arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 20), unit: "grapheme" }),
      },
      { weight: 1, arbitrary: fc.constantFrom(minLength, maxLength).map((n) => "x".repeat(n)) },
    );
  };

  /** A value that breaks the schema in one place (and stays valid elsewhere). */
  const mutated = (input: JsonSchema): fc.Arbitrary<unknown> =>
    cached(mutatedCache, mutatedByText, resolve(input), buildMutated);

  const buildMutated = (schema: JsonSchema): fc.Arbitrary<unknown> => {
    const options: fc.WeightedArbitrary<unknown>[] = [{ weight: 2, arbitrary: wrongType(schema) }];
    if ("const" in schema || schema.enum) {
      const allowed = schema.enum ?? [schema.const];
      const strings = allowed.filter((v): v is string => typeof v === "string");
      options.push({ weight: 3, arbitrary: weirdString });
      if (strings.length)
        options.push({
          weight: 3,
          arbitrary: fc
            .constantFrom(...strings)
            .chain((s) => fc.constantFrom(s.toUpperCase(), ` ${s}`, `${s}\u0000`, `${s}x`, s.slice(0, -1))),
        });
      return fc.oneof(...options);
    }
    const branches = schema.oneOf ?? schema.anyOf;
    if (branches) {
      options.push({ weight: 4, arbitrary: fc.oneof(...branches.map((b) => mutated(b))) });
      // Fields of two branches at once.
      options.push({
        weight: 2,
        arbitrary: fc
          .tuple(...branches.map((b) => valid(b)))
          .map((values) => Object.assign({}, ...values.filter((v) => v && typeof v === "object"))),
      });
      return fc.oneof(...options);
    }
    switch (typeOf(schema)) {
      case "object": {
        const base = valid(schema) as fc.Arbitrary<Record<string, unknown>>;
        const properties = Object.entries(schema.properties ?? {});
        const required = schema.required ?? [];
        if (required.length)
          options.push({
            weight: 3,
            arbitrary: fc.tuple(base, fc.constantFrom(...required)).map(([o, k]) => without(o, k)),
          });
        options.push({
          weight: 2,
          arbitrary: fc
            .tuple(base, fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 12 })), garbage)
            .map(([o, k, v]) => withKey(o, k, v)),
        });
        if (properties.length)
          options.push({
            weight: 8,
            arbitrary: fc
              .constantFrom(...properties)
              .chain(([name, property]) =>
                fc.tuple(base, mutated(property)).map(([o, v]) => withKey(o, name, v)),
              ),
          });
        options.push({ weight: 1, arbitrary: fc.constant({}) });
        if (properties.length)
          options.push({
            weight: 1,
            arbitrary: fc
              .tuple(base, fc.constantFrom(...properties.map(([name]) => name)), garbage)
              .map(([o, k, v]) => new DuplicateKeys([...Object.entries(o), [k, v]])),
          });
        break;
      }
      case "array": {
        const items = schema.items ?? {};
        const base = valid(schema) as fc.Arbitrary<unknown[]>;
        options.push({
          weight: 4,
          arbitrary: fc
            .tuple(base, mutated(items), fc.nat())
            .map(([a, v, i]) => (a.length ? a.map((x, j) => (j === i % a.length ? v : x)) : [v])),
        });
        if ((schema.minItems ?? 0) > 0) options.push({ weight: 2, arbitrary: fc.constant([]) });
        options.push({
          weight: 1,
          arbitrary: fc
            .tuple(
              valid(items),
              fc.integer({ min: (schema.maxItems ?? 50) + 1, max: (schema.maxItems ?? 50) + 300 }),
            )
            .map(([v, n]) => Array.from({ length: n }, () => v)),
        });
        break;
      }
      case "string": {
        options.push({ weight: 5, arbitrary: weirdString });
        if (schema.maxLength !== undefined)
          options.push({
            weight: 2,
            arbitrary: fc
              .integer({ min: schema.maxLength + 1, max: schema.maxLength + 3 })
              .map((n) => "y".repeat(n)),
          });
        if (schema.minLength)
          options.push({ weight: 2, arbitrary: fc.constant("z".repeat(Math.max(0, schema.minLength - 1))) });
        if (schema.pattern)
          options.push({
            weight: 3,
            arbitrary: fc
              .tuple(validString(schema), fc.constantFrom("x", " ", "_", "\n", "Z", "0", "ä"), fc.nat())
              .map(([s, c, i]) => {
                const at = s.length ? i % (s.length + 1) : 0;
                return i % 3 === 0 ? s.slice(0, at) + c + s.slice(at) : s.slice(0, at) + s.slice(at + 1) || c;
              }),
          });
        break;
      }
      case "integer":
      case "number":
        options.push({ weight: 5, arbitrary: fc.constantFrom(...numberEdge(schema)) });
        options.push({
          weight: 2,
          arbitrary: fc.constantFrom(
            new RawJson("1e400"),
            new RawJson("-0"),
            new RawJson("1.5e3"),
            new RawJson("12345678901234567890"),
          ),
        });
        options.push({ weight: 2, arbitrary: fc.constantFrom("1", "1.5", "0x10", "", "NaN") });
        break;
      case "boolean":
        options.push({ weight: 4, arbitrary: fc.constantFrom("true", "false", 1, 0, "yes", "") });
        break;
      default:
        options.push({ weight: 1, arbitrary: garbage });
    }
    return fc.oneof(...options);
  };

  /** A query/path/header value: a string, since that is all a URL or header carries. */
  const asString = (value: unknown) => (typeof value === "string" ? value : toJson(value));

  return { valid, mutated, garbage, weirdString, nik, huge, asString, resolve };
};

export type SchemaFuzzer = ReturnType<typeof schemaFuzzer>;
