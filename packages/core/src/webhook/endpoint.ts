import { randomBytes } from "node:crypto";
import { EndpointCreate, EndpointUpdate, type Endpoint as EndpointView } from "@atensi/contracts";
import { Audit } from "../audit";
import { shortLived } from "../cache";
import { Database } from "../db";
import type { EntityItem } from "../db/entity";
import { atVersion, expectVersion, nowISO, txStep } from "../db/support";
import { HubError } from "../error";
import { fn } from "../fn";
import { createID } from "../id";
import { Policy } from "../policy";
import { Program } from "../program";
import { Vault } from "../vault";
import { EndpointEntity } from "./entity";
import { urlProblem } from "./guard";

type EndpointItem = EntityItem<typeof EndpointEntity>;
type StoredSecret = { id: string; sealed: string; createdAt: string; expiresAt?: string };

/** During a rotation the previous secret keeps signing for this long. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

const newSecret = () => `whsec_${randomBytes(32).toString("base64")}`;

const liveSecrets = (item: EndpointItem, at = Date.now()) =>
  (item.secrets as StoredSecret[]).filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > at);

/**
 * The delivery worker and the referral path read endpoints on every event; they change rarely.
 * Every change made here evicts them at once (`forget`); other processes see it within the
 * cache's few seconds. Opened secrets are cached by endpoint *and version*, so a rotation is
 * never signed with the secrets of the version before it once the endpoint is re-read.
 */
const byProgram = shortLived<EndpointItem[]>();
const broadcast = shortLived<EndpointItem[]>();
const single = shortLived<EndpointItem>({ version: (e) => e.version });
const opened = shortLived<string[]>();

const forget = (item: { endpointID: string; programID: string }) => {
  byProgram.forget(item.programID);
  broadcast.clear();
  single.forget(item.endpointID);
};

const checkUrl = async (url: string) => {
  const problem = await urlProblem(url);
  if (problem) throw HubError.input("The endpoint URL is not allowed", [{ field: "url", ...problem }]);
};

export namespace Endpoint {
  /** Every endpoint of a programme, from the short-lived cache. */
  const ofProgram = (programID: string) =>
    byProgram.through(programID, async () => {
      const { data } = await EndpointEntity.query.byProgram({ programID }).go({ pages: "all" });
      return data;
    });

  /**
   * How a programme learns of a new referral now: pushed to an enabled endpoint that takes
   * `referral.sent` (all events, or that type), else only when it polls the API.
   */
  export const referralNotice = async (programID: string): Promise<"webhook" | "poll"> => {
    const data = await ofProgram(programID);
    const pushed = data.some(
      (e) => e.enabled && (e.eventTypes.length === 0 || e.eventTypes.includes("referral.sent")),
    );
    return pushed ? "webhook" : "poll";
  };

  export const toView = (item: EndpointItem): EndpointView => ({
    id: item.endpointID,
    programID: item.programID,
    url: item.url,
    ...(item.description ? { description: item.description } : {}),
    eventTypes: item.eventTypes as EndpointView["eventTypes"],
    enabled: item.enabled,
    ...(item.disabledReason ? { disabledReason: item.disabledReason } : {}),
    ...(item.failingSince ? { failingSince: item.failingSince } : {}),
    secrets: liveSecrets(item).map(({ id, createdAt, expiresAt }) => ({
      id,
      createdAt,
      ...(expiresAt ? { expiresAt } : {}),
    })),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  });

  /** A new endpoint; its signing secret is in this answer only. */
  export const create = fn.on(EndpointCreate, async (programID, data) => {
    Policy.assert("integration.manage");
    await Program.load(programID);
    await checkUrl(data.url);
    const endpointID = createID("endpoint");
    const secret = newSecret();
    const now = nowISO();
    const audit = Audit.record({
      entityType: "endpoint",
      entityID: endpointID,
      version: 1,
      action: "endpoint.created",
      data: { programID, url: data.url, eventTypes: data.eventTypes },
    });
    const item: EndpointItem = {
      endpointID,
      programID,
      url: data.url,
      ...(data.description ? { description: data.description } : {}),
      eventTypes: data.eventTypes,
      enabled: true,
      secrets: [{ id: createID("secret"), sealed: await Vault.seal(secret), createdAt: now }],
      createdAt: now,
      updatedAt: now,
      version: 1,
      auditHash: audit.hash,
    };
    await Database.commit([txStep(EndpointEntity.create(item)), audit.step]);
    forget(item);
    return { ...toView(item), secret };
  });

  /** Without an authorization check: for the delivery worker. */
  export const load = async (endpointID: string) => {
    const { data } = await EndpointEntity.get({ endpointID }).go({ consistent: true });
    if (!data) throw HubError.notFound("Endpoint");
    return data;
  };

  /**
   * The endpoint as the delivery worker sees it: from the short-lived cache (the worker checks
   * `enabled` and the URL, SSRF included, at every attempt regardless).
   */
  export const current = (endpointID: string) => single.through(endpointID, () => load(endpointID));

  export const fromID = async (endpointID: string) => {
    Policy.assert("integration.read");
    return toView(await load(endpointID));
  };

  export const list = async (programID: string) => {
    Policy.assert("integration.read");
    await Program.load(programID);
    const { data } = await EndpointEntity.query.byProgram({ programID }).go({ pages: "all" });
    return { items: data.map(toView), nextCursor: null };
  };

