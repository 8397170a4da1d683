/**
 * The authorization matrix (./authz-matrix.ts): every route of the app × every kind of caller,
 * checked against a running hub. The table is the reviewed statement of who may do what; this
 * file only runs it. See the matrix's header for the outcomes and how writes are checked without
 * destroying the fixtures.
 */
import { app, loadRoutes } from "@atensi/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMPLETIONS } from "./authz-complete";
import { CALLERS, type Caller, type Fixtures, MATRIX, type Outcome, type Row } from "./authz-matrix";
import { parseScoped, SCOPED, SCOPED_CALLERS, type ScopedCaller } from "./authz-scope-matrix";
import { buildWorld, type World } from "./support/authz-world";
import { type Credential, inLanes, send } from "./support/sec-fixtures";

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

/** Per route: whether an "allow" cell of the matrix run answered 2xx (the write went through). */
const completedByMatrix = new Map<Row["route"], boolean>();
const is2xx = (status: number) => status >= 200 && status < 300;

type Cell = { caller: Caller | ScopedCaller; expected: string; got: number; code?: string };

const runRow = async (row: Row): Promise<Cell[]> => {
  const f = world.fixtures;
  const path = fill(row.path, f);
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
    // Per cell: a body may name a new record each time (a referral's person, for the duplicate rule).
    const body = typeof row.body === "function" ? row.body(f) : row.body;
    const res = await send(world.url, who, row.route.split(" ")[0]!, path, {
      ...(body !== undefined ? { body } : {}),
      ...(row.stale ? { headers: { "if-match": '"9999"' } } : {}),
    });
    const code = res.json?.code as string | undefined;
    if (expected === "allow" && is2xx(res.status)) completedByMatrix.set(row.route, true);
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

const isWrite = (row: Row) => !row.route.startsWith("GET ");
/** Rows where nobody may write (a forged upload token): there is no allowed caller to complete. */
const hasAllowCell = (row: Row) =>
  CALLERS.some((c) => row.expect[c] === "allow") ||
  Object.values(parseScoped(SCOPED[row.route] ?? "")).some((o) => o === "allow");

describe("writes complete for real", () => {
  // 44 completions, each with its own subject: 12 s alone, 73 s in a full fresh-clone run on 2 cores.
  it("every write route is completed for real by a caller the matrix allows", {
    timeout: 240_000,
  }, async () => {
    const rows = MATRIX.filter((r) => isWrite(r) && hasAllowCell(r));
    const missing = rows.filter((r) => !completedByMatrix.get(r.route) && !COMPLETIONS[r.route]);
    expect(
      missing.map((r) => r.route),
      "write routes no allowed caller completes: add a completion in authz-complete.ts",
    ).toEqual([]);
    expect(
      Object.keys(COMPLETIONS).filter((route) => !MATRIX.some((r) => r.route === route)),
      "completions for routes the matrix lacks",
    ).toEqual([]);

    // Every completion runs, also for routes a matrix cell already completed: they share no
    // record, so they run side by side (a few lanes: each is a chain of requests).
    const entries = Object.entries(COMPLETIONS) as [
      Row["route"],
      NonNullable<(typeof COMPLETIONS)[Row["route"]]>,
    ][];
    const failures = (
      await inLanes(entries.length, 8, async (i) => {
        const [route, completion] = entries[i]!;
        const row = MATRIX.find((r) => r.route === route);
        if (!row) return undefined;
        const scoped = parseScoped(SCOPED[route] ?? "");
        const as = completion.as;
        const allowed =
          (as in row.expect ? row.expect[as as Caller] : scoped[as as ScopedCaller]) === "allow";
        if (!allowed) return `${route}: ${as} is not allowed by the matrix`;
        try {
          const who = as in world.callers ? world.callers[as as Caller] : world.scoped[as as ScopedCaller];
          const res = await completion.run(world, who);
          return is2xx(res.status)
            ? undefined
            : `${route} as ${completion.as}: ${res.status} ${res.text ?? JSON.stringify(res.json)}`;
        } catch (error) {
          return `${route} as ${completion.as}: ${(error as Error).message}`;
        }
      })
    ).filter((f) => f !== undefined);
    expect(failures, "completions that did not write").toEqual([]);
  });
});
