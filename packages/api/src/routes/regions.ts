import { PROVINCES, provinceList, regencyList } from "@atensi/contracts";
import { HubError } from "@atensi/core/error";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { params } from "../validate";

const Region = v.array(v.object({ code: v.string(), name: v.string() }));

export const regions = new Hono<AppEnv>()
  .get(
    "/provinces",
    doc({ tag: "regions", summary: "Provinces (Kemendagri codes)", ok: { schema: Region }, public: true }),
    (c) => {
      c.header("cache-control", "public, max-age=86400");
      return c.json(provinceList(), 200);
    },
  )
  .get(
    "/provinces/:code/regencies",
    doc({
      tag: "regions",
      summary: "Regencies and cities of a province",
      ok: { schema: Region },
      problems: [400, 404],
      public: true,
    }),
    params(v.strictObject({ code: v.pipe(v.string(), v.regex(/^\d{2}$/, "Two digits")) })),
    (c) => {
      const { code } = c.req.valid("param");
      if (!PROVINCES[code]) throw HubError.notFound("Province");
      c.header("cache-control", "public, max-age=86400");
      return c.json(regencyList(code), 200);
    },
  );
