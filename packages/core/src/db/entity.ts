/**
 * The entity layer: typed items, composite keys and condition expressions over the single table.
 *
 * Entities are declared with the same model ElectroDB uses (attributes, indexes with composite
 * attributes) and produce the same items and keys ElectroDB 3 did, so tables written before the
 * switch read unchanged (test/entity-params.test.ts replays the parameters ElectroDB recorded).
 * ElectroDB itself was dropped because the api Lambda must stay under 300 KiB and start fast:
 * it was 219 KiB of the bundle and validated every model with jsonschema at start-up.
 *
 * Key format, all lower case:
 * - partition key: `$<service>#<attr>_<value>#…` (just `$<service>` without composite attributes);
 * - sort key: `$<entity>_<version>#<attr>_<value>#…`, values padded where the attribute says so.
 * A key whose next value is missing stops after that attribute's label, which is also the prefix
 * a query uses for a partly given sort key.
 *
 * Items also carry `__edb_e__` / `__edb_v__` (entity name and version): reads drop items of
 * other entities, and the stream relay recognises outbox items by them.
 */
import type { NativeAttributeValue } from "@aws-sdk/lib-dynamodb";
import { HubError } from "../error";
import { Database } from "./index";

// ---------------------------------------------------------------------------------------------
// Model

type EnumType = readonly string[];
type ScalarType = "string" | "number" | "boolean" | "any" | EnumType;

export type AttributeDefinition = {
  readonly type: ScalarType | "list";
  readonly items?: { readonly type: ScalarType };
  readonly required?: boolean;
  /** Pads the value inside keys (e.g. `00000007`) so that keys sort numerically. */
  readonly padding?: { readonly length: number; readonly char: string };
};

type KeyDefinition = { readonly field: string; readonly composite: readonly string[] };
type IndexDefinition = { readonly index?: string; readonly pk: KeyDefinition; readonly sk?: KeyDefinition };

export type EntitySchema = {
  readonly model: { readonly entity: string; readonly version: string; readonly service: string };
  readonly attributes: Readonly<Record<string, AttributeDefinition>>;
  readonly indexes: Readonly<Record<string, IndexDefinition>>;
};

type ValueOf<A> = A extends { type: "list"; items: infer I }
  ? ValueOf<I>[]
  : A extends { type: infer T }
    ? T extends EnumType
      ? T[number]
      : T extends "string"
        ? string
        : T extends "number"
          ? number
          : T extends "boolean"
            ? boolean
            : // biome-ignore lint/suspicious/noExplicitAny: "any" attributes hold free-form JSON
              any
    : never;

type Attributes<S extends EntitySchema> = S["attributes"];
type RequiredNames<A> = { [K in keyof A]: A[K] extends { required: true } ? K : never }[keyof A];
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The item an entity stores and returns (key attributes of the table are never part of it). */
export type Item<S extends EntitySchema> = Simplify<
  { -readonly [K in RequiredNames<Attributes<S>>]: ValueOf<Attributes<S>[K]> } & {
    -readonly [K in Exclude<keyof Attributes<S>, RequiredNames<Attributes<S>>>]?: ValueOf<Attributes<S>[K]>;
  }
>;

export type EntityItem<E> = E extends Entity<infer S> ? Item<S> : never;

type AttributeName<S extends EntitySchema> = keyof Attributes<S> & string;
type Composite<S extends EntitySchema, K extends KeyDefinition | undefined> = K extends KeyDefinition
  ? K["composite"][number] & keyof Item<S>
  : never;
type IndexOf<S extends EntitySchema, I extends keyof S["indexes"]> = S["indexes"][I];
type KeysOf<S extends EntitySchema, I extends keyof S["indexes"]> = Simplify<
  Pick<Item<S>, Composite<S, IndexOf<S, I>["pk"]>> & Partial<Pick<Item<S>, Composite<S, IndexOf<S, I>["sk"]>>>
>;
type PrimaryIndex<S extends EntitySchema> = {
  [I in keyof S["indexes"]]: S["indexes"][I] extends { index: string } ? never : I;
}[keyof S["indexes"]];
type PrimaryKeys<S extends EntitySchema> = Simplify<
  Pick<
    Item<S>,
    Composite<S, IndexOf<S, PrimaryIndex<S>>["pk"]> | Composite<S, IndexOf<S, PrimaryIndex<S>>["sk"]>
  >
