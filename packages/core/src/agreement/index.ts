import {
  type Action,
  AGREEMENT_DECISIONS,
  AGREEMENT_STATUSES,
  AGREEMENT_TRANSITIONS,
  type AgreementAction,
  AgreementComment,
  type AgreementDecision,
  AgreementDraft,
  AgreementEdit,
  AgreementListQuery,
  AgreementReason,
  type AgreementStatus,
  type Agreement as AgreementView,
  type Coded,
  coded,
  DocumentUpload,
} from "@atensi/contracts";
import type * as v from "valibot";
import { Actor, STAFF_TENANT } from "../actor";
import { Audit } from "../audit";
import { Change } from "../change";
import { Clock } from "../clock";
import { Counter, Migration } from "../counter";
import { Aggregates } from "../dashboard";
import { Database } from "../db";
import type { EntityItem } from "../db/entity";
import { nowISO, page, txStep } from "../db/support";
import { AttachedFiles } from "../document";
import { HubError } from "../error";
import { fn } from "../fn";
import { createID } from "../id";
import { Notification } from "../notification";
import { Partner } from "../partner";
import { Policy } from "../policy";
import { ReportSchedule } from "../report/schedule";
import { Unique } from "../unique";
import { Unit } from "../unit";
import { AgreementEntity, CommentEntity } from "./entity";

export { AgreementEntity, CommentEntity };

type AgreementItem = EntityItem<typeof AgreementEntity>;

/** No automatic step is due (sorts after every real date). */
const NO_SCHEDULE = "9999-12-31";
export const REMINDER_DAYS = [90, 30, 7] as const;
const EDITABLE: readonly string[] = ["draft", "changes_requested"];
/** Fields an edit or an amendment can change; the diff compares exactly these. */
const CONTENT_FIELDS = [
  "title",
  "scope",
  "yearlyTargets",
  "valueRupiah",
  "startDate",
  "endDate",
  "reportingCadence",
  "supervisingUnit",
] as const;

/**
 * Dates in the programme are Jakarta dates (WIB, UTC+7). Today is read from core's clock, so
 * the date-driven schedules follow a test's `Clock.set`.
 */
export const todayInJakarta = (at = Clock.now()) => new Date(at + 7 * 3600e3).toISOString().slice(0, 10);
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400e3).toISOString().slice(0, 10);
/**
 * The date an active agreement's next automatic step is due: its next expiry reminder (90, 30, 7
 * days ahead) not yet sent, else the day after its end date (expiry). The schedule reads only
 * agreements whose date has come, so a tick's work follows what is due, not how many are active.
 */
const nextActiveStep = (item: { endDate: string; remindersSent: readonly number[] }) => {
  const reminder = REMINDER_DAYS.find((d) => !item.remindersSent.includes(d));
  return reminder === undefined ? addDays(item.endDate, 1) : addDays(item.endDate, -reminder);
};
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400e3);

export const numberFormat = () => process.env.ATENSI_AGREEMENT_NUMBER_FORMAT ?? "{seq}/NK/REHSOS/{MM}/{YYYY}";
export const formatNumber = (seq: number, at: string, format = numberFormat()) =>
  format
    .replaceAll("{seq}", String(seq).padStart(3, "0"))
    .replaceAll("{MM}", at.slice(5, 7))
    .replaceAll("{YYYY}", at.slice(0, 4));

const accreditationOf = async (partnerID: string) => {
  const partner = await Partner.load(partnerID);
  return { partner, expiresOn: (partner.accreditation as { expiresOn?: string }).expiresOn };
};

const warningsFor = (item: AgreementItem, accreditationExpiresOn?: string) =>
  accreditationExpiresOn &&
  accreditationExpiresOn < item.endDate &&
  !["expired", "terminated", "rejected"].includes(item.status)
    ? [
        coded(
          "accreditation_before_end",
          `The LKS accreditation expires on ${accreditationExpiresOn}, before the agreement ends on ${item.endDate}`,
          { expiresOn: accreditationExpiresOn, endDate: item.endDate as string },
        ),
      ]
    : [];

