import { regionsCover, UnitCreate, type UnitKind, UnitListQuery } from "@atensi/contracts";
import { Actor, STAFF_TENANT } from "../actor";
import { Change } from "../change";
import type { EntityItem } from "../db/entity";
import { nowISO, page } from "../db/support";
import { HubError } from "../error";
import { fn } from "../fn";
import { createID } from "../id";
import { Policy } from "../policy";
import { UnitEntity } from "./entity";

export { UnitEntity };

type UnitItem = EntityItem<typeof UnitEntity>;

const toView = (item: UnitItem) => ({
  id: item.unitID,
  kind: item.kind as UnitKind,
  name: item.name,
  regions: item.regions,
  createdAt: item.createdAt,
  version: item.version,
});

const changes = Change.of({
  entity: UnitEntity,
  type: "unit",
  id: (item) => item.unitID,
  keys: (item) => ({ unitID: item.unitID }),
  tenant: () => STAFF_TENANT,
  link: () => "/units",
});

/** A part of a scope a list can query by key: one province, narrowed to some regencies or not. */
export type ScopePart = { provinceCode: string; regencies?: string[] };

/** A position in a merged list: the last item's sort value and id (both compared as strings). */
type Position = { s: string; i: string };
const encode = (p: Position) => Buffer.from(JSON.stringify(p)).toString("base64url");
const decode = (cursor: string): Position => {
  try {
    const p = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Position;
    if (typeof p.s === "string" && typeof p.i === "string") return p;
  } catch {}
  throw HubError.input("Invalid cursor", [
    { field: "cursor", code: "cursor", message: "Not a cursor from this list" },
  ]);
};

export namespace Unit {
  export type View = ReturnType<typeof toView>;

  export const create = fn(UnitCreate, async (data) => {
    Policy.assert("unit.manage");
    const now = nowISO();
    const item = await changes.create(
      { unitID: createID("unit"), ...data, createdAt: now, updatedAt: now },
      { action: "unit.created", data: { kind: data.kind, name: data.name, regions: data.regions } },
    );
    return toView(item);
  });

  export const get = async (unitID: string) => (await UnitEntity.get({ unitID }).go()).data ?? undefined;

  export const fromID = async (unitID: string) => {
    Policy.assert("unit.list");
    const item = await get(unitID);
    if (!item) throw HubError.notFound("Unit");
    return toView(item);
  };

  export const list = fn(UnitListQuery, async (q) => {
    Policy.assert("unit.list");
    const result = await page(() =>
      UnitEntity.query.all({}).go({ cursor: q.cursor ?? null, limit: q.limit ?? 100 }),
    );
    return { items: result.items.map(toView), nextCursor: result.nextCursor };
  });

  const SUPERVISING: Record<string, number> = {
    balai: 0,
    loka: 0,
    sentra: 0,
    dinsos_kabkota: 1,
    dinsos_provinsi: 2,
  };

  /**
   * The unit that reviews a record of this place at the regional level: the Balai, Loka or Sentra
   * whose region covers it, or else its dinas sosial (city before province); none: it goes straight
   * to the national level. Units are few (dozens), so they are read whole.
   */
  export const supervising = async (place: { provinceCode: string; regencyCode?: string }) => {
    const { data } = await UnitEntity.query.all({}).go({ pages: "all" });
    return data
      .filter((u) => u.kind in SUPERVISING && regionsCover(u.regions, place))
      .sort((a, b) => SUPERVISING[a.kind]! - SUPERVISING[b.kind]! || a.name.localeCompare(b.name))[0];
  };

  /** The review level the current actor works at: its unit's region, or national. */
  export const level = (): "regional" | "national" => (scope() ? "regional" : "national");

  /** Whether a user (by its unit) works at the regional level and covers a place. */
  export const userCovers = async (
    unitID: string | undefined,
    place: { provinceCode: string; regencyCode?: string },
  ) => {
    if (!unitID) return { level: "national" as const, covers: true };
    const unit = await get(unitID);
    if (!unit?.regions.length) return { level: "national" as const, covers: true };
    return { level: "regional" as const, covers: regionsCover(unit.regions, place) };
  };

  /** Checks a unit named in an invitation exists. */
  export const assertExists = async (unitID: string, field = "unitID") => {
    if (!(await get(unitID)))
      throw HubError.input("Unknown unit", [{ field, code: "unknown_unit", message: "No such unit" }]);
  };

