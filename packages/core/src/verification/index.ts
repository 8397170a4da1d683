import { nowISO } from "../db/support";
import { HubError } from "../error";
import { Vault } from "../vault";
import { VerificationEntity } from "./entity";

export { VerificationEntity };

/** The printed documents (core's printable module) whose codes this module keeps. */
export type DocumentKind = "report" | "agreement" | "referral_letter";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * The code of one version of one document: a keyed hash (the blind-index key), so it cannot be
 * derived from the document's id, and the same version always prints the same code. 60 bits,
 * written as 12 Crockford base-32 characters in groups of four for reading over the phone.
 */
export const verificationCode = async (kind: DocumentKind, id: string, version: number) => {
  const bytes = Buffer.from(await Vault.blindIndex("document", `${kind}|${id}|${version}`), "base64url");
  let bits = 0n;
  for (const b of bytes.subarray(0, 8)) bits = (bits << 8n) | BigInt(b);
  let code = "";
  for (let i = 0; i < 12; i++) code += CROCKFORD[Number((bits >> BigInt(59 - i * 5)) & 31n)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
};

/** Accepts what people type: lower case, no dashes, O for 0, I/L for 1. */
const normalise = (code: string) => {
  const plain = code.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  return /^[0-9A-HJKMNP-TV-Z]{12}$/.test(plain)
    ? `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`
    : undefined;
};

export namespace Verification {
  /** Records a document's code (idempotent: the same version always has the same code). */
  export const issue = async (meta: {
    kind: DocumentKind;
    id: string;
    version: number;
    number: string;
    date: string;
  }) => {
    const code = await verificationCode(meta.kind, meta.id, meta.version);
    await VerificationEntity.put({
      code,
      kind: meta.kind,
      entityID: meta.id,
      number: meta.number,
      date: meta.date,
      version: meta.version,
      issuedAt: nowISO(),
    }).go();
    return code;
  };

  export const resolve = async (code: string) => {
    const normal = normalise(code);
    const { data } = normal ? await VerificationEntity.get({ code: normal }).go() : { data: null };
    if (!data) throw HubError.notFound("Document");
    return { code: data.code, kind: data.kind as DocumentKind, number: data.number, date: data.date };
  };
}