/** The policy rule each decision answers to. */
const DECISION_RULE: Record<AgreementDecision, Action> = {
  submit: "agreement.submit",
  resubmit: "agreement.submit",
  request_changes: "agreement.review",
  recommend: "agreement.review",
  approve: "agreement.approve",
  reject: "agreement.reject",
  terminate: "agreement.terminate",
};

/**
 * What the current actor may decide now, by the same rules the decisions enforce (status, role,
 * four-eyes), so the portal offers only what will succeed.
 */
const allowedFor = (item: AgreementItem): AgreementDecision[] =>
  AGREEMENT_DECISIONS.filter((decision) => {
    const from: readonly string[] = AGREEMENT_TRANSITIONS[decision].from;
    if (!from.includes(item.status)) return false;
    if (!Policy.allows(DECISION_RULE[decision], item)) return false;
    return decision !== "approve" || !recommendedByMe(item);
  });

const recommendedByMe = (item: AgreementItem) =>
  (item.recommendedBy as { id?: string } | undefined)?.id === Actor.describe().id;

const toView = (item: AgreementItem, warnings: Coded[] = []): AgreementView => ({
  id: item.agreementID,
  partnerID: item.partnerID,
  partnerName: item.partnerName,
  ...(item.number ? { number: item.number } : {}),
  title: item.title,
  scope: item.scope as AgreementView["scope"],
  yearlyTargets: item.yearlyTargets as AgreementView["yearlyTargets"],
  ...(item.valueRupiah !== undefined ? { valueRupiah: item.valueRupiah } : {}),
  startDate: item.startDate,
  endDate: item.endDate,
  reportingCadence: item.reportingCadence as AgreementView["reportingCadence"],
  supervisingUnit: item.supervisingUnit,
  status: item.status as AgreementStatus,
  ...(item.statusReason ? { statusReason: item.statusReason } : {}),
  ...(item.amends ? { amends: item.amends, amendmentNo: item.amendmentNo } : {}),
  ...(item.supersededBy ? { supersededBy: item.supersededBy } : {}),
  ...(item.recommendedBy ? { recommendedBy: item.recommendedBy as { id: string; name?: string } } : {}),
  ...(item.approvedBy ? { approvedBy: item.approvedBy as { id: string; name?: string } } : {}),
  ...(item.submittedAt ? { submittedAt: item.submittedAt } : {}),
  ...(item.approvedAt ? { approvedAt: item.approvedAt } : {}),
  waitingSince: item.waitingSince,
  warnings,
  allowed: allowedFor(item),
  documents: AttachedFiles.of(item.documents).map(AttachedFiles.view) as AgreementView["documents"],
  createdAt: item.createdAt,
  updatedAt: item.updatedAt,
  version: item.version,
});

const load = async (agreementID: string) => {
  const { data } = await AgreementEntity.get({ agreementID }).go({ consistent: true });
  if (!data) throw HubError.notFound("Agreement");
  return data;
};

const eventData = (item: AgreementItem) => ({
  agreement: {
    id: item.agreementID,
    ...(item.number ? { number: item.number } : {}),
    partnerID: item.partnerID,
    partnerName: item.partnerName,
    title: item.title,
    status: item.status,
    startDate: item.startDate,
    endDate: item.endDate,
    ...(item.amends ? { amends: item.amends } : {}),
  },
});

/** Every change of an agreement: its audit event, outbox event and notices, with the agreement. */
const changes = Change.of({
  entity: AgreementEntity,
  type: "agreement",
  id: (item) => item.agreementID,
  keys: (item) => ({ agreementID: item.agreementID }),
  tenant: (item) => item.partnerID,
  link: (item) => `/agreements/${item.agreementID}`,
  restate: (item) => ({
    status: item.status,
    provinceCode: item.provinceCode,
    waitingSince: item.waitingSince,
    scheduleDate: item.scheduleDate,
  }),
  event: (updated) => ({ data: eventData(updated) }),
});

const assertTransition = (current: AgreementItem, action: AgreementAction) =>
  Change.transition(AGREEMENT_TRANSITIONS, action, current.status, "An agreement");