>;

// ---------------------------------------------------------------------------------------------
// Expressions

const ATTRIBUTE = Symbol("attribute");
export type AttributeRef = { readonly [ATTRIBUTE]: string };
export type AttributeRefs<S extends EntitySchema> = { readonly [K in AttributeName<S>]-?: AttributeRef };

/** The operators of a `where` callback; each returns a piece of a condition expression. */
export type Operators = {
  eq: (attribute: AttributeRef, value: unknown) => string;
  ne: (attribute: AttributeRef, value: unknown) => string;
  gt: (attribute: AttributeRef, value: unknown) => string;
  gte: (attribute: AttributeRef, value: unknown) => string;
  lt: (attribute: AttributeRef, value: unknown) => string;
  lte: (attribute: AttributeRef, value: unknown) => string;
  between: (attribute: AttributeRef, low: unknown, high: unknown) => string;
  begins: (attribute: AttributeRef, prefix: unknown) => string;
  contains: (attribute: AttributeRef, value: unknown) => string;
  notContains: (attribute: AttributeRef, value: unknown) => string;
  exists: (attribute: AttributeRef) => string;
  notExists: (attribute: AttributeRef) => string;
};

type Where<S extends EntitySchema> = (attributes: AttributeRefs<S>, op: Operators) => string;

type Values = Record<string, NativeAttributeValue>;

/** Collects the names and values one request's expressions use, with collision-free placeholders. */
class Expressions {
  readonly names: Record<string, string> = {};
  readonly values: Values = {};
  private counter = 0;

