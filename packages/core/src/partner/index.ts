import {
  ACCREDITATION_VALIDITY_YEARS,
  PartnerDecision,
  PartnerListQuery,
  PartnerRegistration,
  type PartnerStatus,
  PartnerUpdate,
  type Partner as PartnerView,
} from "@atensi/contracts";
import type * as v from "valibot";
import { Actor } from "../actor";
import { Audit } from "../audit";
import { SessionCache } from "../auth/cache";
import { revokeSessions } from "../auth/sessions";
import { Caller } from "../caller";
import { Change } from "../change";
import type { EntityItem } from "../db/entity";
import { nowISO, page } from "../db/support";
import { HubError } from "../error";
import { fn } from "../fn";
import { createID } from "../id";
import { Mail } from "../mail";
import { Policy } from "../policy";
import { Unique } from "../unique";
import { Unit } from "../unit";
import { AccountLink, User } from "../user";
import { PartnerEntity } from "./entity";

/** The registration e-mail's confirmation link is valid a week. */
const CONFIRMATION_DAYS = 7;

export { PartnerEntity };

type PartnerItem = EntityItem<typeof PartnerEntity>;

const TRANSITIONS = {
  verify: { from: ["pending_verification"], to: "active" },
  reject: { from: ["pending_verification"], to: "rejected" },
  suspend: { from: ["active"], to: "suspended" },
  reinstate: { from: ["suspended"], to: "active" },
} as const satisfies Record<string, { from: readonly PartnerStatus[]; to: PartnerStatus }>;
type Transition = keyof typeof TRANSITIONS;

const addYears = (isoDate: string, years: number) => {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
};

const today = () => new Date().toISOString().slice(0, 10);

/** Every versioned change of a partner, with its audit event, in one transaction. */
const changes = Change.of({
  entity: PartnerEntity,
  type: "partner",
  id: (partner) => partner.partnerID,
  keys: (partner) => ({ partnerID: partner.partnerID }),
  tenant: (partner) => partner.partnerID,
  link: () => "/partners/me",
  restate: (partner) => ({
    status: partner.status,
    provinceCode: partner.provinceCode,
    createdAt: partner.createdAt,
  }),
});

export namespace Partner {
  export const accreditationExpiry = (
    grade: keyof typeof ACCREDITATION_VALIDITY_YEARS,
    accreditedOn: string,
  ) => addYears(accreditedOn, ACCREDITATION_VALIDITY_YEARS[grade]);

  export const toView = (item: PartnerItem): PartnerView => ({
    id: item.partnerID,
    name: item.name,
    legalForm: item.legalForm as PartnerView["legalForm"],
    registrationNumber: item.registrationNumber,
    accreditation: item.accreditation as PartnerView["accreditation"],
    ...(item.npwp ? { npwp: item.npwp } : {}),
    provinceCode: item.provinceCode,
    regencyCode: item.regencyCode,
    address: item.address,
    clusters: item.clusters as PartnerView["clusters"],
    serviceBases: item.serviceBases as PartnerView["serviceBases"],
    contacts: item.contacts as PartnerView["contacts"],
    status: item.status as PartnerStatus,
    ...(item.statusReason ? { statusReason: item.statusReason } : {}),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  });

  /**
   * Public registration: a pending partner and its first admin user, with their uniqueness
   * guards and audit events, in one transaction. The admin can sign in once staff verify the LKS.
   */
  export const register = fn(PartnerRegistration, async (data) => {
    if (data.accreditation.accreditedOn > today()) {
      throw HubError.input("Accreditation date is in the future", [
        { field: "accreditation.accreditedOn", code: "date_future", message: "Cannot be in the future" },
      ]);
    }
    const partnerID = createID("partner");
    const now = nowISO();
    const { admin, accreditation, ...profile } = data;
    const item = {
      ...profile,
      partnerID,
      accreditation: {
        ...accreditation,
        expiresOn: accreditationExpiry(accreditation.grade, accreditation.accreditedOn),
      },
      status: "pending_verification",
      createdAt: now,
      updatedAt: now,
    };
    const user = await User.prepare({
      email: admin.email,
      name: admin.name,
      roles: ["lks_admin"],
      partnerID,
      password: admin.password,
      status: "active",
    });
    // The admin confirms the address through a link; staff see whether they did.
    const confirmation = AccountLink.issue("confirm", user.item.userID, CONFIRMATION_DAYS * 86400e3);
    const mail = await Mail.enqueue({
      to: admin.email,
      kind: "account.email_confirm",
      language: "id",
      userID: user.item.userID,
      content: {
        name: admin.name,
        params: { partner: profile.name },
        link: `/confirm-email#token=${encodeURIComponent(confirmation.token)}`,
      },
    });
    const registered = await changes.prepareCreate(item, {
      action: "partner.registered",
      data: { name: profile.name, registrationNumber: profile.registrationNumber },
      steps: [
        Unique.claim("partner-registration", profile.registrationNumber, partnerID, () =>
          HubError.conflict(
            "An LKS with this registration number is already registered",
            "registration_number_taken",
          ),
        ),
        ...user.steps,
        confirmation.step,
        mail.step,
      ],
    });
    await Change.run([registered]);
    return toView(registered.updated);
  });