const content = (data: AgreementDraft) => ({
  title: data.title,
  scope: data.scope,
  clusters: data.scope.clusters,
  yearlyTargets: data.yearlyTargets,
  ...(data.valueRupiah !== undefined ? { valueRupiah: data.valueRupiah } : {}),
  startDate: data.startDate,
  endDate: data.endDate,
  reportingCadence: data.reportingCadence,
  supervisingUnit: data.supervisingUnit,
});

/** Field-by-field differences between two agreements' content. */
export const diffAgreements = (before: Partial<AgreementItem>, after: Partial<AgreementItem>) =>
  CONTENT_FIELDS.flatMap((field) => {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (field === "scope" && from && to) {
      return Object.keys({ ...(from as object), ...(to as object) }).flatMap((key) => {
        const a = (from as Record<string, unknown>)[key] ?? null;
        const b = (to as Record<string, unknown>)[key] ?? null;
        return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ field: `scope.${key}`, from: a, to: b }];
      });
    }
    return JSON.stringify(from) === JSON.stringify(to) ? [] : [{ field, from, to }];
  });

export namespace Agreement {
  export type View = AgreementView;

  /** An LKS drafts an agreement; nothing is reviewed until it submits. */
  export const create = fn(AgreementDraft, async (data) => {
    const tenant = Actor.tenant();
    Policy.assert("agreement.create", { partnerID: tenant });
    const { partner } = await accreditationOf(tenant!);
    const now = nowISO();
    const item = await changes.create(
      {
        agreementID: createID("agreement"),
        partnerID: partner.partnerID,
        partnerName: partner.name,
        provinceCode: partner.provinceCode,
        regencyCode: partner.regencyCode,
        ...content(data),
        status: "draft",
        waitingSince: now,
        scheduleDate: NO_SCHEDULE,
        remindersSent: [],
        documents: [],
        createdAt: now,
        updatedAt: now,
      },
      { action: "agreement.drafted", data: { title: data.title } },
    );
    return toView(item);
  });

  /** A stored agreement without an authorization check, for core's own use (reports, schedules). */
  export const find = async (agreementID: string, options: { consistent?: boolean } = {}) =>
    (await AgreementEntity.get({ agreementID }).go(options)).data ?? undefined;

  /** Every agreement of one LKS, without an authorization check (the caller has made it). */
  export const ofPartner = async (partnerID: string) =>
    (await AgreementEntity.query.byPartner({ partnerID }).go({ pages: "all" })).data;

  /** Every active agreement, for one-off migrations (never on a request path). */
  export const active = async () =>
    (await AgreementEntity.query.bySchedule({ status: "active" }).go({ pages: "all" })).data;

  export const loadReadable = async (agreementID: string) => {
    const item = await load(agreementID);
    Policy.assert("agreement.read", item, "Agreement");
    return item;
  };

  export const fromID = async (agreementID: string) => {
    const item = await loadReadable(agreementID);
    const { expiresOn } = await accreditationOf(item.partnerID);
    return toView(item, warningsFor(item, expiresOn));
  };

  /** The LKS edits a draft, or answers requested changes, with the whole agreement. */
  export const edit = fn.on(AgreementEdit, async (agreementID, data, expectedVersion?: number) => {
    const current = await load(agreementID);
    Policy.assert("agreement.edit", current, "Agreement");
    Change.expect(expectedVersion, current.version);
    if (!EDITABLE.includes(current.status)) {
      throw HubError.conflict(`An agreement that is ${current.status} cannot be edited`, "not_editable", []);
    }
    const next = content(data);
    const diff = diffAgreements(current, next);
    if (diff.length === 0) return toView(current);
    const updated = await changes.commit(current, {
      action: "agreement.edited",
      set: next,
      data: { changes: diff },
    });
    return toView(updated);
  });