  name(attribute: string) {
    const placeholder = `#${attribute}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }

  value(value: unknown, hint = "v") {
    const placeholder = `:${hint}${this.counter++}`;
    this.values[placeholder] = value as NativeAttributeValue;
    return placeholder;
  }

  where<S extends EntitySchema>(schema: S, build: Where<S>) {
    const refs = new Proxy({} as AttributeRefs<S>, {
      get: (_, property) => {
        if (typeof property !== "string" || !(property in schema.attributes)) {
          throw new Error(`${schema.model.entity} has no attribute ${String(property)}`);
        }
        return { [ATTRIBUTE]: property };
      },
    });
    const n = (a: AttributeRef) => this.name(a[ATTRIBUTE]);
    const v = (a: AttributeRef, value: unknown) => this.value(value, a[ATTRIBUTE].replace(/\W/g, ""));
    const op: Operators = {
      eq: (a, value) => `${n(a)} = ${v(a, value)}`,
      ne: (a, value) => `${n(a)} <> ${v(a, value)}`,
      gt: (a, value) => `${n(a)} > ${v(a, value)}`,
      gte: (a, value) => `${n(a)} >= ${v(a, value)}`,
      lt: (a, value) => `${n(a)} < ${v(a, value)}`,
      lte: (a, value) => `${n(a)} <= ${v(a, value)}`,
      between: (a, low, high) => `(${n(a)} between ${v(a, low)} and ${v(a, high)})`,
      begins: (a, prefix) => `begins_with(${n(a)}, ${v(a, prefix)})`,
      contains: (a, value) => `contains(${n(a)}, ${v(a, value)})`,
      notContains: (a, value) => `not contains(${n(a)}, ${v(a, value)})`,
      exists: (a) => `attribute_exists(${n(a)})`,
      notExists: (a) => `attribute_not_exists(${n(a)})`,
    };
    return build(refs, op);
  }

  attach<P extends Record<string, unknown>>(params: P) {
    return {
      ...params,
      ...(Object.keys(this.names).length ? { ExpressionAttributeNames: this.names } : {}),
      ...(Object.keys(this.values).length ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

const and = (parts: (string | undefined)[]) => {
  const present = parts.filter((p): p is string => !!p);
  return present.length > 1 ? present.map((p) => `(${p})`).join(" AND ") : present[0];
};

// ---------------------------------------------------------------------------------------------
// Cursors

const encodeCursor = (key: Record<string, unknown> | undefined) =>
  key ? Buffer.from(JSON.stringify(key)).toString("base64url") : null;

const invalidCursor = () =>
  HubError.input("Invalid cursor", [
    { field: "cursor", code: "cursor", message: "Not a cursor from this list" },
  ]);

/**
 * A cursor is the last key DynamoDB evaluated. A client may alter it, so it must decode to exactly
 * this index's key attributes, all strings, in the partition being queried: anything else is the
 * client's input error, never a read elsewhere.
 */
const decodeCursor = (cursor: string, fields: string[], partition: { field: string; value: string }) => {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  if (!key || typeof key !== "object" || Array.isArray(key)) throw invalidCursor();
  const entries = Object.entries(key);
  const allowed = new Set(fields);
  if (
    entries.length !== allowed.size ||
    entries.some(([name, value]) => !allowed.has(name) || typeof value !== "string") ||
    (key as Record<string, string>)[partition.field] !== partition.value
  ) {
    throw invalidCursor();
  }
  return key as Record<string, string>;
};

// ---------------------------------------------------------------------------------------------
// The entity

const isOfType = (type: ScalarType, value: unknown) =>
  Array.isArray(type) ? type.includes(value as string) : type === "any" || typeof value === type;

const IDENTITY = { entity: "__edb_e__", version: "__edb_v__" } as const;

type QueryOptions<N> = {
  cursor?: string | null;
  limit?: number;
  order?: "asc" | "desc";
  /** How many DynamoDB pages to read: 1 by default, or "all". */
  pages?: number | "all";
  attributes?: readonly N[];
  consistent?: boolean;
};

type QueryResult<T> = { data: T[]; cursor: string | null };

type Projected<S extends EntitySchema, A> = [A] extends [never]
  ? Item<S>
  : Simplify<Pick<Item<S>, A & keyof Item<S>>>;

type KeyCondition = { op: "=" | "begins_with" | ">" | ">=" | "<" | "<=" | "between"; values: string[] };

export class Entity<const S extends EntitySchema> {
  readonly schema: S;
  private readonly tableName: () => string;
  private readonly attributeNames: string[];
  private readonly primary: IndexDefinition;

  constructor(schema: S, config: { table?: string | (() => string) } = {}) {
    this.schema = schema;
    const table = config.table;
    this.tableName = typeof table === "function" ? table : () => table ?? Database.tableName();
    this.attributeNames = Object.keys(schema.attributes);
    const primary = Object.values(schema.indexes).find((i) => !i.index);
    if (!primary) throw new Error(`${schema.model.entity} has no table index`);
    this.primary = primary;
    this.query = Object.fromEntries(
      Object.entries(schema.indexes).map(([name, index]) => [
        name,
        (keys: Record<string, unknown>) => new QueryChain(this, index, keys),
      ]),
    ) as never;
  }

  // -- keys

  /** Builds one key; `complete` says whether every composite value was there. */
  key(definition: KeyDefinition, kind: "pk" | "sk", values: Record<string, unknown>, labelMissing = true) {
    const { service, entity, version } = this.schema.model;
    let key = kind === "pk" ? `$${service}` : `$${entity}_${version}`;
    for (const name of definition.composite) {
      const value = values[name];
      if (value === undefined || value === null) {
        if (labelMissing) key += `#${name}_`;
        return { key: key.toLowerCase(), complete: false };
      }
      key += `#${name}_${this.formatKeyValue(name, value)}`;
    }
    return { key: key.toLowerCase(), complete: true };
  }

  private formatKeyValue(name: string, value: unknown) {
    const padding = this.schema.attributes[name]?.padding;
    const text = String(value);
    return padding ? text.padStart(padding.length, padding.char) : text;
  }

  /** The table key of an item, from its primary composite attributes (all required). */
  primaryKey(values: Record<string, unknown>) {
    const pk = this.key(this.primary.pk, "pk", values);
    const sk = this.primary.sk ? this.key(this.primary.sk, "sk", values) : undefined;
    const missing = [...this.primary.pk.composite, ...(this.primary.sk?.composite ?? [])].filter(
      (name) => values[name] === undefined || values[name] === null,
    );
    if (missing.length)
      throw new Error(`${this.schema.model.entity}: missing key attributes ${missing.join(", ")}`);
    return {
      [this.primary.pk.field]: pk.key,
      ...(sk && this.primary.sk ? { [this.primary.sk.field]: sk.key } : {}),
    };
  }

  /** Every index key of a whole item (a key with missing values keeps its label, as ElectroDB wrote it). */
  private allKeys(item: Record<string, unknown>) {
    const keys: Record<string, string> = {};
    for (const index of Object.values(this.schema.indexes)) {
      keys[index.pk.field] = this.key(index.pk, "pk", item).key;
      if (index.sk) keys[index.sk.field] = this.key(index.sk, "sk", item).key;
    }
    return keys;
  }

  /**
   * The index keys a partial change moves. A key is rewritten only when all of its composite
   * attributes are in the change; a change to some of them would leave a stale key, so it throws.
   */
  private changedKeys(set: Record<string, unknown>, identity: Record<string, unknown>) {
    const available = { ...identity, ...set };
    const keys: Record<string, string> = {};
    for (const [name, index] of Object.entries(this.schema.indexes)) {
      for (const [kind, definition] of [
        ["pk", index.pk],
        ["sk", index.sk],
      ] as const) {
        if (!definition || definition.composite.length === 0) continue;
        const given = definition.composite.filter((c) => set[c] !== undefined);
        if (given.length === 0) continue;
        if (!index.index) continue; // table key attributes are the item's identity; never moved
        const missing = definition.composite.filter((c) => available[c] === undefined);
        if (missing.length) {
          throw new Error(
            `${this.schema.model.entity}: changing ${given.join(", ")} needs ${missing.join(", ")} too (index ${name})`,
          );
        }
        keys[definition.field] = this.key(definition, kind, available).key;
      }
    }
    return keys;
  }

  // -- values

  private check(values: Record<string, unknown>, { whole }: { whole: boolean }) {
    for (const [name, attribute] of Object.entries(this.schema.attributes)) {
      const value = values[name];
      if (value === undefined || value === null) {
        if (whole && attribute.required) throw new Error(`${this.schema.model.entity}.${name} is required`);
        continue;
      }
      const ok =
        attribute.type === "list"
          ? Array.isArray(value) &&
            (!attribute.items || value.every((v) => isOfType(attribute.items!.type, v)))
          : isOfType(attribute.type, value);
      if (!ok)
        throw new Error(`${this.schema.model.entity}.${name} is not a valid ${String(attribute.type)}`);
    }
    for (const name of Object.keys(values)) {
      if (!(name in this.schema.attributes))
        throw new Error(`${this.schema.model.entity} has no attribute ${name}`);
    }
  }

  /** A stored item as the entity's item: other entities' items are not ours, key attributes are dropped. */
  format(raw: Record<string, unknown> | undefined): Item<S> | null {
    if (!raw) return null;
    const { entity, version } = this.schema.model;
    if (
      raw[IDENTITY.entity] !== undefined &&
      (raw[IDENTITY.entity] !== entity || raw[IDENTITY.version] !== version)
    ) {
      return null;
    }
    const item: Record<string, unknown> = {};
    for (const name of this.attributeNames) if (raw[name] !== undefined) item[name] = raw[name];
    return item as Item<S>;
  }

  // -- operations

  readonly query: {
    [I in keyof S["indexes"]]: (keys: KeysOf<S, I>) => QueryChain<S>;
  };

  get(keys: PrimaryKeys<S>) {
    return new GetChain(this, keys as Record<string, unknown>);
  }

  /** Writes a new item; fails if one with the same key exists. */
  create(item: Item<S>) {
    return new PutChain(this, item as Record<string, unknown>, true);
  }

  /** Writes an item, replacing any with the same key. */
  put(item: Item<S>) {
    return new PutChain(this, item as Record<string, unknown>, false);
  }

  /** Changes an existing item; fails if there is none. */
  patch(keys: PrimaryKeys<S>) {
    return new UpdateChain(this, keys as Record<string, unknown>, true);
  }

  /** Changes an item, creating it if there is none. */
  update(keys: PrimaryKeys<S>) {
    return new UpdateChain(this, keys as Record<string, unknown>, false);
  }

  delete(keys: PrimaryKeys<S>) {
    return new DeleteChain(this, keys as Record<string, unknown>);
  }

  /** Every item of this entity. Tests and maintenance only: request paths use queries. */
  get scan() {
    return new ScanChain(this);
  }

  /** @internal */
  itemParams(item: Record<string, unknown>) {
    this.check(item, { whole: true });
    const defined = Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));
    return {
      ...defined,
      ...this.allKeys(item),
      [IDENTITY.entity]: this.schema.model.entity,
      [IDENTITY.version]: this.schema.model.version,
    };
  }

  /** @internal */
  checkChange(set: Record<string, unknown>, identity: Record<string, unknown>) {
    this.check(set, { whole: false });
    return this.changedKeys(set, identity);
  }

  /** @internal */
  requiredAttribute(name: string) {
    return !!this.schema.attributes[name]?.required;
  }

  /** @internal */
  isComposite(name: string) {
    return Object.values(this.schema.indexes).some(
      (i) => i.pk.composite.includes(name) || (i.sk?.composite ?? []).includes(name),
    );
  }

  /** @internal */
  get primaryIndex() {
    return this.primary;
  }

  /** @internal */
  table() {
    return this.tableName();
  }
}

