import { randomBytes } from "node:crypto";
import {
  ApiKeyCreate,
  type ApiKey as ApiKeyView,
  ProgramCreate,
  ProgramListQuery,
  ProgramUpdate,
  type Program as ProgramView,
} from "@atensi/contracts";
import { hashToken } from "../auth/token";
import { shortLived } from "../cache";
import { Caller } from "../caller";
import { Change } from "../change";
import type { EntityItem } from "../db/entity";
import { nowISO, page } from "../db/support";
import { HubError } from "../error";
import { fn } from "../fn";
import { createID } from "../id";
import { Policy } from "../policy";
import { Unique } from "../unique";
import { Endpoint } from "../webhook/endpoint";
import { ApiKeyEntity, ProgramEntity } from "./entity";

export { ApiKeyEntity, ProgramEntity };

type ProgramItem = EntityItem<typeof ProgramEntity>;
type ApiKeyItem = EntityItem<typeof ApiKeyEntity>;

/**
 * A programme is read by every new referral and changes rarely: a short-lived cache (../cache),
 * evicted here on every change this process makes.
 */
const cached = shortLived<ProgramItem>({ version: (p) => p.version });

/** Every versioned change of a programme or an API key, with its audit event, in one transaction. */
const programs = Change.of({
  entity: ProgramEntity,
  type: "program",
  id: (program) => program.programID,
  keys: (program) => ({ programID: program.programID }),
  tenant: () => "",
  link: (program) => `/programs/${program.programID}`,
});
const apiKeys = Change.of({
  entity: ApiKeyEntity,
  type: "apikey",
  id: (key) => key.keyID,
  keys: (key) => ({ keyID: key.keyID }),
  tenant: () => "",
  link: (key) => `/programs/${key.programID}`,
});

export namespace Program {
  /** How the programme learns of a new referral: by webhook, or when it polls the API. */
  export const referralNotice = (programID: string) => Endpoint.referralNotice(programID);

  const withNotice = async (item: ProgramItem) => toView(item, await referralNotice(item.programID));

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
    const item = await programs.create(
      { ...data, programID, createdAt: now, updatedAt: now },
      {
        action: "program.created",
        data: { ...data },
        steps: [
          Unique.claim("program-code", data.code, programID, () =>
            HubError.conflict(`A programme with code ${data.code} already exists`, "program_code_taken"),
          ),
        ],
      },
    );
    return toView(item);
  });

  /** Without an authorization check: for core's own use (delivery, minimisation). */
  export const load = async (programID: string) => {
    const { data } = await ProgramEntity.get({ programID }).go();
    if (!data) throw HubError.notFound("Programme");
    return data;
  };

  /** The programme from the short-lived cache: for hot paths that only read it (a new referral). */
  export const current = (programID: string) => cached.through(programID, () => load(programID));

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
    Change.expect(expectedVersion, current.version);
    const changes = Change.diff(current, data);
    if (Object.keys(changes).length === 0) return withNotice(current);
    const updated = await programs.commit(current, {
      action: "program.updated",
      set: Change.newValues<ProgramItem>(changes),
      data: { changes },
    });
    cached.forget(programID);
    return withNotice(updated);
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
    const item = await apiKeys.create(
      {
        keyID,
        programID,
        name: data.name,
        prefix: secret.slice(0, KEY_PREFIX.length + 14),
        // Stored only as a hash, like session tokens: a table dump grants no access.
        hash: hashToken(secret),
        createdAt: now,
        updatedAt: now,
      },
      { action: "apikey.created", data: { programID, name: data.name } },
    );
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
    const updated = await apiKeys.commit(current, {
      action: "apikey.revoked",
      set: { revokedAt: nowISO() },
      data: { programID },
    });
    Caller.forgetApiKey(keyID);
    return toView(updated);
  };
}
