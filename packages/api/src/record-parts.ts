import { AuditEvent, Page } from "@atensi/contracts";
import type { RecordFn } from "@atensi/core/fn";
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "./env";
import { withEtag } from "./http";
import { doc } from "./openapi";
import { body, params } from "./validate";

type Schema = v.GenericSchema;
type Versioned = { version: number };

const DocumentID = v.pipe(v.string(), v.regex(/^doc_[0-9a-z]{26}$/, "Not a document id"));
const Author = v.object({ type: v.string(), id: v.string(), name: v.optional(v.string()) });
const Trail = v.object({
  items: v.array(AuditEvent),
  verification: v.object({ valid: v.boolean(), events: v.number() }),
});
const uploadOf = <K extends string>(key: K) =>
  v.object({
    [key]: v.object({
      id: v.string(),
      kind: v.string(),
      fileName: v.string(),
      contentType: v.string(),
      size: v.number(),
    }),
    upload: v.object({
      method: v.literal("PUT"),
      url: v.string(),
      headers: v.record(v.string(), v.string()),
    }),
  } as { [P in K | "upload"]: Schema });

/**
 * The parts every reviewed record has, as one sub-app mounted at `/:id`: the comment thread,
 * attached files (declare, confirm the upload, download) and the audit trail. Agreements and
 * reports both use it; `files` names their collection (`documents`, `attachments`) and its id.
 */
export const recordParts = <
  const Files extends string,
  const File extends string,
  CommentInput extends Schema,
  FileInput extends Schema,
  CommentOut,
  Comments,
  Added,
  Completed extends Versioned,
  Url,
  Audit,
>(spec: {
  tag: string;
  what: string;
  /** The record id's schema (e.g. `AgreementID`). */
  id: v.GenericSchema<string, string>;
  comments: {
    /** One comment as answered. */
    view: Schema;
    summaries: { list: string; add: string };
    list: (id: string) => Promise<Comments>;
    add: RecordFn<CommentInput, [], Promise<CommentOut>>;
  };
  files: {
    path: Files;
    /** The file's name in the answer and in the path (`document` → `/:documentID`). */
    name: File;
    summaries: { add: string; complete: string; download: string };
    record: Schema;
    add: RecordFn<FileInput, [], Promise<Added>>;
    complete: (id: string, fileID: string) => Promise<Completed>;
    url: (id: string, fileID: string) => Promise<Url>;
  };
  audit: (id: string) => Promise<Audit>;
}) => {
  const { tag, what, comments, files } = spec;
  const IdParam = v.strictObject({ id: spec.id });
  type FileKeys = { [K in "id" | `${File}ID`]: string };
  const fileKey = `${files.name}ID` as `${File}ID`;
  const FileParam = v.strictObject({ id: spec.id, [fileKey]: DocumentID }) as unknown as v.GenericSchema<
    FileKeys,
    FileKeys
  >;
  return new Hono<AppEnv>()
    .get(
      "/comments",
      doc({
        tag,
        summary: comments.summaries.list,
        ok: { schema: Page(comments.view) },
        problems: [400, 401, 403, 404],
      }),
      params(IdParam),
      async (c) => c.json(await comments.list(c.req.valid("param").id), 200),
    )
    .post(
      "/comments",
      doc({
        tag,
        summary: comments.summaries.add,
        ok: { status: 201, schema: comments.view },
        problems: [400, 401, 403, 404, 415],
      }),
      params(IdParam),
      body(comments.add.schema),
      async (c) => c.json(await comments.add.trusted(c.req.valid("param").id, c.req.valid("json")), 201),
    )
    .post(
      `/${files.path}`,
      doc({
        tag,
        summary: files.summaries.add,
        ok: { status: 201, schema: uploadOf(files.name) },
        problems: [400, 401, 403, 404, 409, 415],
      }),
      params(IdParam),
      body(files.add.schema),
      async (c) => c.json(await files.add.trusted(c.req.valid("param").id, c.req.valid("json")), 201),
    )
    .post(
      `/${files.path}/:${files.name}ID/complete` as `/${Files}/:${File}ID/complete`,
      doc({
        tag,
        summary: files.summaries.complete,
        ok: { schema: files.record },
        problems: [400, 401, 403, 404, 409, 412],
      }),
      params(FileParam),
      async (c) => {
        const param = c.req.valid("param") as FileKeys;
        return withEtag(c, await files.complete(param.id, param[fileKey]));
      },
    )
    .get(
      `/${files.path}/:${files.name}ID` as `/${Files}/:${File}ID`,
      doc({
        tag,
        summary: files.summaries.download,
        ok: { schema: v.object({ url: v.string() }) },
        problems: [400, 401, 403, 404],
      }),
      params(FileParam),
      async (c) => {
        const param = c.req.valid("param") as FileKeys;
        return c.json(await files.url(param.id, param[fileKey]), 200);
      },
    )
    .get(
      "/audit",
      doc({
        tag,
        summary: `The ${what}'s audit trail and the verification of its hash chain`,
        ok: { schema: Trail },
        problems: [400, 401, 403, 404],
      }),
      params(IdParam),
      async (c) => c.json(await spec.audit(c.req.valid("param").id), 200),
    );
};

export { Author };
