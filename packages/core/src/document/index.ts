import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { coded } from "@atensi/contracts";
import { HubError } from "../error";
import { createID } from "../id";

/**
 * Where uploaded documents live. One interface, two stores:
 * - AWS (`ATENSI_DOCUMENTS_BUCKET`): presigned S3 PUT into `incoming/`, checked and copied into
 *   `documents/` on completion, presigned GET for downloads.
 * - Local (`ATENSI_DOCUMENTS_DIR`): the same flow on files, through `/v1/files/<token>` URLs the
 *   hub serves itself, signed with an HMAC so they work like presigned URLs.
 */
export const UPLOAD_PREFIX = "incoming/";
export const DOCUMENTS_PREFIX = "documents/";
const URL_MINUTES = 15;

/** The first bytes each accepted type must start with: the declared type is checked, not trusted. */
const SIGNATURES: Record<string, number[]> = {
  "application/pdf": [0x25, 0x50, 0x44, 0x46, 0x2d],
  "image/jpeg": [0xff, 0xd8, 0xff],
  "image/png": [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

export type StoredObject = { key: string; contentType: string; size: number; fileName: string };

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

// ---- local files --------------------------------------------------------------------------

const signingKey = () => {
  const base = process.env.ATENSI_PII_KEY;
  if (!base) throw new Error("ATENSI_PII_KEY is needed to sign local file URLs");
  return Buffer.from(hkdfSync("sha256", Buffer.from(base, "base64"), "", "atensi local file urls", 32));
};

type FileGrant = {
  op: "put" | "get";
  key: string;
  contentType: string;
  size: number;
  fileName: string;
  exp: number;
};

export const LocalFiles = {
  root: () => process.env.ATENSI_DOCUMENTS_DIR ?? join(process.cwd(), ".data", "documents"),
  path: (key: string) => join(LocalFiles.root(), ...key.split("/")),
  token: (grant: Omit<FileGrant, "exp">) => {
    const body = Buffer.from(JSON.stringify({ ...grant, exp: Date.now() + URL_MINUTES * 60e3 })).toString(
      "base64url",
    );
    const mac = createHmac("sha256", signingKey()).update(body).digest("base64url");
    return `${body}.${mac}`;
  },
  /** The grant a token carries, or undefined when it is forged or expired. */
  verify: (token: string): FileGrant | undefined => {
    const [body, mac] = token.split(".");
    if (!body || !mac) return undefined;
    const expected = createHmac("sha256", signingKey()).update(body).digest();
    const given = Buffer.from(mac, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const grant = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as FileGrant;
    return grant.exp > Date.now() ? grant : undefined;
  },
  /** Stores an upload, refusing more bytes than were declared. */
  write: async (grant: FileGrant, body: AsyncIterable<Uint8Array>) => {
    const path = LocalFiles.path(grant.key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.part`;
    const file = await open(partial, "w");
    let size = 0;
    try {
      for await (const chunk of body) {
        size += chunk.length;
        if (size > grant.size)
          throw HubError.tooLarge(`The file is larger than the ${grant.size} bytes declared`);
        await file.write(chunk);
      }
    } catch (error) {
      await file.close();
      await rm(partial, { force: true });
      throw error;
    }
    await file.close();
    await rename(partial, path);
    return size;
  },
};

// ---- the store ------------------------------------------------------------------------------

const bucket = () => process.env.ATENSI_DOCUMENTS_BUCKET;

const s3 = async () => {
  const sdk = await import("@aws-sdk/client-s3");
  const { getSignedUrl } = await import("@aws-sdk/s3-request-presigner");
  return { sdk, client: new sdk.S3Client({}), getSignedUrl };
};

export namespace Documents {
  /** A URL the browser PUTs the file to, valid 15 minutes, bound to the declared type and size. */
  export const uploadUrl = async (object: StoredObject) => {
    const key = `${UPLOAD_PREFIX}${object.key}`;
    const name = bucket();
    if (!name) {
      return {
        method: "PUT" as const,
        url: `/v1/files/${LocalFiles.token({ op: "put", ...object, key })}`,
        headers: { "content-type": object.contentType },
      };
    }
    const { sdk, client, getSignedUrl } = await s3();
    const url = await getSignedUrl(
      client,
      new sdk.PutObjectCommand({
        Bucket: name,
        Key: key,
        ContentType: object.contentType,
        ContentLength: object.size,
      }),
      // Content-Type is not signed unless asked for: without this any type could be PUT.
      { expiresIn: URL_MINUTES * 60, signableHeaders: new Set(["content-type"]) },
    );
    return { method: "PUT" as const, url, headers: { "content-type": object.contentType } };
  };

  /**
   * Checks an upload (present, the declared size, content matching the declared type) and moves
   * it to permanent storage. Throws a 400 naming what is wrong.
   */
  export const complete = async (object: StoredObject) => {
    const incoming = `${UPLOAD_PREFIX}${object.key}`;
    const permanent = `${DOCUMENTS_PREFIX}${object.key}`;
    const refuse = (code: string, message: string, params?: Record<string, string | number>) =>
      HubError.input("The uploaded file is not acceptable", [
        { field: "file", ...coded(code, message, params) },
      ]);
    const name = bucket();
    if (!name) {
      const path = LocalFiles.path(incoming);
      const info = await stat(path).catch(() => undefined);
      if (!info) throw refuse("file_missing", "Nothing was uploaded yet");
      const head = (await readFile(path)).subarray(0, 8);
      if (info.size !== object.size)
        throw refuse("file_size_mismatch", `Uploaded ${info.size} bytes, declared ${object.size}`, {
          uploaded: info.size,
          declared: object.size,
        });
      if (!startsWith(head, SIGNATURES[object.contentType] ?? [])) {
        await rm(path, { force: true });
        throw refuse("file_content", `The content is not ${object.contentType}`, {
          type: object.contentType,
        });
      }
      const target = LocalFiles.path(permanent);
      await mkdir(dirname(target), { recursive: true });
      await rename(path, target);
      return;
    }
    const { sdk, client } = await s3();
    const head = await client
      .send(new sdk.HeadObjectCommand({ Bucket: name, Key: incoming }))
      .catch(() => undefined);
    if (!head) throw refuse("file_missing", "Nothing was uploaded yet");
    if (head.ContentLength !== object.size)
      throw refuse("file_size_mismatch", `Uploaded ${head.ContentLength} bytes, declared ${object.size}`, {
        uploaded: head.ContentLength ?? 0,
        declared: object.size,
      });
    const first = await client.send(
      new sdk.GetObjectCommand({ Bucket: name, Key: incoming, Range: "bytes=0-7" }),
    );
    const bytes = await first.Body!.transformToByteArray();
    if (!startsWith(bytes, SIGNATURES[object.contentType] ?? [])) {
      await client.send(new sdk.DeleteObjectCommand({ Bucket: name, Key: incoming }));
      throw refuse("file_content", `The content is not ${object.contentType}`, { type: object.contentType });
    }
    await client.send(
      new sdk.CopyObjectCommand({ Bucket: name, Key: permanent, CopySource: `${name}/${incoming}` }),
    );
    await client.send(new sdk.DeleteObjectCommand({ Bucket: name, Key: incoming }));
  };

  /** Writes a file the hub makes itself (published open data) under `documents/`. */
  export const store = async (key: string, body: Buffer, contentType: string) => {
    const path = `${DOCUMENTS_PREFIX}${key}`;
    const name = bucket();
    if (!name) {
      const target = LocalFiles.path(path);
      await mkdir(dirname(target), { recursive: true });
      const partial = `${target}.part`;
      const file = await open(partial, "w");
      await file.write(body);
      await file.close();
      await rename(partial, target);
      return;
    }
    const { sdk, client } = await s3();
    await client.send(
      new sdk.PutObjectCommand({ Bucket: name, Key: path, Body: body, ContentType: contentType }),
    );
  };

  /** Reads a file written by `store`; undefined when there is none. */
  export const load = async (key: string) => {
    const path = `${DOCUMENTS_PREFIX}${key}`;
    const name = bucket();
    if (!name) return readFile(LocalFiles.path(path)).catch(() => undefined);
    const { sdk, client } = await s3();
    const object = await client
      .send(new sdk.GetObjectCommand({ Bucket: name, Key: path }))
      .catch(() => undefined);
    return object?.Body ? Buffer.from(await object.Body.transformToByteArray()) : undefined;
  };

  /** A short-lived download URL that saves the file under its original name. */
  export const downloadUrl = async (object: StoredObject) => {
    const key = `${DOCUMENTS_PREFIX}${object.key}`;
    const name = bucket();
    if (!name) return `/v1/files/${LocalFiles.token({ op: "get", ...object, key })}`;
    const { sdk, client, getSignedUrl } = await s3();
    return getSignedUrl(
      client,
      new sdk.GetObjectCommand({
        Bucket: name,
        Key: key,
        ResponseContentDisposition: `attachment; filename="${object.fileName.replace(/["\\\r\n]/g, "_")}"`,
        ResponseContentType: object.contentType,
      }),
      { expiresIn: URL_MINUTES * 60 },
    );
  };
}

