import type { NotificationParams } from "@atensi/contracts";
import {
  type Beneficiary,
  type BeneficiaryField,
  ErasureConfirm,
  ReferralInboxQuery as InboxQuery,
  type LegalBasis,
  maskIdentity,
  OPEN_REFERRAL_STATUSES,
  REFERRAL_TRANSITIONS,
  type ReferralAction,
  ReferralCreate,
  ReferralListQuery,
  ReferralNote,
  ReferralResponse,
  type ReferralStatus,
  type Referral as ReferralView,
  SENDER_ACTIONS,
  type SenderAction,
  SlaQuery,
  type SlaUnit,
} from "@atensi/contracts";
import { Actor, STAFF_TENANT } from "../actor";
import { Audit } from "../audit";
import { Caller } from "../caller";
import { Change } from "../change";
import { Clock } from "../clock";
import type { EntityItem } from "../db/entity";
import { nowISO, page, txStep } from "../db/support";
import { HubError } from "../error";
import { fn } from "../fn";
import { createID } from "../id";
import { Idempotency } from "../idempotency";
import { Mail, mailIDFor } from "../mail";
import { Notification } from "../notification";
import { Partner } from "../partner";
import { Policy } from "../policy";
import { Program } from "../program";
import { Unit } from "../unit";
import { Vault } from "../vault";
import { Delivery } from "../webhook";
import { ReferralClockEntity, ReferralEntity, SlaMonthEntity } from "./entity";
import { type ErasureState, erasureView, NEVER, Sla, type SlaState, staffEscalationAt } from "./sla";

export { ReferralClockEntity, ReferralEntity, SlaMonthEntity };

type ReferralItem = EntityItem<typeof ReferralEntity>;
type Personal = { beneficiary: Beneficiary; needs: string; reason: string; legalBasis: LegalBasis };
/** Who reads decides what a view carries: a programme sees only its allowed fields. */
type Reader = { kind: "portal" } | { kind: "program"; allowed: readonly BeneficiaryField[] };

const PORTAL: Reader = { kind: "portal" };