  const submitLike = async (action: "submit" | "resubmit", agreementID: string, expectedVersion?: number) => {
    const current = await load(agreementID);
    Policy.assert("agreement.submit", current, "Agreement");
    Change.expect(expectedVersion, current.version);
    const to = assertTransition(current, action);
    const { partner, expiresOn } = await accreditationOf(current.partnerID);
    if (partner.status !== "active") {
      throw HubError.precondition(
        "Only a verified, active LKS can submit an agreement",
        "partner_not_active",
      );
    }
    if (!expiresOn || expiresOn < current.startDate) {
      throw HubError.input("The accreditation is not valid on the start date", [
        {
          field: "startDate",
          code: "accreditation_at_start",
          params: { expiresOn: expiresOn ?? "" },
          message: `The LKS accreditation expires on ${expiresOn ?? "an unknown date"}`,
        },
      ]);
    }
    const now = nowISO();
    const updated = await changes.commit(current, {
      action: `agreement.${action === "submit" ? "submitted" : "resubmitted"}`,
      set: { status: to, submittedAt: now, waitingSince: now },
      event: "agreement.submitted",
      notify: [{ audience: STAFF_TENANT, params: { partner: current.partnerName, title: current.title } }],
    });
    return toView(updated, warningsFor(updated, expiresOn));
  };

  export const submit = (agreementID: string, expectedVersion?: number) =>
    Change.latest(expectedVersion, () => submitLike("submit", agreementID, expectedVersion));
  export const resubmit = (agreementID: string, expectedVersion?: number) =>
    Change.latest(expectedVersion, () => submitLike("resubmit", agreementID, expectedVersion));

  type StaffDecision = "request_changes" | "recommend" | "reject" | "terminate";
  const staffDecision = (
    action: StaffDecision,
    agreementID: string,
    reason: string | undefined,
    expectedVersion?: number,
  ) => Change.latest(expectedVersion, () => staffDecisionOnce(action, agreementID, reason, expectedVersion));

  const staffDecisionOnce = async (
    action: StaffDecision,
    agreementID: string,
    reason: string | undefined,
    expectedVersion?: number,
  ) => {
    const current = await load(agreementID);
    Policy.assert(
      action === "reject"
        ? "agreement.reject"
        : action === "terminate"
          ? "agreement.terminate"
          : "agreement.review",
      current,
      "Agreement",
    );
    Change.expect(expectedVersion, current.version);
    const to = assertTransition(current, action);
    const who = Actor.describe();
    const past = {
      request_changes: "changes_requested",
      recommend: "recommended",
      reject: "rejected",
      terminate: "terminated",
    }[action];
    const updated = await changes.commit(current, {
      action: `agreement.${past}`,
      set: {
        status: to,
        waitingSince: nowISO(),
        ...(reason ? { statusReason: reason } : {}),
        ...(action === "recommend" ? { recommendedBy: { id: who.id, name: who.name } } : {}),
        ...(action === "terminate" ? { scheduleDate: NO_SCHEDULE } : {}),
      },
      remove: reason ? [] : ["statusReason"],
      data: reason ? { reason } : {},
      ...(action === "reject" || action === "terminate" ? { event: `agreement.${past}` } : {}),
      notify:
        action === "recommend"
          ? [{ audience: STAFF_TENANT, params: { title: current.title } }]
          : [{ audience: current.partnerID, params: { title: current.title, reason: reason ?? "" } }],
    });
    return toView(updated);
  };

  export const requestChanges = fn.on(AgreementReason, (agreementID, { reason }, expectedVersion?: number) =>
    staffDecision("request_changes", agreementID, reason, expectedVersion),
  );
  export const recommend = (agreementID: string, expectedVersion?: number) =>
    staffDecision("recommend", agreementID, undefined, expectedVersion);
  export const reject = fn.on(AgreementReason, (agreementID, { reason }, expectedVersion?: number) =>
    staffDecision("reject", agreementID, reason, expectedVersion),
  );
  export const terminate = fn.on(AgreementReason, (agreementID, { reason }, expectedVersion?: number) =>
    staffDecision("terminate", agreementID, reason, expectedVersion),
  );

  /**
   * An approver approves a recommended agreement (four-eyes: not the one who recommended it). The
   * agreement gets its number; if its start date has come, it becomes active at once.
   */
  export const approve = (agreementID: string, expectedVersion?: number): Promise<View> =>
    Change.latest(expectedVersion, () => approveOnce(agreementID, expectedVersion));

