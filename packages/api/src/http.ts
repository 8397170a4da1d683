import { HubError } from "@atensi/core/error";
import type { Context } from "hono";

/** `If-Match: "3"` (or W/"3") → 3; absent or `*` → undefined. */
export const ifMatch = (c: Context) => {
  const header = c.req.header("if-match");
  if (header === undefined || header.trim() === "*") return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match)
    throw HubError.input("If-Match must be the version you read", [
      { field: "If-Match", code: "if_match", message: 'Use the ETag, e.g. "3"' },
    ]);
  return Number(match[1]);
};

/** Answers a versioned record with its version as the ETag (clients send it back in If-Match). */
export const withEtag = <T extends { version: number }>(c: Context, record: T, status: 200 | 201 = 200) => {
  c.header("etag", `"${record.version}"`);
  return c.json(record, status);
};
