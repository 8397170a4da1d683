import { hash, verify } from "@node-rs/argon2";

/** argon2id with OWASP's minimum profile (19 MiB, 2 passes, 1 lane). */
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

let dummy: Promise<string> | undefined;

/** Verifies even when there is no user, so response time does not reveal which emails exist. */
export const verifyPassword = async (stored: string | undefined, password: string) => {
  if (!stored) {
    dummy ??= hashPassword("not-a-real-password-just-timing");
    await verify(await dummy, password);
    return false;
  }
  return verify(stored, password);
};