  const approveOnce = async (agreementID: string, expectedVersion?: number): Promise<View> => {
    const current = await load(agreementID);
    Policy.assert("agreement.approve", current, "Agreement");
    Change.expect(expectedVersion, current.version);
    const to = assertTransition(current, "approve");
    const who = Actor.describe();
    if (recommendedByMe(current)) {
      throw HubError.forbidden(
        "Four-eyes rule: the reviewer who recommended this agreement cannot also approve it; another approver must",
        "four_eyes",
      );
    }
    const now = nowISO();
    for (let attempt = 0; ; attempt++) {
      const sequence = await Counter.next(`agreement-number#${now.slice(0, 4)}`);
      const number = formatNumber(sequence.value, now);
      try {
        const updated = await changes.commit(current, {
          action: "agreement.approved",
          set: {
            status: to,
            number,
            approvedBy: { id: who.id, name: who.name },
            approvedAt: now,
            waitingSince: now,
            scheduleDate: current.startDate,
          },
          data: { number },
          event: "agreement.approved",
          notify: [{ audience: current.partnerID, params: { title: current.title, number } }],
          steps: [
            sequence.step,
            Unique.claim("agreement-number", number, agreementID, () =>
              HubError.conflict("That agreement number is taken; try again", "sequence_taken"),
            ),
          ],
        });
        if (updated.startDate <= todayInJakarta()) {
          try {
            return toView(
              await Actor.provide({ type: "system", properties: { name: "agreements" } }, () =>
                activate(updated),
              ),
            );
          } catch (raced) {
            // The approval is committed; the schedules may have activated it between the two
            // commits (they activate what an approval left "approved"). Answer what is stored.
            if (!(raced instanceof HubError) || (raced.kind !== "precondition" && raced.kind !== "conflict"))
              throw raced;
            return toView(await load(updated.agreementID));
          }
        }
        return toView(updated);
      } catch (error) {
        if (error instanceof HubError && error.code === "sequence_taken" && attempt < 4) continue;
        throw error;
      }
    }
  };

  type Target = { year: number; cluster: string; target: number };
  const targetDeltas = (item: AgreementItem, sign: 1 | -1) =>
    (item.yearlyTargets as Target[]).flatMap((t) => [
      {
        year: String(t.year),
        dimension: "cluster" as const,
        key: t.cluster,
        add: { target: t.target * sign },
      },
      {
        year: String(t.year),
        dimension: "province" as const,
        key: item.provinceCode,
        add: { target: t.target * sign },
      },
      {
        year: String(t.year),
        dimension: "partner" as const,
        key: item.partnerID,
        label: item.partnerName,
        add: { target: t.target * sign },
      },
    ]);

  /**
   * Active from its start date; its yearly targets join the dashboard in the same transaction. An
   * addendum replaces the agreement it amends: in that same transaction the original ends
   * (terminated, superseded) and its targets leave the dashboard, so nothing counts twice.
   */
  const activate = async (current: AgreementItem) => {
    const original = current.amends ? await load(current.amends) : undefined;
    const superseded = original?.status === "active" ? original : undefined;
    const activation = await changes.prepare(current, {
      action: "agreement.activated",
      set: {
        status: assertTransition(current, "activate"),
        waitingSince: nowISO(),
        scheduleDate: nextActiveStep(current),
      },
      event: "agreement.activated",
      notify: [
        { audience: current.partnerID, params: { title: current.title, number: current.number ?? "" } },
      ],
      data: superseded ? { supersedes: superseded.agreementID } : {},
    });
    const ending = superseded
      ? await changes.prepare(superseded, {
          action: "agreement.superseded",
          set: {
            status: "terminated",
            statusReason: `Superseded by addendum ${current.amendmentNo} (${current.number})`,
            waitingSince: nowISO(),
            scheduleDate: NO_SCHEDULE,
            supersededBy: current.agreementID,
          },
          data: { supersededBy: current.agreementID },
          event: "agreement.terminated",
        })
      : undefined;
    const deltas = [...targetDeltas(current, 1), ...(superseded ? targetDeltas(superseded, -1) : [])];
    await Change.run(ending ? [activation, ending] : [activation], [
      ...Aggregates.steps(deltas),
      ReportSchedule.start(current),
    ]);
    return activation.updated;
  };