  /**
   * The endpoints that receive an event (disabled ones too: their deliveries are recorded as
   * failed, so staff can redeliver once the endpoint is enabled again). An event addressed to a programme goes to that
   * programme's endpoints (all events, or the types they chose); an event for no programme in
   * particular (agreements, reports) only to endpoints that chose its type explicitly.
   */
  export const subscribers = async (programID: string | undefined, eventType: string) => {
    if (programID) {
      const all = await ofProgram(programID);
      return all.filter((e) => e.eventTypes.length === 0 || e.eventTypes.includes(eventType));
    }
    return broadcast.through(eventType, async () => {
      const { data } = await EndpointEntity.query
        .all({})
        .where((a, op) => op.contains(a.eventTypes, eventType))
        .go({ pages: "all" });
      return data;
    });
  };

  /** The plain secrets that sign a delivery now: the current one, plus the previous during a rotation. */
  export const signingSecrets = async (item: EndpointItem) => {
    const live = liveSecrets(item);
    // Keyed by the secrets in force, not only the version: a rotation's old secret stops at its expiry.
    const key = `${item.endpointID}:${item.version}:${live.map((s) => s.id).join(",")}`;
    return opened.through(key, () => Promise.all(live.map((s) => Vault.open<string>(s.sealed))));
  };

  const change = async (
    current: EndpointItem,
    action: string,
    set: Partial<EndpointItem>,
    data: Record<string, unknown>,
    remove: ("disabledReason" | "failingSince")[] = [],
    steps: Database.Step[] = [],
  ) => {
    const version = current.version + 1;
    const audit = Audit.record({
      entityType: "endpoint",
      entityID: current.endpointID,
      version,
      action,
      prevHash: current.auditHash,
      data,
    });
    const next = { ...set, updatedAt: nowISO(), version, auditHash: audit.hash };
    const patch = EndpointEntity.patch({ endpointID: current.endpointID }).set(next);
    await Database.commit([
      atVersion(remove.length ? patch.remove(remove) : patch, current.version),
      audit.step,
      ...steps,
    ]);
    forget(current);
    const updated = { ...current, ...next };
    for (const field of remove) delete updated[field];
    return updated;
  };

  export const update = fn.on(EndpointUpdate, async (endpointID, data, expectedVersion?: number) => {
    Policy.assert("integration.manage");
    const current = await load(endpointID);
    expectVersion(expectedVersion, current.version);
    if (data.url) await checkUrl(data.url);
    // Re-enabling starts a fresh failure window.
    const reenabled = data.enabled === true && !current.enabled;
    const updated = await change(
      current,
      "endpoint.updated",
      data,
      { changes: data },
      reenabled ? ["disabledReason", "failingSince"] : [],
    );
    return toView(updated);
  });

  /** A new signing secret; the previous one keeps signing for 24 hours so receivers can switch. */
  export const rotateSecret = async (endpointID: string, expectedVersion?: number) => {
    Policy.assert("integration.manage");
    const current = await load(endpointID);
    expectVersion(expectedVersion, current.version);
    const now = Date.now();
    const secret = newSecret();
    const expiresAt = new Date(now + ROTATION_OVERLAP_MS).toISOString();
    const secrets: StoredSecret[] = [
      ...liveSecrets(current, now).map((s) => ({ ...s, expiresAt: s.expiresAt ?? expiresAt })),
      { id: createID("secret"), sealed: await Vault.seal(secret), createdAt: nowISO() },
    ];
    const updated = await change(
      current,
      "endpoint.secret_rotated",
      { secrets },
      { previousExpiresAt: expiresAt },
    );
    return { ...toView(updated), secret };
  };

  /** The delivery worker's bookkeeping: a success clears the failure window. */
  export const recordSuccess = async (item: EndpointItem) => {
    if (!item.failingSince) return;
    await EndpointEntity.patch({ endpointID: item.endpointID })
      .remove(["failingSince"])
      .go()
      .catch(() => {});
    forget(item);
  };

  /** Starts the failure window at the first failure; returns when it started. */
  export const recordFailure = async (item: EndpointItem, at: string) => {
    if (item.failingSince) return item.failingSince;
    forget(item);
    try {
      await EndpointEntity.patch({ endpointID: item.endpointID })
        .set({ failingSince: at })
        .where((a, op) => op.notExists(a.failingSince))
        .go();
      return at;
    } catch {
      // Another attempt (or process) started the window first; the cached copy had not seen it.
      return (await load(item.endpointID).catch(() => undefined))?.failingSince ?? at;
    }
  };

  /**
   * Disabled by the system (410 Gone, or failing for too long): audited like any change. `notices`
   * are committed in the same transaction, so they go exactly when the endpoint is disabled.
   */
  export const disable = async (
    endpointID: string,
    reason: string,
    notices: (endpoint: EndpointItem) => Promise<Database.Step[]> = async () => [],
  ) => {
    const current = await load(endpointID);
    if (!current.enabled) return current;
    try {
      return await change(
        current,
        "endpoint.disabled",
        { enabled: false, disabledReason: reason },
        { reason },
        [],
        await notices(current),
      );
    } catch (error) {
      // Someone else changed it at the same moment; their change stands.
      if (error instanceof HubError && error.kind === "precondition") return load(endpointID);
      throw error;
    }
  };
}
