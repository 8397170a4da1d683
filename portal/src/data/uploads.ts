import { DocumentUpload, issueCode } from "@atensi/contracts";
import * as v from "valibot";
import { ApiError } from "../api";
import { codedError } from "../i18n";

/** Where the API says to put a file: a signed URL (S3 in AWS, the hub's own in the local runtime). */
export type Upload = { method: "PUT"; url: string; headers: Record<string, string> };

/**
 * Checks a chosen file with the same schema the API applies to the declaration (type and size),
 * before anything is sent. Answers the first problem, coded (`tm` says it), or undefined when it is fine.
 */
export const fileProblem = (file: File, kind: string, schema: v.GenericSchema = DocumentUpload) => {
  const result = v.safeParse(schema, {
    kind,
    fileName: file.name,
    contentType: file.type,
    size: file.size,
  });
  if (result.success) return undefined;
  const [issue] = result.issues;
  return codedError({ ...issueCode(issue), message: issue.message });
};

/**
 * PUTs the file to the signed URL with XMLHttpRequest (fetch reports no upload progress),
 * calling `onProgress` with the fraction sent. No cookies or CSRF header: the URL is the grant.
 */
export const uploadFile = (upload: Upload, file: File, onProgress: (fraction: number) => void) =>
  new Promise<void>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method, upload.url);
    for (const [name, value] of Object.entries(upload.headers ?? {})) {
      // The browser sets these itself.
      if (!/^(content-length|host)$/i.test(name)) xhr.setRequestHeader(name, value);
    }
    if (!Object.keys(upload.headers ?? {}).some((h) => h.toLowerCase() === "content-type")) {
      xhr.setRequestHeader("content-type", file.type);
    }
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
        return;
      }
      let problem: { code?: string; title?: string; detail?: string } = {};
      try {
        problem = JSON.parse(xhr.responseText);
      } catch {
        // not a problem document (e.g. S3's XML)
      }
      reject(
        new ApiError({
          type: "about:blank",
          title: problem.title ?? xhr.statusText ?? "Upload failed",
          status: xhr.status,
          code: problem.code ?? `http_${xhr.status}`,
          detail: problem.detail,
        }),
      );
    };
    xhr.onerror = () =>
      reject(new ApiError({ type: "about:blank", title: "Network error", status: 0, code: "network_error" }));
    xhr.send(file);
  });
