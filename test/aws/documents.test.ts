/**
 * Documents as they are stored in AWS: the api handler hands out a presigned S3 PUT (moto) bound
 * to the declared type and size, the browser's upload lands in `incoming/`, completion checks the
 * bytes against the declared type and moves the object to `documents/`, and downloads are
 * presigned GETs with the file's name. (moto does not check signatures, so a PUT with another
 * type or length than the one signed is refused only by real S3: docs/scale.md.)
 */
import { GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { agreementInput } from "../support/agreements";
import { createStaff, provisionAws, startApiGateway } from "../support/aws";
import { REVIEWER, signedIn, verifiedLks } from "../support/hub";

type ApiHandler = Parameters<typeof startApiGateway>[0] extends () => infer H ? H : never;

let gateway: Awaited<ReturnType<typeof startApiGateway>>;
let aws: Awaited<ReturnType<typeof provisionAws>>;

beforeAll(async () => {
  aws = await provisionAws();
  vi.resetModules();
  const api = (await import("../../functions/api")).handler as unknown as ApiHandler;
  gateway = await startApiGateway(() => api);
  await createStaff([{ who: REVIEWER, roles: ["kemensos_reviewer"] }]);
});

afterAll(() => gateway?.close());

it("uploads by presigned S3 PUT, checks the bytes at completion, moves the object and downloads by presigned GET", async () => {
  const { client: lks } = await verifiedLks(gateway.url, 81);
  const id = (await lks.post("/v1/agreements", agreementInput())).json.id;
  const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(3000, 32), Buffer.from("\n%%EOF\n")]);
  const declared = await lks.post(`/v1/agreements/${id}/documents`, {
    kind: "signed_agreement",
    fileName: "nota-kesepahaman.pdf",
    contentType: "application/pdf",
    size: pdf.length,
  });
  expect(declared.status).toBe(201);
  const { document, upload } = declared.json;
  const url = new URL(upload.url);
  expect(url.origin).toBe(new URL(process.env.MOTO_ENDPOINT!).origin);
  expect(url.pathname).toMatch(new RegExp(`^/${aws.bucket}/incoming/`));
  // The type and the exact length are part of what is signed.
  expect(url.searchParams.get("X-Amz-SignedHeaders")).toMatch(/content-length/);
  expect(url.searchParams.get("X-Amz-SignedHeaders")).toMatch(/content-type/);
  expect(Number(url.searchParams.get("X-Amz-Expires"))).toBe(900);

  const put = (body: Buffer) =>
    fetch(upload.url, {
      method: "PUT",
      headers: { "content-type": "application/pdf", "content-length": String(body.length) },
      body: new Uint8Array(body),
    });
  // Declared a PDF, sent something else of that size: refused at completion, naming the file.
  expect((await put(Buffer.alloc(pdf.length, 65))).status).toBe(200);
  const wrong = await lks.post(`/v1/agreements/${id}/documents/${document.id}/complete`);
  expect(wrong.status).toBe(400);
  expect(wrong.json.errors[0]).toMatchObject({
    field: "file",
    message: expect.stringMatching(/not application\/pdf/),
  });

  expect((await put(pdf)).status).toBe(200);
  const completed = await lks.post(`/v1/agreements/${id}/documents/${document.id}/complete`);
  expect(completed.status).toBe(200);
  expect(completed.json.documents[0]).toMatchObject({ id: document.id, uploadedAt: expect.any(String) });

  // The object moved from incoming/ to documents/ in the bucket.
  const s3 = new S3Client({});
  const key = url.pathname.slice(`/${aws.bucket}/`.length).replace(/^incoming\//, "documents/");
  const stored = await s3.send(new HeadObjectCommand({ Bucket: aws.bucket, Key: key }));
  expect(stored.ContentLength).toBe(pdf.length);
  await expect(
    s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: url.pathname.slice(`/${aws.bucket}/`.length) })),
  ).rejects.toMatchObject({ name: "NoSuchKey" });
  s3.destroy();

  const reviewer = await signedIn(gateway.url, REVIEWER);
  const link = await reviewer.get(`/v1/agreements/${id}/documents/${document.id}`);
  expect(link.status).toBe(200);
  const download = await fetch(link.json.url);
  expect(download.status).toBe(200);
  // S3 answers with the disposition the signed URL asks for (moto ignores the override).
  expect(new URL(link.json.url).searchParams.get("response-content-disposition")).toBe(
    'attachment; filename="nota-kesepahaman.pdf"',
  );
  expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
});
