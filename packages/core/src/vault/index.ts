import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/**
 * Personal data at rest (UU PDP 27/2022): envelope encryption with AES-256-GCM and a keyed hash
 * (blind index) so a NIK can be looked up without being stored in the clear.
 *
 * Where the keys come from:
 * - AWS: `ATENSI_PII_KEY_ARN` names a KMS key; each process asks KMS for a data key and stores the
 *   encrypted data key beside every ciphertext. `ATENSI_BLIND_INDEX_SECRET_ARN` names a Secrets
 *   Manager secret holding the HMAC key.
 * - Locally and in tests: `ATENSI_PII_KEY` and `ATENSI_BLIND_INDEX_KEY` (base64, 32 bytes),
 *   generated into `.data/` at first start by the local runtime.
 *
 * Sealed format: `v1.<data key: "local" or base64 KMS ciphertext>.<iv>.<ciphertext+tag>`.
 */
type DataKey = { plaintext: Buffer; reference: string };

const b64 = (b: Buffer | Uint8Array) => Buffer.from(b).toString("base64url");
const unb64 = (s: string) => Buffer.from(s, "base64url");

const localKey = (name: string) => {
  const value = process.env[name];
  if (!value) return undefined;
  const key = Buffer.from(value, "base64");
  if (key.length !== 32) throw new Error(`${name} must be 32 bytes, base64-encoded`);
  return key;
};

/** A KMS data key is reused for a while, as the AWS Encryption SDK's caching does. */
const DATA_KEY_TTL_MS = 5 * 60 * 1000;
let cachedDataKey: { key: DataKey; until: number } | undefined;
const openedKeys = new Map<string, Buffer>();
let blindKey: Buffer | undefined;

const kms = async () => {
  const { KMSClient, GenerateDataKeyCommand, DecryptCommand } = await import("@aws-sdk/client-kms");
  return { client: new KMSClient({}), GenerateDataKeyCommand, DecryptCommand };
};

const currentDataKey = async (): Promise<DataKey> => {
  const local = localKey("ATENSI_PII_KEY");
  if (local) return { plaintext: local, reference: "local" };
  const keyId = process.env.ATENSI_PII_KEY_ARN;
  if (!keyId) throw new Error("No encryption key: set ATENSI_PII_KEY (local) or ATENSI_PII_KEY_ARN (AWS)");
  if (cachedDataKey && cachedDataKey.until > Date.now()) return cachedDataKey.key;
  const { client, GenerateDataKeyCommand } = await kms();
  const out = await client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256" }));
  if (!out.Plaintext || !out.CiphertextBlob) throw new Error("KMS returned no data key");
  const key = { plaintext: Buffer.from(out.Plaintext), reference: b64(out.CiphertextBlob) };
  cachedDataKey = { key, until: Date.now() + DATA_KEY_TTL_MS };
  openedKeys.set(key.reference, key.plaintext);
  return key;
};

const dataKeyFor = async (reference: string) => {
  if (reference === "local") {
    const local = localKey("ATENSI_PII_KEY");
    if (!local) throw new Error("Sealed with the local key, but ATENSI_PII_KEY is not set");
    return local;
  }
  const known = openedKeys.get(reference);
  if (known) return known;
  const { client, DecryptCommand } = await kms();
  const out = await client.send(new DecryptCommand({ CiphertextBlob: unb64(reference) })).catch((error) => {
    // Operators need the key (disabled, scheduled for deletion, a grant missing) and the KMS
    // error's name; never the encrypted data key or what it protects. Callers answer 500.
    console.error(
      JSON.stringify({
        level: "error",
        msg: "vault: KMS could not decrypt a data key",
        keyId: process.env.ATENSI_PII_KEY_ARN,
        kmsError: (error as Error).name,
      }),
    );
    throw new Error("KMS could not decrypt the data key");
  });
  if (!out.Plaintext) throw new Error("KMS could not decrypt the data key");
  const key = Buffer.from(out.Plaintext);
  if (openedKeys.size > 1000) openedKeys.clear();
  openedKeys.set(reference, key);
  return key;
};

const blindIndexKey = async () => {
  if (blindKey) return blindKey;
  const local = localKey("ATENSI_BLIND_INDEX_KEY");
  if (local) {
    blindKey = local;
    return blindKey;
  }
  const arn = process.env.ATENSI_BLIND_INDEX_SECRET_ARN;
  if (!arn) {
    throw new Error(
      "No blind-index key: set ATENSI_BLIND_INDEX_KEY (local) or ATENSI_BLIND_INDEX_SECRET_ARN (AWS)",
    );
  }
  const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
  const out = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  if (!out.SecretString) throw new Error("The blind-index secret is empty");
  // The secret is a generated string; derive a fixed-size key from it.
  blindKey = Buffer.from(hkdfSync("sha256", out.SecretString, "", "atensi blind index", 32));
  return blindKey;
};

export namespace Vault {
  /** Encrypts a JSON value; the result is safe to store and to log. */
  export const seal = async (value: unknown): Promise<string> => {
    const { plaintext, reference } = await currentDataKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", plaintext, iv);
    const body = Buffer.concat([
      cipher.update(JSON.stringify(value), "utf8"),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return `v1.${reference}.${b64(iv)}.${b64(body)}`;
  };

  export const open = async <T = unknown>(sealed: string): Promise<T> => {
    const [version, reference, iv, body] = sealed.split(".");
    if (version !== "v1" || !reference || !iv || !body) throw new Error("Not a sealed value");
    const key = await dataKeyFor(reference);
    const bytes = unb64(body);
    const decipher = createDecipheriv("aes-256-gcm", key, unb64(iv));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const text = Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
    return JSON.parse(text.toString("utf8")) as T;
  };

  /**
   * A keyed hash of an identifier, per kind (a NIK and a No. KK with the same digits index
   * differently). Without the key the index cannot be reversed by enumerating the 16 digits.
   */
  export const blindIndex = async (kind: "nik" | "kk" | "document", value: string) =>
    createHmac("sha256", await blindIndexKey())
      .update(`${kind}:${value}`)
      .digest("base64url")
      .slice(0, 32);

  /** Fresh local keys, base64: for the local runtime's first start and for tests. */
  export const generateLocalKeys = () => ({
    ATENSI_PII_KEY: randomBytes(32).toString("base64"),
    ATENSI_BLIND_INDEX_KEY: randomBytes(32).toString("base64"),
  });
}
