/**
 * The authorization matrix (./authz-matrix.ts): every route of the app × every kind of caller,
 * checked against a running hub. The table is the reviewed statement of who may do what; this
 * file only runs it. See the matrix's header for the outcomes and how writes are checked without
 * destroying the fixtures.
 */
import { app, loadRoutes } from "@atensi/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALLERS, type Caller, type Fixtures, MATRIX, type Outcome, type Row } from "./authz-matrix";
import { parseScoped, SCOPED, SCOPED_CALLERS, type ScopedCaller } from "./authz-scope-matrix";
import { buildWorld, type World } from "./support/authz-world";
import { type Credential, send } from "./support/sec-fixtures";

let world: World;
let featureRoutes: Awaited<ReturnType<typeof loadRoutes>>;
beforeAll(async () => {
  world = await buildWorld();
  featureRoutes = await loadRoutes();
});
afterAll(() => world?.stop());

/**
 * Every method + path the app answers: the shell's own routes and every feature's, as they are
 * once loaded (middleware and the lazy feature mounts are `ALL`).
 */
const appRoutes = () => [
  ...new Set(
    [...app.routes, ...featureRoutes].filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`),
  ),
];

const fill = (template: string, f: Fixtures) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = f[name as keyof Fixtures];
    if (typeof value !== "string" && typeof value !== "number") throw new Error(`no fixture {${name}}`);
    return encodeURIComponent(String(value));
  });

/** Whether a concrete path is one the route's Hono pattern matches. */
const matches = (route: string, path: string) => {
  const pattern = route.split(" ")[1]!.replace(/:\w+/g, "[^/]+");
  return new RegExp(`^${pattern}$`).test(path.split("?")[0]!);
};

describe("the matrix covers the app", () => {
  it("has exactly one row per route, and no row for a route the app lacks", () => {
    const routes = appRoutes();
    const rows = MATRIX.map((r) => r.route);
    expect(
      rows.filter((r, i) => rows.indexOf(r) !== i),
      "rows listed twice",
    ).toEqual([]);
    expect(
      routes.filter((r) => !rows.includes(r as Row["route"])),
      "routes of the app without a row",
    ).toEqual([]);
    expect(
      rows.filter((r) => !routes.includes(r)),
      "rows for routes the app does not have",
    ).toEqual([]);
    expect(MATRIX.length * CALLERS.length).toBeGreaterThanOrEqual(900);
  });

  it("has a row for regional staff for every route (authz-scope-matrix.ts)", () => {
    const rows = MATRIX.map((r) => r.route as string);
    expect(
      rows.filter((r) => SCOPED[r] === undefined),
      "routes without a row for regional staff",
    ).toEqual([]);
    expect(
      Object.keys(SCOPED).filter((r) => !rows.includes(r)),
      "regional rows for routes the matrix lacks",
    ).toEqual([]);
  });

  it("names in each row a path its route matches", () => {
    for (const row of MATRIX) expect(matches(row.route, row.path), row.route).toBe(true);
  });
});

type Cell = { caller: Caller | ScopedCaller; expected: string; got: number; code?: string };

const runRow = async (row: Row): Promise<Cell[]> => {
  const f = world.fixtures;
  const path = fill(row.path, f);
  const body = typeof row.body === "function" ? row.body(f) : row.body;
  const mismatches: Cell[] = [];
  const scoped = parseScoped(SCOPED[row.route] ?? "");
  const cells: [Caller | ScopedCaller, Outcome, Credential][] = [
    ...CALLERS.map((c): [Caller, Outcome, Credential] => [c, row.expect[c], world.callers[c]]),
    ...SCOPED_CALLERS.map((c): [ScopedCaller, Outcome, Credential] => [c, scoped[c], world.scoped[c]]),
  ];
  // A row that ends its session (sign-out) signs every caller in afresh: all at once, since each
  // sign-in is a deliberately slow password hash.
  const sessions = row.freshSession
    ? await Promise.all(cells.map(([, , credential]) => world.freshSession(credential)))
    : cells.map(([, , credential]) => credential);
  for (const [index, [caller, expected]] of cells.entries()) {
    const who = sessions[index]!;
    const res = await send(world.url, who, row.route.split(" ")[0]!, path, {
      ...(body !== undefined ? { body } : {}),
      ...(row.stale ? { headers: { "if-match": '"9999"' } } : {}),
    });
    const code = res.json?.code as string | undefined;
    const ok =
      expected === "allow"
        ? row.allowed.includes(res.status)
        : res.status === expected &&
          // A 404 must be the record's, not an unknown route; a 403 the policy's, not CSRF.
          code !== "route_not_found" &&
          code !== "csrf_token_invalid";
    if (!ok)
      mismatches.push({
        caller,
        expected: expected === "allow" ? `allow ${row.allowed}` : String(expected),
        got: res.status,
        ...(code ? { code } : {}),
      });
  }
  return mismatches;
};

describe("every cell answers as the matrix says", () => {
  for (const row of MATRIX) {
    it(row.route, async () => {
      expect(await runRow(row)).toEqual([]);
    });
  }
});