  /**
   * The daily schedule: activate approved agreements whose start date has come, send expiry
   * reminders 90, 30 and 7 days ahead, and expire agreements past their end date. Each step is
   * its own versioned change, so running twice (or concurrently) does each once.
   */
  /** Moves an active agreement to the date of its next step (not an audited change: nothing happened). */
  const redate = (item: AgreementItem) =>
    AgreementEntity.patch({ agreementID: item.agreementID })
      // The other index composites are restated so the entity layer can rebuild the keys.
      .set({
        status: item.status,
        provinceCode: item.provinceCode,
        waitingSince: item.waitingSince,
        scheduleDate: nextActiveStep(item),
      })
      .where((a, op) => op.eq(a.version, item.version))
      .go()
      .catch(() => {});

  export const runSchedules = async (today = todayInJakarta(), deadline = Number.POSITIVE_INFINITY) => {
    const done = { activated: 0, reminded: 0, expired: 0 };
    const tolerate = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
        return true;
      } catch (error) {
        if (error instanceof HubError && (error.kind === "precondition" || error.kind === "conflict"))
          return false;
        throw error;
      }
    };
    await Migration.once("agreement-schedule-dates", async () => {
      // Active agreements used to be dated by their end date; date them by their next step.
      const { data } = await AgreementEntity.query.bySchedule({ status: "active" }).go({ pages: "all" });
      for (const item of data) {
        if (item.scheduleDate === nextActiveStep(item)) continue;
        await redate(item);
      }
    });
    const due = async (status: string, until: string) =>
      (await AgreementEntity.query.bySchedule({ status }).lte({ scheduleDate: until }).go({ pages: "all" }))
        .data;
    for (const item of await due("approved", today)) {
      if (Date.now() >= deadline) return done;
      if (await tolerate(() => activate(item))) done.activated++;
    }
    for (const item of await due("active", today)) {
      if (Date.now() >= deadline) return done;
      if (item.endDate < today) {
        const expired = await tolerate(() =>
          changes.commit(item, {
            action: "agreement.expired",
            set: {
              status: assertTransition(item, "expire"),
              waitingSince: nowISO(),
              scheduleDate: NO_SCHEDULE,
            },
            event: "agreement.expired",
            notify: [{ audience: item.partnerID, params: { title: item.title, number: item.number ?? "" } }],
          }),
        );
        if (expired) done.expired++;
        continue;
      }
      const daysLeft = daysBetween(today, item.endDate);
      const threshold = [...REMINDER_DAYS]
        .reverse()
        .find((d) => daysLeft <= d && !item.remindersSent.includes(d));
      if (threshold === undefined) {
        // Not due after all (dated before schedules were incremental): move it to its real date.
        await redate(item);
        continue;
      }
      // Reminders already passed (e.g. the hub was down) are marked too: one notice, not three.
      const remindersSent = REMINDER_DAYS.filter((d) => d >= threshold || item.remindersSent.includes(d));
      const expiring = { title: item.title, number: item.number ?? "", days: daysLeft };
      const reminded = await tolerate(() =>
        changes.commit(item, {
          action: "agreement.expiring",
          set: { remindersSent, scheduleDate: nextActiveStep({ endDate: item.endDate, remindersSent }) },
          data: { daysLeft },
          event: "agreement.expiring",
          notify: [
            { audience: item.partnerID, params: expiring },
            { audience: STAFF_TENANT, params: expiring },
          ],
        }),
      );
      if (reminded) done.reminded++;
    }
    return done;
  };

  /**
   * Staff see the review queue (a status, longest waiting first, optionally one province and
   * cluster) or all agreements newest first; an LKS sees its own. One Query per page.
   */
  export const list = fn(AgreementListQuery, async (q) => {
    const tenant = Actor.tenant();
    Policy.assert("agreement.list", { partnerID: tenant });
    const options = { cursor: q.cursor ?? null, limit: q.limit ?? 25 };
    type Op = { contains: (a: unknown, v: string) => string; eq: (a: unknown, v: string) => string };
    const where = (a: Record<"clusters" | "status" | "partnerID", unknown>, op: Op) =>
      [
        q.cluster ? op.contains(a.clusters, q.cluster) : "",
        tenant && q.status ? op.eq(a.status, q.status) : "",
        !tenant && q.partnerID && !q.status ? op.eq(a.partnerID, q.partnerID) : "",
      ]
        .filter(Boolean)
        .join(" AND ");
    const run = () => {
      if (tenant)
        return AgreementEntity.query
          .byPartner({ partnerID: tenant })
          .where(where as never)
          .go({ ...options, order: "desc" });
      if (q.partnerID && !q.status)
        return AgreementEntity.query
          .byPartner({ partnerID: q.partnerID })
          .where(where as never)
          .go({ ...options, order: "desc" });
      if (q.status && q.province)
        return AgreementEntity.query
          .byStatusProvince({ status: q.status, provinceCode: q.province })
          .where(where as never)
          .go({ ...options, order: "asc" });
      if (q.status)
        return AgreementEntity.query
          .byStatus({ status: q.status })
          .where(where as never)
          .go({ ...options, order: "asc" });
      return AgreementEntity.query
        .all({})
        .where(where as never)
        .go({ ...options, order: "desc" });
    };
    const regions = Unit.scope();
    if (regions && !(q.partnerID && !q.status)) {
      const merged = await listInScope(regions, q, where);
      return { items: merged.items.map((i) => toView(i)), nextCursor: merged.nextCursor };
    }
    const result = await page(() =>
      regions && q.partnerID
        ? AgreementEntity.query
            .byPartner({ partnerID: q.partnerID })
            .where(where as never)
            .where((a, op) => Unit.where(regions, a, op))
            .go({ ...options, order: "desc" })
        : run(),
    );
    return { items: result.items.map((i) => toView(i)), nextCursor: result.nextCursor };
  });

  /**
   * Agreements in a region of work: one status's queue (longest waiting first) or, without a
   * status, every status's (most recently waiting first), one Query per status and province (gsi3).
   */
  const listInScope = (
    regions: readonly string[],
    q: v.InferOutput<typeof AgreementListQuery>,
    where: unknown,
  ) => {
    const statuses: readonly string[] = q.status ? [q.status] : AGREEMENT_STATUSES;
    const order = q.status ? ("asc" as const) : ("desc" as const);
    const parts = Unit.parts(regions)
      .filter((p) => !q.province || p.provinceCode === q.province)
      .flatMap((p) => statuses.map((status) => ({ ...p, status })));
    return Unit.merged<AgreementItem, (typeof parts)[number]>({
      parts,
      order,
      limit: q.limit ?? 25,
      cursor: q.cursor,
      sort: (item) => item.waitingSince,
      id: (item) => item.agreementID,
      query: (part, from, next, max) => {
        const query = AgreementEntity.query.byStatusProvince({
          status: part.status,
          provinceCode: part.provinceCode,
        });
        const bounded = !from
          ? query
          : order === "asc"
            ? query.gte({ waitingSince: from })
            : query.lte({ waitingSince: from });
        const filtered = bounded.where(where as never);
        const narrowed = part.regencies
          ? filtered.where((a, op) => Unit.inRegencies(part.regencies!, a, op))
          : filtered;
        return narrowed.go({ cursor: next, limit: max, order });
      },
    });
  };

  /** An addendum: a new draft linked to an active agreement, starting from its content. */
  export const amend = async (agreementID: string) => {
    const original = await load(agreementID);
    Policy.assert("agreement.create", original, "Agreement");
    if (original.status !== "active") {
      throw HubError.conflict("Only an active agreement can be amended", "not_active", []);
    }
    const { data: previous } = await AgreementEntity.query
      .byPartner({ partnerID: original.partnerID })
      .where((a, op) => op.eq(a.amends, agreementID))
      .go({ pages: "all" });
    const now = nowISO();
    const amendmentNo = previous.length + 1;
    const draft = {
      ...Object.fromEntries(CONTENT_FIELDS.map((f) => [f, original[f]]).filter(([, v]) => v !== undefined)),
      clusters: original.clusters,
      agreementID: createID("agreement"),
      partnerID: original.partnerID,
      partnerName: original.partnerName,
      provinceCode: original.provinceCode,
      ...(original.regencyCode ? { regencyCode: original.regencyCode } : {}),
      title: `Addendum ${amendmentNo}: ${original.title}`.slice(0, 300),
      amends: agreementID,
      amendmentNo,
      status: "draft",
      waitingSince: now,
      scheduleDate: NO_SCHEDULE,
      remindersSent: [],
      documents: [],
      createdAt: now,
      updatedAt: now,
    } as AgreementItem;
    const item = await changes.create(draft, {
      action: "agreement.amendment_drafted",
      data: { amends: agreementID, amendmentNo },
      onExists: () => HubError.conflict("Try again", "amendment_conflict"),
    });
    return toView(item);
  };

  /** An amendment's differences from the agreement it amends. */
  export const diff = async (agreementID: string) => {
    const item = await loadReadable(agreementID);
    if (!item.amends) throw HubError.conflict("This agreement is not an amendment", "not_an_amendment", []);
    const original = await load(item.amends);
    return { amends: item.amends, changes: diffAgreements(original, item) };
  };

  export const comment = fn.on(AgreementComment, async (agreementID, { body }) => {
    const item = await load(agreementID);
    Policy.assert("agreement.comment", item, "Agreement");
    const who = Actor.describe();
    const fromStaff = Actor.tenant() === undefined;
    const comment = { agreementID, commentID: createID("comment"), author: who, body, createdAt: nowISO() };
    await Database.commit([
      txStep(CommentEntity.create(comment)),
      Notification.step({
        audience: fromStaff ? item.partnerID : STAFF_TENANT,
        kind: "agreement.comment",
        params: { author: who.name ?? "Kemensos", title: item.title },
        link: `/agreements/${agreementID}`,
      }),
    ]);
    return { id: comment.commentID, author: who, body, createdAt: comment.createdAt };
  });

  export const comments = async (agreementID: string) => {
    await loadReadable(agreementID);
    const { data } = await CommentEntity.query.byAgreement({ agreementID }).go({ pages: "all" });
    return {
      items: data.map((c) => ({
        id: c.commentID,
        author: c.author as { type: string; id: string; name?: string },
        body: c.body,
        createdAt: c.createdAt,
      })),
      nextCursor: null,
    };
  };

  export const auditTrail = async (agreementID: string) =>
    Audit.trail(agreementID, (await loadReadable(agreementID)).auditHash);

  const MAX_DOCUMENTS = 20;
  const FINAL: readonly string[] = ["rejected", "expired", "terminated"];

  /** Declares a document (type and size checked) and answers where to upload it. */
  export const addDocument = fn.on(DocumentUpload, async (agreementID, data) => {
    const current = await load(agreementID);
    Policy.assert("agreement.documents", current, "Agreement");
    if (FINAL.includes(current.status)) {
      throw HubError.conflict(
        `An agreement that is ${current.status} takes no more documents`,
        "agreement_closed",
        [],
      );
    }
    const { file, list } = AttachedFiles.declare(
      AttachedFiles.of(current.documents),
      data,
      agreementID,
      MAX_DOCUMENTS,
      "documents per agreement",
    );
    await changes.commit(current, {
      action: "agreement.document_declared",
      set: { documents: list },
      data: { documentID: file.id, ...data },
    });
    return { document: AttachedFiles.view(file), upload: await AttachedFiles.uploadUrl(file) };
  });

  /** After the upload: checks the file really is what was declared and keeps it. */
  export const completeDocument = async (agreementID: string, documentID: string) => {
    const current = await load(agreementID);
    Policy.assert("agreement.documents", current, "Agreement");
    const done = await AttachedFiles.complete(AttachedFiles.of(current.documents), documentID, "Document");
    if (!done.changed) return toView(current);
    const updated = await changes.commit(current, {
      action: "agreement.document_uploaded",
      set: { documents: done.list },
      data: { documentID, fileName: done.file.fileName },
    });
    return toView(updated);
  };

  export const documentUrl = async (agreementID: string, documentID: string) => {
    const item = await loadReadable(agreementID);
    return AttachedFiles.downloadUrl(AttachedFiles.of(item.documents), documentID, "Document");
  };
}