  /** The stored partner without an authorization check, for core's own use (agreements). */
  export const load = async (partnerID: string) => {
    const { data } = await PartnerEntity.get({ partnerID }).go({ consistent: true });
    if (!data) throw HubError.notFound("Partner");
    return data;
  };

  /** One partner, as the caller may see it. */
  export const fromID = async (partnerID: string) => {
    Policy.assert("partner.read", { partnerID }, "Partner");
    const { data } = await PartnerEntity.get({ partnerID }).go();
    if (!data) throw HubError.notFound("Partner");
    Policy.assert("partner.read", data, "Partner");
    return toView(data);
  };

  /**
   * Partners in a region of work, newest first: one Query per province of the scope (by status
   * when given), narrowed to the scope's regencies where it names some.
   */
  const listInScope = (regions: readonly string[], q: PartnerListQuery) =>
    Unit.merged<PartnerItem>({
      parts: Unit.parts(regions).filter((p) => !q.province || p.provinceCode === q.province),
      order: "desc",
      limit: q.limit ?? 25,
      cursor: q.cursor,
      sort: (item) => item.createdAt,
      id: (item) => item.partnerID,
      query: (part, from, cursor, limit) => {
        const query = q.status
          ? PartnerEntity.query.byStatus({ status: q.status, provinceCode: part.provinceCode })
          : PartnerEntity.query.byProvince({ provinceCode: part.provinceCode });
        // By status the sort key is province + date: bound it below by the province too.
        const bounded = !from
          ? q.status
            ? query.begins({ provinceCode: part.provinceCode })
            : query
          : q.status
            ? query.between(
                { provinceCode: part.provinceCode },
                { provinceCode: part.provinceCode, createdAt: from },
              )
            : query.lte({ createdAt: from });
        const narrowed = part.regencies
          ? bounded.where((a, op) => Unit.inRegencies(part.regencies!, a, op))
          : bounded;
        return narrowed.go({ cursor, limit, order: "desc" });
      },
    });

  /** The ids of the LKS in a region of work (for lists kept per LKS, e.g. referrals by sender). */
  export const idsInScope = async (regions: readonly string[]) => {
    const ids: string[] = [];
    for (const part of Unit.parts(regions)) {
      const query = PartnerEntity.query.byProvince({ provinceCode: part.provinceCode });
      const { data } = await (part.regencies
        ? query.where((a, op) => Unit.inRegencies(part.regencies!, a, op))
        : query
      ).go({ pages: "all", attributes: ["partnerID"] });
      ids.push(...data.map((p) => p.partnerID));
    }
    return ids;
  };

  export const list = fn(PartnerListQuery, async (q) => {
    Policy.assert("partner.list");
    const regions = Unit.scope();
    if (regions) return listInScope(regions, q).then((r) => ({ ...r, items: r.items.map(toView) }));
    const options = { cursor: q.cursor ?? null, limit: q.limit ?? 25, order: "desc" as const };
    const run = async () => {
      if (q.status) {
        const byStatus = PartnerEntity.query.byStatus({ status: q.status });
        return q.province ? byStatus.begins({ provinceCode: q.province }).go(options) : byStatus.go(options);
      }
      if (q.province) return PartnerEntity.query.byProvince({ provinceCode: q.province }).go(options);
      return PartnerEntity.query.all({}).go(options);
    };
    const result = await page(run);
    return { items: result.items.map(toView), nextCursor: result.nextCursor };
  });

  const PAST = {
    verify: "verified",
    reject: "rejected",
    suspend: "suspended",
    reinstate: "reinstated",
  } as const;

  const decide = (transition: Transition, partnerID: string, expectedVersion?: number, reason?: string) =>
    Change.latest(expectedVersion, () => decideOnce(transition, partnerID, expectedVersion, reason));