// ---------------------------------------------------------------------------------------------
// Operation chains

/** What every chain that takes `where` conditions shares: the conditions and their placeholders. */
abstract class Conditioned<S extends EntitySchema> {
  protected conditions: string[] = [];
  protected readonly expressions = new Expressions();

  constructor(protected readonly entity: Entity<S>) {}

  where(build: Where<S>) {
    this.conditions.push(this.expressions.where(this.entity.schema, build));
    return this;
  }
}

class GetChain<S extends EntitySchema> {
  constructor(
    private readonly entity: Entity<S>,
    private readonly keys: Record<string, unknown>,
  ) {}

  params(options: { consistent?: boolean; attributes?: readonly string[] } = {}) {
    const expressions = new Expressions();
    const projection = options.attributes
      ? [
          ...Object.keys(this.entity.primaryKey(this.keys)),
          ...options.attributes,
          IDENTITY.entity,
          IDENTITY.version,
        ]
          .map((a) => expressions.name(a))
          .join(", ")
      : undefined;
    return expressions.attach({
      TableName: this.entity.table(),
      Key: this.entity.primaryKey(this.keys),
      ...(options.consistent ? { ConsistentRead: true } : {}),
      ...(projection ? { ProjectionExpression: projection } : {}),
    });
  }

  async go<const A extends AttributeName<S> = never>(
    options: { consistent?: boolean; attributes?: readonly A[] } = {},
  ): Promise<{ data: Projected<S, A> | null }> {
    const { Item } = await Database.get(this.params(options));
    return { data: this.entity.format(Item) as Projected<S, A> | null };
  }
}

