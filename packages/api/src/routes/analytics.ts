import { Analytics } from "@atensi/core/analytics";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { query } from "../validate";

const Drill = v.object({
  year: v.string(),
  by: v.picklist(["province", "cluster", "form", "period"]),
  measure: v.picklist(["persons", "services"]),
  total: v.number(),
  items: v.array(v.object({ key: v.string(), label: v.string(), value: v.number() })),
});

/** Staff analytics on the content of accepted reports (the dashboard's rule: staff read). */
export const analytics = new Hono<AppEnv>().get(
  "/drill",
  doc({
    tag: "dashboard",
    summary:
      "Persons served (per cluster) or services given (per form) in accepted reports, grouped by province, cluster, service form or period and filtered by the others",
    ok: { schema: Drill },
    problems: [400, 401, 403],
  }),
  query(Analytics.drill.schema),
  async (c) => c.json(await Analytics.drill.trusted(c.req.valid("query")), 200),
);