  const decideOnce = async (
    transition: Transition,
    partnerID: string,
    expectedVersion: number | undefined,
    reason?: string,
  ) => {
    Policy.assert(`partner.${transition}`, { partnerID }, "Partner");
    const current = await load(partnerID);
    Policy.assert(`partner.${transition}`, current, "Partner");
    Change.expect(expectedVersion, current.version);
    const rule = TRANSITIONS[transition];
    if (!(rule.from as readonly string[]).includes(current.status)) {
      const allowed = (Object.keys(TRANSITIONS) as Transition[]).filter((t) =>
        (TRANSITIONS[t].from as readonly string[]).includes(current.status),
      );
      throw HubError.conflict(
        `A partner that is ${current.status} cannot be ${transition === "verify" ? "verified" : `${transition}ed`}`,
        "illegal_transition",
        allowed,
      );
    }
    const now = nowISO();
    const updated = await changes.commit(current, {
      action: `partner.${transition}`,
      set: {
        status: rule.to,
        ...(reason ? { statusReason: reason } : {}),
        ...(transition === "verify" ? { verifiedAt: now } : {}),
      },
      remove: reason ? [] : ["statusReason"],
      data: { from: current.status, to: rule.to, ...(reason ? { reason } : {}) },
      notify: [
        {
          audience: partnerID,
          kind: `partner.${PAST[transition]}`,
          params: { partner: current.name, ...(reason ? { reason } : {}) },
        },
      ],
    });
    SessionCache.forgetPartner(partnerID);
    Caller.forgetPartner(partnerID);
    if (transition === "suspend") {
      // A suspension ends every session of the LKS's users: reinstatement must not revive them.
      const users = await User.idsOfTenant(partnerID);
      await Promise.all(users.map((userID) => revokeSessions(userID)));
    }
    return toView(updated);
  };

  export const verify = (partnerID: string, expectedVersion?: number) =>
    decide("verify", partnerID, expectedVersion);

  export const reject = fn.on(PartnerDecision, (partnerID, { reason }, expectedVersion?: number) =>
    decide("reject", partnerID, expectedVersion, reason),
  );

  export const suspend = fn.on(PartnerDecision, (partnerID, { reason }, expectedVersion?: number) =>
    decide("suspend", partnerID, expectedVersion, reason),
  );

  export const reinstate = (partnerID: string, expectedVersion?: number) =>
    decide("reinstate", partnerID, expectedVersion);

  /**
   * An LKS admin edits its own profile. The audit event records each changed field with its old
   * and new value; unchanged fields are not rewritten.
   */
  export const update = fn.on(PartnerUpdate, async (partnerID, data, expectedVersion?: number) => {
    Policy.assert("partner.update", { partnerID }, "Partner");
    const current = await load(partnerID);
    Change.expect(expectedVersion, current.version);
    if (current.status === "rejected") {
      throw HubError.conflict("A rejected registration cannot be edited; register again", "partner_rejected");
    }
    if (data.accreditation && data.accreditation.accreditedOn > today()) {
      throw HubError.input("Accreditation date is in the future", [
        { field: "accreditation.accreditedOn", code: "date_future", message: "Cannot be in the future" },
      ]);
    }
    const next: Partial<PartnerItem> = {
      ...data,
      ...(data.accreditation
        ? {
            accreditation: {
              ...data.accreditation,
              expiresOn: accreditationExpiry(data.accreditation.grade, data.accreditation.accreditedOn),
            },
          }
        : {}),
    };
    const diff = Change.diff(current, next);
    if (Object.keys(diff).length === 0) return toView(current);
    const updated = await changes.commit(current, {
      action: "partner.updated",
      set: Change.newValues<PartnerItem>(diff),
      data: { changes: diff },
    });
    // The name travels on new referrals as their sender's.
    Caller.forgetPartner(partnerID);
    return toView(updated);
  });

  export const auditTrail = async (partnerID: string) => {
    Policy.assert("partner.audit", { partnerID }, "Partner");
    const current = await load(partnerID);
    Policy.assert("partner.audit", current, "Partner");
    return Audit.trail(partnerID, current.auditHash);
  };

  /** Own partner of the signed-in LKS user. */
  export const mine = async () => {
    Actor.assert("user");
    const tenant = Actor.tenant();
    if (!tenant) throw HubError.notFound("Partner");
    return fromID(tenant);
  };

  export type View = PartnerView;
  export const Schema = { PartnerRegistration, PartnerDecision, PartnerListQuery } satisfies Record<
    string,
    v.GenericSchema
  >;
}