const view = async (item: ReferralItem, reader: Reader): Promise<ReferralView> => {
  // Once consent is withdrawn the programme may no longer process the person's data: it gets
  // the referral's bare facts only. The sender keeps its own record.
  if (reader.kind === "program" && item.status === "consent_withdrawn")
    reader = { kind: "program", allowed: [] };
  const p = await Vault.open<Personal>(item.personal);
  const b = p.beneficiary;
  const may = (field: BeneficiaryField) => reader.kind === "portal" || reader.allowed.includes(field);
  // NIK and No. KK in full only to the receiving programme (to match its own registry);
  // portal users see them masked, since nobody needs to read them back.
  const identity = (digits: string) => (reader.kind === "program" ? digits : maskIdentity(digits));
  return {
    id: item.referralID,
    programID: item.programID,
    programCode: item.programCode,
    sender: {
      ...(item.senderID !== STAFF_TENANT ? { partnerID: item.senderID } : {}),
      name: item.senderName,
    },
    status: item.status as ReferralStatus,
    urgency: item.urgency as ReferralView["urgency"],
    sequence: item.sequence,
    beneficiary: {
      ...(may("nik") ? { nik: identity(b.nik) } : {}),
      ...(may("kk") ? { kk: identity(b.kk) } : {}),
      ...(may("name") ? { name: b.name } : {}),
      ...(may("birthDate") ? { birthDate: b.birthDate } : {}),
      ...(may("sex") ? { sex: b.sex } : {}),
      ...(may("address") ? { address: { street: b.address.street } } : {}),
      ...(may("region")
        ? { region: { provinceCode: item.provinceCode, regencyCode: item.regencyCode } }
        : {}),
      ...(reader.kind === "portal" && b.disability !== undefined ? { disability: b.disability } : {}),
    },
    ...(may("criteria") ? { criteria: item.criteria as ReferralView["criteria"] } : {}),
    ...(may("needs") ? { needs: p.needs } : {}),
    ...(may("reason") ? { reason: p.reason } : {}),
    ...(may("legalBasis") ? { legalBasis: p.legalBasis } : {}),
    ...(item.response ? { response: item.response as ReferralView["response"] } : {}),
    ...(item.duplicateReason ? { duplicateReason: item.duplicateReason } : {}),
    ...(reader.kind === "portal" ? { allowed: senderAllowed(item) } : {}),
    ...(item.sla ? { sla: Sla.view(item.sla as SlaState) } : {}),
    ...(item.erasure ? { erasure: erasureView(item.erasure as ErasureState) } : {}),
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
};

/** What the sender may do now, by the rules `senderAction` enforces (status, policy, legal basis). */
const senderAllowed = (item: ReferralItem): SenderAction[] =>
  SENDER_ACTIONS.filter(
    (action) =>
      (REFERRAL_TRANSITIONS[action].from as readonly string[]).includes(item.status) &&
      Policy.allows(action === "cancel" ? "referral.cancel" : "referral.withdraw_consent", {
        partnerID: item.senderID,
      }) &&
      (action !== "withdraw_consent" || item.legalBasisType === "consent"),
  );

/** One referral for the portal, with how its programme learns of it now. */
const portalView = async (item: ReferralItem): Promise<ReferralView> => ({
  ...(await view(item, PORTAL)),
  notice: await Program.referralNotice(item.programID),
});

const programReader = async (programID: string): Promise<Reader> => ({
  kind: "program",
  allowed: (await Program.load(programID)).allowedFields as BeneficiaryField[],
});

const load = async (referralID: string) => {
  const { data } = await ReferralEntity.get({ referralID }).go({ consistent: true });
  if (!data) throw HubError.notFound("Referral");
  return data;
};

/** Whose referral it is and where (the person's province and regency/city), for the policy. */
const placeOf = (item: ReferralItem) => ({
  partnerID: item.senderID,
  provinceCode: item.provinceCode,
  regencyCode: item.regencyCode,
});

/** Loads a referral the current actor may see, or answers 404 as if it did not exist. */
const loadReadable = async (referralID: string) => {
  const item = await load(referralID);
  const actor = Actor.use();
  if (actor.type === "program") {
    if (item.programID !== actor.properties.programID) throw HubError.notFound("Referral");
  } else {
    Policy.assert("referral.read", placeOf(item), "Referral");
  }
  return item;
};

const readerFor = async (item: ReferralItem) => {
  const actor = Actor.use();
  return actor.type === "program" ? programReader(item.programID) : PORTAL;
};

const withoutNote = (response: Record<string, unknown> | undefined) => {
  const { note: _note, ...rest } = response ?? {};
  return rest;
};

/** Every change of a referral: its audit event and outbox event, with the referral. */
const changes = Change.of({
  entity: ReferralEntity,
  type: "referral",
  id: (item) => item.referralID,
  keys: (item) => ({ referralID: item.referralID }),
  tenant: (item) => item.senderID,
  link: (item) => `/referrals/${item.referralID}`,
  restate: (item) => ({ programID: item.programID }),
  // The timeline lists the deliveries of these events.
  eventIDs: (item, eventID) => ({ eventIDs: [...item.eventIDs, eventID] }),
});

type Step = {
  action: ReferralAction;
  data: Record<string, unknown>;
  response?: Record<string, unknown>;
  event?: { type: string; data: (sequence: number) => Record<string, unknown> };
  /** The sender's notice: the kind (`referral.<past tense>`) and its params. */
  notifySender?: { kind: string; params: NotificationParams };
  idempotency?: Idempotency.Request;
};

/**
 * One step of the referral's workflow; with an idempotency key, its answer is kept with it and
 * is the answer (`answer`), so a replay is the same to the byte (its clocks' seconds included).
 */
const transition = async (current: ReferralItem, step: Step, expectedVersion?: number) => {
  Change.expect(expectedVersion, current.version);
  const rule = REFERRAL_TRANSITIONS[step.action];
  const to = Change.transition(
    REFERRAL_TRANSITIONS,
    step.action,
    current.status,
    "A referral",
    (other) => other.by === rule.by,
  );
  const sequence = current.sequence + 1;
  const clocks = Sla.onAction(
    current.referralID,
    current.programID,
    current.sla as SlaState | undefined,
    step.action,
  );
  const prepared = await changes.prepare(current, {
    action: `referral.${step.action}`,
    // A decision after its deadline is taken as usual and marked late.
    data: { from: current.status, to, sequence, ...step.data, ...(clocks.late ? { late: true } : {}) },
    ...(clocks.steps.length ? { steps: clocks.steps } : {}),
    set: {
      status: to,
      sequence,
      ...(clocks.state ? { sla: clocks.state } : {}),
      ...(clocks.erasure ? { erasure: clocks.erasure } : {}),
      // Details accumulate (reason code, enrolment, outcome); the note is the latest action's.
      ...(step.response
        ? {
            response: {
              ...withoutNote(current.response as Record<string, unknown> | undefined),
              ...step.response,
            },
          }
        : {}),
    },
    ...(step.event
      ? {
          event: {
            type: step.event.type,
            programID: current.programID,
            data: step.event.data(sequence),
          },
        }
      : {}),
    ...(step.notifySender ? { notify: [{ audience: current.senderID, ...step.notifySender }] } : {}),
  });
  const answer = step.idempotency
    ? { status: 200, body: await view(prepared.updated, await programReader(current.programID)) }
    : undefined;
  await Change.run(
    [prepared],
    step.idempotency && answer ? [Idempotency.step(step.idempotency, answer)] : [],
  );
  return { updated: prepared.updated, answer };
};

/**
 * The person's open referrals to the programme (one Query of their few referrals by the NIK
 * blind index). A check before the write, not a guard: two senders racing can both pass, and
 * the programme's `duplicate` rejection code covers that rare case.
 */
const openReferralsOf = async (nikIndex: string, programID: string) => {
  const { data } = await ReferralEntity.query
    .byNik({ nikIndex })
    .where((a, op) =>
      [
        op.eq(a.programID, programID),
        `(${OPEN_REFERRAL_STATUSES.map((status) => op.eq(a.status, status)).join(" OR ")})`,
      ].join(" AND "),
    )
    .go({ pages: "all", attributes: ["senderName"] });
  return data;
};

export namespace Referral {
  /** What an LKS referred in a date range (programme and status only), for its periodic report. */
  export const sentBetween = async (senderID: string, start: string, end: string) =>
    (
      await ReferralEntity.query
        .bySender({ senderID })
        .between({ createdAt: `${start}T00:00:00.000Z` }, { createdAt: `${end}T23:59:59.999Z` })
        .go({ pages: "all", attributes: ["programCode", "status"] })
    ).data;

  export type View = ReferralView;

  /** An LKS user (or staff) refers a person to a programme; the programme is told by webhook. */
  export const create = fn(ReferralCreate, async (data) => {
    const tenant = Actor.tenant();
    Policy.assert("referral.create", { partnerID: tenant });
    // Both from short-lived caches: a referral's only DynamoDB call is its transaction.
    const program = await Program.current(data.programID).catch(() => {
      throw HubError.input("Unknown programme", [
        { field: "programID", code: "unknown_program", message: "No such programme" },
      ]);
    });
    let senderName = "Kementerian Sosial";
    if (tenant) {
      const partner = await Caller.activePartner(tenant);
      if (!partner) {
        throw HubError.precondition("Only a verified, active LKS can refer", "partner_not_active");
      }
      senderName = partner.name;
    }
    const nikIndex = await Vault.blindIndex("nik", data.beneficiary.nik);
    const existing = await openReferralsOf(nikIndex, program.programID);
    // The sender learns only that the person is already referred there, and by whom (a unit,
    // never the other referral's contents); it may still send, saying why.
    if (existing.length && !data.duplicateReason) {
      throw new HubError(
        "conflict",
        "duplicate_referral",
        `This person already has an open referral to ${program.code}; give duplicateReason to send anyway`,
        {
          errors: [
            {
              field: "duplicateReason",
              code: "duplicate_reason",
              message: "Say why this person is referred again",
            },
          ],
          existing: existing.map((r) => ({ sender: r.senderName })),
        },
      );
    }
    const referralID = createID("referral");
    const now = nowISO();
    const senderID = tenant ?? STAFF_TENANT;
    const clocks = Sla.start(referralID, program, data.urgency);
    const personal: Personal = {
      beneficiary: data.beneficiary,
      needs: data.needs,
      reason: data.reason,
      legalBasis: data.legalBasis,
    };
    const draft = {
      referralID,
      programID: program.programID,
      programCode: program.code,
      senderID,
      senderName,
      status: "sent",
      urgency: data.urgency,
      sequence: 1,
      criteria: data.criteria,
      provinceCode: data.beneficiary.address.provinceCode,
      regencyCode: data.beneficiary.address.regencyCode,
      legalBasisType: data.legalBasis.type,
      personal: await Vault.seal(personal),
      nikIndex,
      kkIndex: await Vault.blindIndex("kk", data.beneficiary.kk),
      eventIDs: [] as string[],
      ...(existing.length && data.duplicateReason ? { duplicateReason: data.duplicateReason } : {}),
      sla: clocks.state,
      createdAt: now,
      updatedAt: now,
    } satisfies Omit<ReferralItem, "version" | "auditHash">;
    const programView = await view(
      { ...draft, version: 1, auditHash: "" },
      {
        kind: "program",
        allowed: program.allowedFields as BeneficiaryField[],
      },
    );
    const item = await changes.create(draft, {
      action: "referral.sent",
      data: {
        programID: program.programID,
        urgency: data.urgency,
        criteria: data.criteria,
        sequence: 1,
        acknowledgeBy: clocks.state.acknowledgeBy,
        decideBy: clocks.state.decideBy,
        ...(existing.length ? { duplicates: existing.length, duplicateReason: data.duplicateReason } : {}),
      },
      event: { type: "referral.sent", programID: program.programID, data: { referral: programView } },
      steps: clocks.steps,
    });
    return portalView(item);
  });

  export const fromID = async (referralID: string) => {
    const item = await loadReadable(referralID);
    return Actor.use().type === "program" ? view(item, await readerFor(item)) : portalView(item);
  };

  /**
   * Lists what the actor may see: a programme its own referrals (oldest change first, for
   * syncing with `updated_since`); an LKS its own; staff all. Newest first in the portal.
   */
  export const list = fn(ReferralListQuery, async (q) => {
    const actor = Actor.use();
    const options = { cursor: q.cursor ?? null, limit: q.limit ?? 25 };
    const nikIndex = q.nik ? await Vault.blindIndex("nik", q.nik) : undefined;
    let reader: Reader = PORTAL;
    let run: () => Promise<{ data: ReferralItem[]; cursor: string | null }>;
    if (actor.type === "program") {
      const programID = actor.properties.programID;
      reader = await programReader(programID);
      const since = q.updated_since ? new Date(q.updated_since).toISOString() : undefined;
      const base = q.status
        ? ReferralEntity.query.byProgramStatus({ programID, status: q.status })
        : ReferralEntity.query.byProgram({ programID });
      const ranged = since ? base.gte({ updatedAt: since }) : base;
      const filtered = nikIndex ? ranged.where((a, op) => op.eq(a.nikIndex, nikIndex)) : ranged;
      run = () => filtered.go({ ...options, order: "asc" });
    } else {
      const tenant = Actor.tenant();
      Policy.assert("referral.list", { partnerID: tenant });
      type Op = { eq: (attribute: unknown, value: string) => string };
      const where = (a: Record<"status" | "programID" | "senderID", unknown>, op: Op) =>
        [
          q.status ? op.eq(a.status, q.status) : "",
          q.programID ? op.eq(a.programID, q.programID) : "",
          tenant && nikIndex ? op.eq(a.senderID, tenant) : "",
        ]
          .filter(Boolean)
          .join(" AND ");
      const newest = { ...options, order: "desc" as const };
      const regions = Unit.scope();
      if (regions && !nikIndex) {
        const merged = await listInScope(regions, where, q.limit ?? 25, q.cursor);
        return {
          items: await Promise.all(merged.items.map((i) => view(i, reader))),
          nextCursor: merged.nextCursor,
        };
      }
      if (nikIndex && regions)
        run = () =>
          ReferralEntity.query
            .byNik({ nikIndex })
            .where(where as never)
            .where((a, op) => Unit.where(regions, a, op))
            .go(newest);
      else if (nikIndex)
        run = () =>
          ReferralEntity.query
            .byNik({ nikIndex })
            .where(where as never)
            .go(newest);
      else if (tenant)
        run = () =>
          ReferralEntity.query
            .bySender({ senderID: tenant })
            .where(where as never)
            .go(newest);
      else if (q.programID && q.status)
        run = () =>
          ReferralEntity.query.byProgramStatus({ programID: q.programID!, status: q.status! }).go(newest);
      else if (q.programID)
        run = () => ReferralEntity.query.byProgram({ programID: q.programID! }).go(newest);
      else
        run = () =>
          ReferralEntity.query
            .all({})
            .where(where as never)
            .go(newest);
    }
    const result = await page(run);
    return {
      items: await Promise.all(result.items.map((i) => view(i, reader))),
      nextCursor: result.nextCursor,
    };
  });

  /**
   * Referrals for a regional unit: those the LKS of its region sent about people in its region,
   * newest first; one Query per LKS (by sender), merged.
   */
  const listInScope = async (
    regions: readonly string[],
    where: unknown,
    limit: number,
    cursor: string | null | undefined,
  ) =>
    Unit.merged<ReferralItem, string>({
      parts: await Partner.idsInScope(regions),
      order: "desc",
      limit,
      cursor,
      sort: (item) => item.createdAt,
      id: (item) => item.referralID,
      query: (senderID, from, next, max) => {
        const query = ReferralEntity.query.bySender({ senderID });
        return (from ? query.lte({ createdAt: from }) : query)
          .where(where as never)
          .where((a, op) => Unit.where(regions, a, op))
          .go({ cursor: next, limit: max, order: "desc" });
      },
    });

  /** The referral's history (who changed what, when) and where its events were delivered. */
  export const timeline = async (referralID: string) => {
    // Portal users only: the timeline names people and carries notes a programme must not get.
    Actor.assert("user");
    const item = await loadReadable(referralID);
    const [trail, deliveries] = await Promise.all([
      Audit.trail(referralID, item.auditHash),
      Delivery.ofEvents(item.eventIDs),
    ]);
    return {
      items: trail.items.map((e) => ({
        action: e.action,
        at: e.at,
        actor: e.actor,
        version: e.version,
        data: e.data,
      })),
      deliveries: deliveries.map(({ id, eventType, status, attempts, lastStatusCode, updatedAt }) => ({
        id,
        eventType,
        status,
        attempts,
        ...(lastStatusCode !== undefined ? { lastStatusCode } : {}),
        updatedAt,
      })),
      verification: trail.verification,
    };
  };

  const senderAction = async (
    action: "cancel" | "withdraw_consent",
    referralID: string,
    note: string,
    expectedVersion?: number,
  ) => {
    const item = await load(referralID);
    Policy.assert(
      action === "cancel" ? "referral.cancel" : "referral.withdraw_consent",
      placeOf(item),
      "Referral",
    );
    if (action === "withdraw_consent" && item.legalBasisType !== "consent") {
      throw HubError.conflict(
        "This referral rests on a public task, not on consent",
        "not_consent_based",
        [],
      );
    }
    const type = action === "cancel" ? "referral.cancelled" : "referral.consent_withdrawn";
    const { updated } = await transition(
      item,
      {
        action,
        data: { note },
        event: {
          type,
          data: (sequence) => ({
            referral: {
              id: item.referralID,
              programID: item.programID,
              status: REFERRAL_TRANSITIONS[action].to,
              sequence,
            },
            note,
            ...(action === "withdraw_consent"
              ? {
                  instruction:
                    "Stop processing this person's data for this referral and erase what you received",
                }
              : {}),
          }),
        },
      },
      expectedVersion,
    );
    return view(updated, PORTAL);
  };

  export const cancel = fn.on(ReferralNote, (referralID, { note }, expectedVersion?: number) =>
    Change.latest(expectedVersion, () => senderAction("cancel", referralID, note, expectedVersion)),
  );

  export const withdrawConsent = fn.on(ReferralNote, (referralID, { note }, expectedVersion?: number) =>
    Change.latest(expectedVersion, () => senderAction("withdraw_consent", referralID, note, expectedVersion)),
  );

  /**
   * A programme answers: acknowledge, accept, reject (coded), enroll, close (outcome). With an
   * `Idempotency-Key` a repeated request replays the first answer and changes nothing.
   */
  export const respond = fn.on(
    ReferralResponse,
    async (
      referralID,
      data,
      options: { idempotencyKey?: string; expectedVersion?: number } = {},
    ): Promise<{ status: number; body: unknown }> => {
      const actor = Actor.assert("program");
      const idempotency = options.idempotencyKey
        ? {
            scope: `program#${actor.properties.programID}`,
            key: options.idempotencyKey,
            fingerprint: { referralID, input: data },
          }
        : undefined;
      if (idempotency) {
        const replay = await Idempotency.lookup(idempotency);
        if (replay) return replay;
      }
      return Change.latest(options.expectedVersion, () =>
        answer(referralID, data, idempotency, options.expectedVersion),
      );
    },
  );

  const answer = async (
    referralID: string,
    data: ReferralResponse,
    idempotency: Idempotency.Request | undefined,
    expectedVersion: number | undefined,
  ): Promise<{ status: number; body: unknown }> => {
    const item = await loadReadable(referralID);
    const { action, note, ...details } = data as ReferralResponse & { note?: string };
    const program = await Program.load(item.programID);
    const verb = {
      acknowledge: "acknowledged",
      accept: "accepted",
      reject: "rejected",
      enroll: "enrolled",
      close: "closed",
    }[action];
    try {
      const { updated, answer: kept } = await transition(
        item,
        {
          action,
          data: { ...details, ...(note ? { note } : {}) },
          response: { ...details, ...(note ? { note } : {}) },
          notifySender: {
            kind: `referral.${verb}`,
            params: { program: program.code, referral: item.referralID },
          },
          ...(idempotency ? { idempotency } : {}),
        },
        expectedVersion,
      );
      return kept ?? { status: 200, body: await view(updated, await programReader(item.programID)) };
    } catch (error) {
      // Two requests with the same key raced: the loser replays the winner's answer.
      if (
        idempotency &&
        error instanceof HubError &&
        (error.code === "idempotency_race" || error.kind === "precondition")
      ) {
        const replay = await Idempotency.lookup(idempotency);
        if (replay) return replay;
      }
      throw error;
    }
  };

  /** The referrals behind a page of clocks, in the clocks' order (one GetItem each, in parallel). */
  const behind = async (clocks: { referralID: string }[], reader: Reader) => {
    const items = await Promise.all(clocks.map((c) => ReferralEntity.get({ referralID: c.referralID }).go()));
    return Promise.all(items.flatMap(({ data }) => (data ? [data] : [])).map((item) => view(item, reader)));
  };

  const clockPage = (q: { cursor?: string | undefined; limit?: number | undefined }) => ({
    cursor: q.cursor ?? null,
    limit: q.limit ?? 25,
  });

  /**
   * A programme's inbox: the referrals still waiting for its answer (to acknowledge or to decide),
   * earliest deadline first, so the overdue ones lead. A programme sees its own; staff name one.
   */
  export const inbox = fn(InboxQuery, async (q) => {
    const actor = Actor.use();
    let programID: string;
    let reader: Reader = PORTAL;
    if (actor.type === "program") {
      programID = actor.properties.programID;
      reader = await programReader(programID);
    } else {
      Policy.assert("referral.sla");
      if (!q.programID)
        throw HubError.input("Name the programme", [
          { field: "programID", code: "required", message: "Required for staff" },
        ]);
      programID = q.programID;
    }
    const result = await page(() => ReferralClockEntity.query.byProgram({ programID }).go(clockPage(q)));
    return { items: await behind(result.items, reader), nextCursor: result.nextCursor };
  });

  /** Staff: a programme's overdue referrals (deadline passed, no answer), longest overdue first. */
  export const overdue = fn(SlaQuery, async (q) => {
    Policy.assert("referral.sla");
    const now = Clock.nowISO();
    const result = await page(() =>
      ReferralClockEntity.query
        .byProgram({ programID: q.programID })
        .between({ dueAt: "" }, { dueAt: now })
        .go(clockPage(q)),
    );
    return { items: await behind(result.items, PORTAL), nextCursor: result.nextCursor };
  });

  /** Staff: a programme's SLA compliance per month (deadlines that fell due that month), newest first. */
  export const compliance = fn(SlaQuery, async (q) => {
    Policy.assert("referral.sla");
    await Program.load(q.programID).catch(() => {
      throw HubError.input("Unknown programme", [
        { field: "programID", code: "unknown_program", message: "No such programme" },
      ]);
    });
    const result = await page(() =>
      SlaMonthEntity.query.byProgram({ programID: q.programID }).go({ ...clockPage(q), order: "desc" }),
    );
    return {
      items: result.items.map((m) => {
        const met = m.met ?? 0;
        const late = m.late ?? 0;
        return {
          month: m.month,
          met,
          late,
          ...(met + late ? { compliance: Math.round((met / (met + late)) * 1000) / 1000 } : {}),
        };
      }),
      nextCursor: result.nextCursor,
    };
  });

  type ClockItem = EntityItem<typeof ReferralClockEntity>;

  /**
   * One escalation of one overdue clock, exactly once: at the deadline the programme's contacts
   * are e-mailed; a working day (or 24 hours) later Kemensos staff are told too. The clock's level
   * is a condition of the same transaction as the referral's audited change and the notices, so
   * two sweeps racing send one notice.
   */
  const escalateOne = async (clock: ClockItem) => {
    const item = await load(clock.referralID);
    const state = item.sla as SlaState | undefined;
    const erasure = item.erasure as ErasureState | undefined;
    const open =
      clock.stage === "erasure" ? !!erasure && !erasure.confirmedAt : !!state && state.stage === clock.stage;
    if (!open) return false;
    const level = clock.level + 1;
    const program = await Program.load(item.programID);
    const params = {
      program: program.code,
      referral: item.referralID,
      deadline: `${Clock.dayInJakarta(clock.dueAt)}`,
    };
    const mails =
      level === 1
        ? await Promise.all(
            (program.contactEmails ?? []).map((to) =>
              Mail.enqueue({
                to,
                kind: "referral.overdue",
                language: "id",
                content: { name: program.name, params },
                mailID: mailIDFor("referral.overdue", item.referralID, clock.stage, to),
              }),
            ),
          )
        : [];
    const next = level === 1 ? staffEscalationAt(clock.dueAt, clock.unit as SlaUnit) : NEVER;
    try {
      await changes.commit(item, {
        action: level === 1 ? "referral.overdue" : "referral.escalated",
        data: { stage: clock.stage, dueAt: clock.dueAt, level, notified: level === 1 ? "program" : "staff" },
        // The status is restated: the by-status index key moves with updatedAt.
        set: {
          status: item.status,
          ...(clock.stage === "erasure"
            ? { erasure: { ...erasure, escalations: level } }
            : { sla: { ...state, escalations: level } }),
        },
        ...(level === 2
          ? { notify: [{ audience: Notification.STAFF, kind: "referral.escalated", params }] }
          : {}),
        steps: [
          {
            step: ReferralClockEntity.patch({ referralID: clock.referralID })
              .set({ level, escalateAt: next })
              .where((a, op) => `${op.eq(a.level, clock.level)} AND ${op.eq(a.stage, clock.stage)}`)
              .commit(),
            onConditionFailed: () => HubError.precondition(),
          },
          ...mails.map((m) => m.step),
        ],
      });
      return true;
    } catch (error) {
      // Another sweep escalated it, or the programme answered meanwhile: nothing more to send.
      if (error instanceof HubError && (error.kind === "precondition" || error.kind === "conflict"))
        return false;
      throw error;
    }
  };

  /** The sweep: every clock whose next escalation is due, oldest first, up to `limit` per run. */
  export const escalateOverdue = async (options: { limit?: number } = {}) => {
    const limit = options.limit ?? 100;
    const { data } = await ReferralClockEntity.query
      .byEscalation({})
      .between({ escalateAt: "" }, { escalateAt: Clock.nowISO() })
      .go({ limit });
    let escalated = 0;
    for (const clock of data) if (await escalateOne(clock)) escalated++;
    return { escalated };
  };

  /**
   * The programme confirms, after a consent withdrawal, that it erased the person's data or
   * restricted its processing (UU PDP 27/2022: within 3 × 24 hours). Late confirmations are
   * taken and marked late; the sender is told; the erasure clock stops.
   */
  export const confirmErasure = fn.on(ErasureConfirm, async (referralID, data, expectedVersion?: number) => {
    Actor.assert("program");
    const item = await loadReadable(referralID);
    const erasure = item.erasure as ErasureState | undefined;
    if (item.status !== "consent_withdrawn" || !erasure) {
      throw HubError.conflict("Consent was not withdrawn for this referral", "not_withdrawn", []);
    }
    if (erasure.confirmedAt) {
      throw HubError.conflict("Erasure was already confirmed", "erasure_confirmed", []);
    }
    const now = Clock.nowISO();
    const late = now > erasure.dueBy;
    const program = await Program.load(item.programID);
    const updated = await changes.commit(
      item,
      {
        action: "referral.erasure_confirmed",
        data: {
          measure: data.measure,
          dueBy: erasure.dueBy,
          late,
          ...(data.note ? { note: data.note } : {}),
        },
        set: { status: item.status, erasure: { ...erasure, confirmedAt: now, measure: data.measure, late } },
        notify: [
          {
            audience: item.senderID,
            params: { program: program.code, referral: item.referralID, measure: data.measure },
          },
        ],
        steps: [txStep(ReferralClockEntity.delete({ referralID }))],
      },
      expectedVersion,
    );
    return view(updated, await programReader(item.programID));
  });
}