/** A file kept on a record (agreement documents, report attachments): declared, then uploaded. */
export type AttachedFile = StoredObject & { id: string; kind: string; uploadedAt?: string };
type Declared = { kind: string; fileName: string; contentType: string; size: number };

/**
 * The file list of a versioned record. Each method returns the new list for the record's own
 * versioned change; the record's module keeps the authorization and state rules.
 */
export namespace AttachedFiles {
  export const of = (value: unknown) => (value as AttachedFile[] | undefined) ?? [];

  /** What callers see: never the storage key. */
  export const view = ({ key: _key, ...file }: AttachedFile) => file;

  export const declare = (
    list: AttachedFile[],
    input: Declared,
    keyPrefix: string,
    max: number,
    what: string,
  ) => {
    if (list.length >= max) throw HubError.conflict(`At most ${max} ${what}`, "too_many_files", []);
    const id = createID("document");
    const file: AttachedFile = { id, ...input, key: `${keyPrefix}/${id}` };
    return { file, list: [...list, file] };
  };

  export const uploadUrl = (file: AttachedFile) => Documents.uploadUrl(file);

  /** Checks the upload and returns the list with the file marked uploaded (unchanged if it was). */
  export const complete = async (list: AttachedFile[], id: string, what: string) => {
    const file = list.find((f) => f.id === id);
    if (!file) throw HubError.notFound(what);
    if (file.uploadedAt) return { file, list, changed: false };
    await Documents.complete(file);
    const uploadedAt = new Date().toISOString();
    return { file, list: list.map((f) => (f.id === id ? { ...f, uploadedAt } : f)), changed: true };
  };

  export const downloadUrl = async (list: AttachedFile[], id: string, what: string) => {
    const file = list.find((f) => f.id === id);
    if (!file?.uploadedAt) throw HubError.notFound(what);
    return { url: await Documents.downloadUrl(file) };
  };
}
