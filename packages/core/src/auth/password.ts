/** argon2id with OWASP's minimum profile (19 MiB, 2 passes, 1 lane). */
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** The native addon loads on the first password operation, not with every Lambda start. */
let argon2: Promise<typeof import("@node-rs/argon2")> | undefined;
const load = () => (argon2 ??= import("@node-rs/argon2"));

export const hashPassword = async (password: string) => (await load()).hash(password, OPTIONS);

const verify = async (stored: string, password: string) => (await load()).verify(stored, password);

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
