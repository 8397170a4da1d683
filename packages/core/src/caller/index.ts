/**
 * Who is calling: a portal session or a programme's API key, resolved by the API's middleware on
 * every request before anything else runs.
 *
 * Kept apart from the auth and program modules (and their schemas) on purpose: it needs only the
 * session, partner and API-key tables, so a Lambda cold start loads this much and nothing of the
 * feature the request is for until the request reaches it.
 */
import { timingSafeEqual } from "node:crypto";
import type { Role } from "@atensi/contracts";
import type { UserActor } from "../actor";
import { SessionCache } from "../auth/cache";
import { shortLived } from "../cache";
import { SessionEntity } from "../auth/entity";
import { hashToken } from "../auth/token";
import type { EntityItem } from "../db/entity";
import { epochSeconds } from "../db/support";
import { PartnerEntity } from "../partner/entity";
import { ApiKeyEntity } from "../program/entity";
import { UnitEntity } from "../unit/entity";

type ApiKeyItem = EntityItem<typeof ApiKeyEntity>;

/** Keeps API-key checks off the table for repeated calls; revocation clears it (`forgetApiKey`). */
const KEY_CACHE_MS = 30_000;
const keyCache = new Map<string, { item: ApiKeyItem; until: number }>();

/** Active partners only: a partner that is not active is read again every time, so activation shows at once. */
const activePartners = shortLived<{ status: string; name: string }>();

export namespace Caller {
  /** A partner that is not active (pending, rejected, suspended) signs nobody in. */
  export const partnerStatus = async (partnerID: string) => {
    const { data } = await PartnerEntity.get({ partnerID }).go({ attributes: ["status", "name"] });
    return data;
  };

  /**
   * The partner if it is active, from the short-lived cache: for hot paths acting for a signed-in
   * user (a new referral). Status changes evict it in this process (`forgetPartner`).
   */
  export const activePartner = async (partnerID: string) => {
    // Concurrent misses share one read; a partner found not active is not kept.
    const partner = await activePartners.through(partnerID, async () => {
      const found = await partnerStatus(partnerID);
      return found ?? { status: "unknown", name: "" };
    });
    if (partner.status === "active") return partner;
    activePartners.forget(partnerID);
    return undefined;
  };

  export const forgetPartner = (partnerID: string) => activePartners.forget(partnerID);

  /** Turns a session token into the actor it stands for, or undefined when it is not valid. */
  export const fromSessionToken = async (token: string) => {
    const tokenHash = hashToken(token);
    const cached = SessionCache.get(tokenHash);
    if (cached) return cached;
    const { data } = await SessionEntity.get({ tokenHash }).go();
    if (!data || data.expiresAtEpoch <= epochSeconds()) return undefined;
    if (data.partnerID) {
      const partner = await partnerStatus(data.partnerID);
      if (partner?.status !== "active") return undefined;
    }
    // A staff user of a regional unit acts within its region; a national unit has none.
    const unit = data.unitID
      ? (await UnitEntity.get({ unitID: data.unitID }).go({ attributes: ["regions"] })).data
      : undefined;
    const resolved = {
      actor: {
        userID: data.userID,
        email: data.email,
        name: data.name,
        roles: data.roles as Role[],
        sessionID: data.sessionID,
        ...(data.partnerID ? { partnerID: data.partnerID } : {}),
        ...(data.unitID ? { unitID: data.unitID } : {}),
        ...(unit?.regions.length ? { regions: unit.regions } : {}),
      } satisfies UserActor["properties"],
      csrfToken: data.csrfToken,
      expiresAtMs: data.expiresAtEpoch * 1000,
    };
    SessionCache.set(tokenHash, resolved);
    return resolved;
  };

  /**
   * The programme a presented key belongs to, or undefined for an unknown, wrong or revoked key.
   * `lastUsedAt` is written at most once a minute per key.
   */
  export const fromApiKey = async (presented: string) => {
    const match = /^ahk_([0-9a-z]{26})\.[A-Za-z0-9_-]{43}$/.exec(presented);
    if (!match) return undefined;
    const keyID = `key_${match[1]}`;
    const cached = keyCache.get(keyID);
    let item = cached && cached.until > Date.now() ? cached.item : undefined;
    if (!item) {
      item = (await ApiKeyEntity.get({ keyID }).go()).data ?? undefined;
      if (!item) return undefined;
      keyCache.set(keyID, { item, until: Date.now() + KEY_CACHE_MS });
    }
    const expected = Buffer.from(item.hash, "hex");
    const actual = Buffer.from(hashToken(presented), "hex");
    if (!timingSafeEqual(expected, actual) || item.revokedAt) return undefined;
    const now = Date.now();
    if (!item.lastUsedAt || now - Date.parse(item.lastUsedAt) > 60_000) {
      const lastUsedAt = new Date(now).toISOString();
      item.lastUsedAt = lastUsedAt;
      // Bookkeeping only: not a change an actor makes, so not versioned or audited.
      await ApiKeyEntity.patch({ keyID })
        .set({ lastUsedAt })
        .go()
        .catch(() => {});
    }
    return { programID: item.programID, keyID };
  };

  export const forgetApiKey = (keyID: string) => keyCache.delete(keyID);
}
