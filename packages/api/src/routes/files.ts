import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { DOCUMENT_TYPES } from "@atensi/contracts";
import { LocalFiles } from "@atensi/core/document";
import { HubError } from "@atensi/core/error";
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { problem } from "../problem";

/**
 * Signed file URLs for the local runtime: what S3 presigned URLs do in AWS. Not part of the
 * documented API (clients get these URLs from the documents endpoints).
 */
export const files = new Hono<AppEnv>()
  .put("/:token", async (c) => {
    const grant = LocalFiles.verify(c.req.param("token"));
    if (grant?.op !== "put") return problem(c, 403, "url_invalid", "The upload URL is invalid or expired");
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== grant.contentType || !(type in DOCUMENT_TYPES)) {
      return problem(
        c,
        415,
        "unsupported_media_type",
        `Upload the file as ${grant.contentType}, as declared`,
      );
    }
    const length = Number(c.req.header("content-length") ?? Number.NaN);
    if (Number.isFinite(length) && length > grant.size) {
      c.header("connection", "close");
      return problem(c, 413, "body_too_large", `The file is larger than the ${grant.size} bytes declared`);
    }
    const body = c.req.raw.body;
    if (!body)
      throw HubError.input("No file", [
        { field: "file", code: "file_missing", message: "The body is empty" },
      ]);
    await LocalFiles.write(grant, body as unknown as AsyncIterable<Uint8Array>);
    return c.body(null, 200);
  })
  .get("/:token", async (c) => {
    const grant = LocalFiles.verify(c.req.param("token"));
    if (grant?.op !== "get") return problem(c, 403, "url_invalid", "The download URL is invalid or expired");
    const path = LocalFiles.path(grant.key);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw HubError.notFound("File");
    c.header("content-type", grant.contentType);
    c.header("content-length", String(info.size));
    c.header("content-disposition", `attachment; filename="${grant.fileName.replace(/["\\\r\n]/g, "_")}"`);
    c.header("cache-control", "private, no-store");
    return c.body(Readable.toWeb(createReadStream(path)) as ReadableStream);
  });