class PutChain<S extends EntitySchema> extends Conditioned<S> {
  constructor(
    entity: Entity<S>,
    private readonly item: Record<string, unknown>,
    private readonly mustBeNew: boolean,
  ) {
    super(entity);
  }

  params() {
    const Item = this.entity.itemParams(this.item);
    const { pk, sk } = this.entity.primaryIndex;
    const existence = this.mustBeNew
      ? [
          `attribute_not_exists(${this.expressions.name(pk.field)})`,
          ...(sk ? [`attribute_not_exists(${this.expressions.name(sk.field)})`] : []),
        ].join(" AND ")
      : undefined;
    const condition = and([existence, ...this.conditions]);
    return this.expressions.attach({
      TableName: this.entity.table(),
      Item,
      ...(condition ? { ConditionExpression: condition } : {}),
    });
  }

  /** The TransactWriteItems form of this write. */
  commit() {
    return { Put: this.params() };
  }

  async go(): Promise<{ data: Item<S> }> {
    const params = this.params();
    await Database.put(params);
    return { data: this.entity.format(params.Item) as Item<S> };
  }
}

class UpdateChain<S extends EntitySchema> extends Conditioned<S> {
  private readonly sets: Record<string, unknown> = {};
  private readonly adds: Record<string, number> = {};
  private readonly removes = new Set<string>();

  constructor(
    entity: Entity<S>,
    private readonly keys: Record<string, unknown>,
    private readonly mustExist: boolean,
  ) {
    super(entity);
  }

