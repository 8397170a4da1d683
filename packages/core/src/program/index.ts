import { randomBytes } from "node:crypto";
import {
  ApiKeyCreate,
  type ApiKey as ApiKeyView,
  ProgramCreate,
  ProgramListQuery,
  ProgramUpdate,
  type Program as ProgramView,
} from "@atensi/contracts";
import { Audit } from "../audit";
import { hashToken } from "../auth/token";
import { Caller } from "../caller";
import { Database } from "../db";
import type { EntityItem } from "../db/entity";
import { atVersion, expectVersion, nowISO, page, txStep } from "../db/support";
import { HubError } from "../error";
import { fn } from "../fn";
import { createID } from "../id";
import { Policy } from "../policy";
import { Unique } from "../unique";
import { ApiKeyEntity, EndpointEntity, ProgramEntity } from "./entity";

export { ApiKeyEntity, EndpointEntity, ProgramEntity };

type ProgramItem = EntityItem<typeof ProgramEntity>;
type ApiKeyItem = EntityItem<typeof ApiKeyEntity>;

/**
 * How a programme learns of a new referral now: pushed to an enabled endpoint that takes
 * `referral.sent` (all events, or that type), else only when it polls the API.
 */
const noticeOf = async (programID: string): Promise<ProgramView["referralNotice"]> => {
  const { data } = await EndpointEntity.query.byProgram({ programID }).go({ pages: "all" });
  const pushed = data.some(
    (e) => e.enabled && (e.eventTypes.length === 0 || e.eventTypes.includes("referral.sent")),
  );
  return pushed ? "webhook" : "poll";
};

export namespace Program {
  export const referralNotice = noticeOf;

  const withNotice = async (item: ProgramItem) => toView(item, await noticeOf(item.programID));

  export const toView = (
    item: ProgramItem,
    referralNotice: ProgramView["referralNotice"] = "poll",
  ): ProgramView => ({
    id: item.programID,
    code: item.code,
    name: item.name,
    owningUnit: item.owningUnit,
    kind: item.kind as ProgramView["kind"],
    allowedFields: item.allowedFields as ProgramView["allowedFields"],
    referralNotice,
    ...(item.serviceLevels ? { serviceLevels: item.serviceLevels as ProgramView["serviceLevels"] } : {}),
    ...(item.contactEmails?.length ? { contactEmails: item.contactEmails } : {}),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  });

  export const create = fn(ProgramCreate, async (data) => {
    Policy.assert("program.manage");
    const programID = createID("program");
    const now = nowISO();
    const audit = Audit.record({
      entityType: "program",
      entityID: programID,
      version: 1,
      action: "program.created",
      data: { ...data },
    });
    const item: ProgramItem = {
      ...data,
      programID,
      createdAt: now,
      updatedAt: now,
      version: 1,
      auditHash: audit.hash,
    };
    await Database.commit([
      txStep(ProgramEntity.create(item)),
      audit.step,
      Unique.claim("program-code", data.code, programID, () =>
        HubError.conflict(`A programme with code ${data.code} already exists`, "program_code_taken"),
      ),
    ]);
    return toView(item);
  });

  /** Without an authorization check: for core's own use (delivery, minimisation). */
  export const load = async (programID: string) => {
    const { data } = await ProgramEntity.get({ programID }).go();
    if (!data) throw HubError.notFound("Programme");
    return data;
  };

  export const fromID = async (programID: string) => {
    Policy.assert("program.list");
    return withNotice(await load(programID));
  };

  export const list = fn(ProgramListQuery, async (q) => {
    Policy.assert("program.list");
    const result = await page(() =>
      ProgramEntity.query.byCode({}).go({ cursor: q.cursor ?? null, limit: q.limit ?? 50 }),
    );
    return { items: await Promise.all(result.items.map(withNotice)), nextCursor: result.nextCursor };
  });

  export const update = fn.on(ProgramUpdate, async (programID, data, expectedVersion?: number) => {
    Policy.assert("program.manage");
    const current = await load(programID);
    expectVersion(expectedVersion, current.version);
    const changes = Object.fromEntries(
      Object.entries(data)
        .filter(
          ([field, value]) => JSON.stringify(current[field as keyof ProgramItem]) !== JSON.stringify(value),
        )
        .map(([field, value]) => [field, { from: current[field as keyof ProgramItem], to: value }]),
    );
    if (Object.keys(changes).length === 0) return withNotice(current);
    const version = current.version + 1;
    const audit = Audit.record({
      entityType: "program",
      entityID: programID,
      version,
      action: "program.updated",
      prevHash: current.auditHash,
      data: { changes },
    });
    const set = { ...data, updatedAt: nowISO(), version, auditHash: audit.hash };
    await Database.commit([
      atVersion(ProgramEntity.patch({ programID }).set(set), current.version),
      audit.step,
    ]);
    return withNotice({ ...current, ...set });
  });
}

const KEY_PREFIX = "ahk_";

export namespace ApiKey {
  export const toView = (item: ApiKeyItem): ApiKeyView => ({
    id: item.keyID,
    programID: item.programID,
    name: item.name,
    prefix: item.prefix,
    createdAt: item.createdAt,
    ...(item.lastUsedAt ? { lastUsedAt: item.lastUsedAt } : {}),
    ...(item.revokedAt ? { revokedAt: item.revokedAt } : {}),
  });

  /**
   * A new key for a programme. The key is `ahk_<key id>.<secret>`: the id lets a call find its
   * record with one GetItem; only a SHA-256 of the whole key is stored, so it is shown once.
   */
  export const create = fn.on(ApiKeyCreate, async (programID, data) => {
    Policy.assert("integration.manage");
    await Program.load(programID);
    const keyID = createID("apiKey");
    const secret = `${KEY_PREFIX}${keyID.slice(4)}.${randomBytes(32).toString("base64url")}`;
    const now = nowISO();
    const audit = Audit.record({
      entityType: "apikey",
      entityID: keyID,
      version: 1,
      action: "apikey.created",
      data: { programID, name: data.name },
    });
    const item: ApiKeyItem = {
      keyID,
      programID,
      name: data.name,
      prefix: secret.slice(0, KEY_PREFIX.length + 14),
      // Stored only as a hash, like session tokens: a table dump grants no access.
      hash: hashToken(secret),
      createdAt: now,
      updatedAt: now,
      version: 1,
      auditHash: audit.hash,
    };
    await Database.commit([txStep(ApiKeyEntity.create(item)), audit.step]);
    return { ...toView(item), secret };
  });

  export const list = async (programID: string) => {
    Policy.assert("integration.read");
    await Program.load(programID);
    const { data } = await ApiKeyEntity.query.byProgram({ programID }).go({ order: "desc", pages: "all" });
    return { items: data.map(toView), nextCursor: null };
  };

  export const revoke = async (programID: string, keyID: string) => {
    Policy.assert("integration.manage");
    const { data: current } = await ApiKeyEntity.get({ keyID }).go({ consistent: true });
    if (!current || current.programID !== programID) throw HubError.notFound("API key");
    if (current.revokedAt) return toView(current);
    const version = current.version + 1;
    const audit = Audit.record({
      entityType: "apikey",
      entityID: keyID,
      version,
      action: "apikey.revoked",
      prevHash: current.auditHash,
      data: { programID },
    });
    const set = { revokedAt: nowISO(), updatedAt: nowISO(), version, auditHash: audit.hash };
    await Database.commit([atVersion(ApiKeyEntity.patch({ keyID }).set(set), current.version), audit.step]);
    Caller.forgetApiKey(keyID);
    return toView({ ...current, ...set });
  };
}
