import { createHash, randomBytes } from "node:crypto";

export const newToken = () => randomBytes(32).toString("base64url");
/** Tokens are stored only as hashes, so a table dump grants no sessions. */
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