  set(values: Partial<Item<S>>) {
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
      if (value !== undefined) this.sets[name] = value;
    }
    return this;
  }

  add(values: Partial<Record<AttributeName<S>, number>>) {
    Object.assign(this.adds, values);
    return this;
  }

  remove(names: readonly AttributeName<S>[]) {
    for (const name of names) {
      if (this.entity.requiredAttribute(name)) throw new Error(`${name} is required and cannot be removed`);
      if (this.entity.isComposite(name)) throw new Error(`${name} is part of a key and cannot be removed`);
      this.removes.add(name);
    }
    return this;
  }

  params(options: { response?: "all_new" | "none" } = {}) {
    const e = this.expressions;
    const Key = this.entity.primaryKey(this.keys);
    const identity = Object.fromEntries(
      [...this.entity.primaryIndex.pk.composite, ...(this.entity.primaryIndex.sk?.composite ?? [])].map(
        (n) => [n, this.keys[n]],
      ),
    );
    const movedKeys = this.entity.checkChange({ ...this.sets, ...this.adds }, identity);
    const assignments = {
      ...this.sets,
      ...movedKeys,
      ...identity,
      [IDENTITY.entity]: this.entity.schema.model.entity,
      [IDENTITY.version]: this.entity.schema.model.version,
    };
    const clauses = [
      `SET ${Object.entries(assignments)
        .map(([name, value]) => `${e.name(name)} = ${e.value(value, "u")}`)
        .join(", ")}`,
      Object.keys(this.adds).length
        ? `ADD ${Object.entries(this.adds)
            .map(([name, value]) => `${e.name(name)} ${e.value(value, "a")}`)
            .join(", ")}`
        : "",
      this.removes.size ? `REMOVE ${[...this.removes].map((n) => e.name(n)).join(", ")}` : "",
    ];
    const { pk, sk } = this.entity.primaryIndex;
    const existence = this.mustExist
      ? [
          `attribute_exists(${e.name(pk.field)})`,
          ...(sk ? [`attribute_exists(${e.name(sk.field)})`] : []),
        ].join(" AND ")
      : undefined;
    const condition = and([existence, ...this.conditions]);
    return e.attach({
      TableName: this.entity.table(),
      Key,
      UpdateExpression: clauses.filter(Boolean).join(" "),
      ...(condition ? { ConditionExpression: condition } : {}),
      ...(options.response === "all_new" ? { ReturnValues: "ALL_NEW" as const } : {}),
    });
  }

  commit() {
    return { Update: this.params() };
  }

  async go(options: { response?: "all_new" | "none" } = {}): Promise<{ data: Item<S> | null }> {
    const { Attributes } = await Database.update(this.params(options));
    return { data: this.entity.format(Attributes) };
  }
}

class DeleteChain<S extends EntitySchema> extends Conditioned<S> {
  constructor(
    entity: Entity<S>,
    private readonly keys: Record<string, unknown>,
  ) {
    super(entity);
  }

  params() {
    const condition = and(this.conditions);
    return this.expressions.attach({
      TableName: this.entity.table(),
      Key: this.entity.primaryKey(this.keys),
      ...(condition ? { ConditionExpression: condition } : {}),
    });
  }

  commit() {
    return { Delete: this.params() };
  }

  async go(): Promise<{ data: null }> {
    await Database.remove(this.params());
    return { data: null };
  }
}

/** A query; its `where` conditions filter what the key condition read. */
class QueryChain<S extends EntitySchema> extends Conditioned<S> {
  private condition?: KeyCondition;

  constructor(
    entity: Entity<S>,
    private readonly index: IndexDefinition,
    private readonly keys: Record<string, unknown>,
  ) {
    super(entity);
  }

  private sortKey(values: Record<string, unknown>) {
    if (!this.index.sk) throw new Error("this index has no sort key");
    return this.entity.key(this.index.sk, "sk", { ...this.keys, ...values }, false).key;
  }

  private range(op: KeyCondition["op"], values: Partial<Item<S>>) {
    this.condition = { op, values: [this.sortKey(values as Record<string, unknown>)] };
    return this;
  }

  begins(values: Partial<Item<S>>) {
    return this.range("begins_with", values);
  }
  gt(values: Partial<Item<S>>) {
    return this.range(">", values);
  }
  gte(values: Partial<Item<S>>) {
    return this.range(">=", values);
  }
  lt(values: Partial<Item<S>>) {
    return this.range("<", values);
  }
  lte(values: Partial<Item<S>>) {
    return this.range("<=", values);
  }
  between(low: Partial<Item<S>>, high: Partial<Item<S>>) {
    this.condition = {
      op: "between",
      values: [this.sortKey(low as Record<string, unknown>), this.sortKey(high as Record<string, unknown>)],
    };
    return this;
  }