  /**
   * The current actor's region of work, or undefined when it is not bound to one (national staff,
   * LKS users, programmes, the system).
   */
  export const scope = (): readonly string[] | undefined => {
    const actor = Actor.use();
    return actor.type === "user" ? actor.properties.regions : undefined;
  };

  export const covers = (record: { provinceCode?: string; regencyCode?: string }) => {
    const regions = scope();
    return !regions || regionsCover(regions, record);
  };

  /**
   * A filter expression keeping records in the region of work (for lists read through another
   * key, e.g. a person's referrals): `provinceCode = …` or `regencyCode = …` for each region.
   */
  export const where = (
    regions: readonly string[],
    a: { provinceCode: unknown; regencyCode?: unknown },
    op: { eq: (attribute: never, value: string) => string },
  ) =>
    // No parentheses of its own: the entity layer brackets each condition it joins.
    regions
      .map((r) =>
        r.length === 2 || !a.regencyCode
          ? op.eq(a.provinceCode as never, r.slice(0, 2))
          : op.eq(a.regencyCode as never, r),
      )
      .join(" OR ");

  /** A filter keeping one part's regencies (the part names some when its province is not whole). */
  export const inRegencies = (
    regencies: readonly string[],
    a: { regencyCode: unknown },
    op: { eq: (attribute: never, value: string) => string },
  ) => regencies.map((r) => op.eq(a.regencyCode as never, r)).join(" OR ");

  /** A region of work as the provinces a list queries, each narrowed to regencies where it must be. */
  export const parts = (regions: readonly string[]): ScopePart[] => {
    const whole = new Set(regions.filter((r) => r.length === 2));
    const byProvince = new Map<string, string[]>();
    for (const r of regions) {
      if (r.length !== 4 || whole.has(r.slice(0, 2))) continue;
      byProvince.set(r.slice(0, 2), [...(byProvince.get(r.slice(0, 2)) ?? []), r]);
    }
    return [
      ...[...whole].map((provinceCode) => ({ provinceCode })),
      ...[...byProvince].map(([provinceCode, regencies]) => ({ provinceCode, regencies })),
    ].sort((a, b) => a.provinceCode.localeCompare(b.provinceCode));
  };

  /**
   * One page of a list kept in several partitions (one per province of a scope), merged in the
   * order each partition's index keeps (`sort`, then `id` for ties). Each partition is read from
   * the cursor's position on (`from`), so a page costs about one short Query per partition, however
   * long the lists are.
   */
  export const merged = async <T, P = ScopePart>(options: {
    parts: readonly P[];
    order: "asc" | "desc";
    limit: number;
    cursor: string | null | undefined;
    sort: (item: T) => string;
    id: (item: T) => string;
    /** One page of a partition, from `from` (inclusive) in the list's order. */
    query: (
      part: P,
      from: string | undefined,
      cursor: string | null,
      limit: number,
    ) => Promise<{ data: T[]; cursor: string | null }>;
  }) => {
    const at = options.cursor ? decode(options.cursor) : undefined;
    const sign = options.order === "asc" ? 1 : -1;
    const compare = (a: Position, b: Position) =>
      sign * (a.s < b.s ? -1 : a.s > b.s ? 1 : a.i < b.i ? -1 : a.i > b.i ? 1 : 0);
    const pos = (item: T): Position => ({ s: options.sort(item), i: options.id(item) });
    const after = (item: T) => !at || compare(pos(item), at) > 0;
    const read = await Promise.all(
      options.parts.map(async (part) => {
        const items: T[] = [];
        let cursor: string | null = null;
        do {
          const result = await options.query(part, at?.s, cursor, options.limit + 1);
          items.push(...result.data.filter(after));
          cursor = result.cursor;
        } while (cursor && items.length <= options.limit);
        return { items, more: cursor !== null };
      }),
    );
    const all = read.flatMap((r) => r.items).sort((a, b) => compare(pos(a), pos(b)));
    const items = all.slice(0, options.limit);
    const more = all.length > options.limit || read.some((r) => r.more);
    const last = items.at(-1);
    return { items, nextCursor: more && last ? encode(pos(last)) : null };
  };
}
