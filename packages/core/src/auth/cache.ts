import type { UserActor } from "../actor";

/**
 * Resolved sessions are cached in-process for a short time so that an authenticated read costs
 * one DynamoDB read, not three. Revocation (sign-out, password change, partner suspension) evicts
 * locally at once; other processes (other Lambda instances) see it within CACHE_SECONDS.
 */
export const CACHE_SECONDS = 30;
const MAX_ENTRIES = 10_000;

export type CachedSession = {
  actor: UserActor["properties"];
  csrfToken: string;
  expiresAtMs: number;
  cachedUntilMs: number;
};

const entries = new Map<string, CachedSession>();

export namespace SessionCache {
  export const get = (tokenHash: string) => {
    const hit = entries.get(tokenHash);
    if (!hit) return undefined;
    const now = Date.now();
    if (hit.cachedUntilMs < now || hit.expiresAtMs < now) {
      entries.delete(tokenHash);
      return undefined;
    }
    return hit;
  };

  export const set = (tokenHash: string, session: Omit<CachedSession, "cachedUntilMs">) => {
    if (entries.size >= MAX_ENTRIES) {
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) entries.delete(oldest);
    }
    entries.set(tokenHash, { ...session, cachedUntilMs: Date.now() + CACHE_SECONDS * 1000 });
  };

  export const forget = (tokenHash: string) => entries.delete(tokenHash);

  export const forgetUser = (userID: string) => {
    for (const [key, s] of entries) if (s.actor.userID === userID) entries.delete(key);
  };

  export const forgetPartner = (partnerID: string) => {
    for (const [key, s] of entries) if (s.actor.partnerID === partnerID) entries.delete(key);
  };

  export const clear = () => entries.clear();
}