  private partition() {
    const missing = this.index.pk.composite.filter(
      (n) => this.keys[n] === undefined || this.keys[n] === null,
    );
    if (missing.length)
      throw new Error(`${this.entity.schema.model.entity}: query needs ${missing.join(", ")}`);
    return this.entity.key(this.index.pk, "pk", this.keys).key;
  }

  params(options: QueryOptions<AttributeName<S>> = {}) {
    const e = this.expressions;
    const pk = e.name(this.index.pk.field);
    const parts = [`${pk} = ${e.value(this.partition(), "pk")}`];
    if (this.index.sk) {
      const sk = e.name(this.index.sk.field);
      const condition: KeyCondition =
        this.condition ??
        (() => {
          const { key, complete } = this.entity.key(this.index.sk!, "sk", this.keys);
          return { op: complete ? "=" : "begins_with", values: [key] };
        })();
      const [first, second] = condition.values.map((v) => e.value(v, "sk"));
      parts.push(
        condition.op === "begins_with"
          ? `begins_with(${sk}, ${first})`
          : condition.op === "between"
            ? `${sk} BETWEEN ${first} AND ${second}`
            : `${sk} ${condition.op} ${first}`,
      );
    }
    const filter = and(this.conditions);
    const projection = options.attributes
      ? [...this.indexKeyFields(), ...options.attributes, IDENTITY.entity, IDENTITY.version]
          .map((a) => e.name(a))
          .join(", ")
      : undefined;
    return e.attach({
      TableName: this.entity.table(),
      ...(this.index.index ? { IndexName: this.index.index } : {}),
      KeyConditionExpression: parts.join(" AND "),
      ...(filter ? { FilterExpression: filter } : {}),
      ...(options.order === "desc" ? { ScanIndexForward: false } : {}),
      ...(options.limit ? { Limit: options.limit } : {}),
      ...(options.consistent ? { ConsistentRead: true } : {}),
      ...(projection ? { ProjectionExpression: projection } : {}),
    });
  }

  /** The attributes a LastEvaluatedKey of this index holds: the table key and the index key. */
  private indexKeyFields() {
    const primary = this.entity.primaryIndex;
    const fields = [primary.pk.field, ...(primary.sk ? [primary.sk.field] : [])];
    if (this.index.index) fields.push(this.index.pk.field, ...(this.index.sk ? [this.index.sk.field] : []));
    return [...new Set(fields)];
  }

  async go<const A extends AttributeName<S> = never>(
    options: QueryOptions<A> = {},
  ): Promise<QueryResult<Projected<S, A>>> {
    const params = this.params(options);
    const pages = options.pages ?? 1;
    let start = options.cursor
      ? decodeCursor(options.cursor, this.indexKeyFields(), {
          field: this.index.pk.field,
          value: this.partition(),
        })
      : undefined;
    const data: Projected<S, A>[] = [];
    let read = 0;
    do {
      const { Items = [], LastEvaluatedKey } = await Database.query({ ...params, ExclusiveStartKey: start });
      for (const raw of Items) {
        const item = this.entity.format(raw);
        if (item) data.push(item as Projected<S, A>);
      }
      start = LastEvaluatedKey as Record<string, string> | undefined;
      read++;
    } while (start && (pages === "all" || read < pages));
    return { data, cursor: encodeCursor(start) };
  }
}

class ScanChain<S extends EntitySchema> extends Conditioned<S> {
  params() {
    const e = this.expressions;
    const own = `${e.name(IDENTITY.entity)} = ${e.value(this.entity.schema.model.entity, "e")} AND ${e.name(IDENTITY.version)} = ${e.value(this.entity.schema.model.version, "e")}`;
    return e.attach({ TableName: this.entity.table(), FilterExpression: and([own, ...this.conditions]) });
  }

  async go(options: { pages?: number | "all" } = {}): Promise<QueryResult<Item<S>>> {
    const params = this.params();
    const pages = options.pages ?? 1;
    const data: Item<S>[] = [];
    let start: Record<string, unknown> | undefined;
    let read = 0;
    do {
      const { Items = [], LastEvaluatedKey } = await Database.scan({ ...params, ExclusiveStartKey: start });
      for (const raw of Items) {
        const item = this.entity.format(raw);
        if (item) data.push(item);
      }
      start = LastEvaluatedKey;
      read++;
    } while (start && (pages === "all" || read < pages));
    return { data, cursor: encodeCursor(start) };
  }
}
