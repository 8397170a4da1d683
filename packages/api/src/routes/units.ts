import { Page, UnitID, Unit as UnitSchema } from "@atensi/contracts";
import { Unit } from "@atensi/core/unit";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { body, params, query } from "../validate";

/** Organisation units: the directorate, Balai / Loka / Sentra and dinas sosial, with their regions. */
export const units = new Hono<AppEnv>()
  .get(
    "/",
    doc({
      tag: "units",
      summary: "Organisation units and their regions of work (staff)",
      ok: { schema: Page(UnitSchema) },
      problems: [400, 401, 403],
    }),
    query(Unit.list.schema),
    async (c) => c.json(await Unit.list.trusted(c.req.valid("query")), 200),
  )
  .post(
    "/",
    doc({
      tag: "units",
      summary: "Create a unit (national admin)",
      ok: { status: 201, schema: UnitSchema },
      problems: [400, 401, 403],
    }),
    body(Unit.create.schema),
    async (c) => c.json(await Unit.create.trusted(c.req.valid("json")), 201),
  )
  .get(
    "/:id",
    doc({ tag: "units", summary: "One unit", ok: { schema: UnitSchema }, problems: [400, 401, 403, 404] }),
    params(v.strictObject({ id: UnitID })),
    async (c) => c.json(await Unit.fromID(c.req.valid("param").id), 200),
  );
