import {
  type Action,
  AttachmentUpload,
  type OutstandingReport,
  POLICY,
  REPORT_REVIEW_TRANSITIONS,
  ReportAssign,
  ReportComment,
  ReportContent,
  ReportCreate,
  ReportDraft,
  ReportListQuery,
  ReportQueueQuery,
  ReportReason,
  type ReportReviewStep,
  ReportSocialWorker,
  type ReportStage,
  type ReportStatus,
  says,
} from "@atensi/contracts";
import pLimit from "p-limit";
import * as v from "valibot";
import { Actor, STAFF_TENANT } from "../actor";
import { Agreement, todayInJakarta } from "../agreement";
import { Audit } from "../audit";
import { Change } from "../change";
import { Migration } from "../counter";
import { Aggregates, type Delta } from "../dashboard";
import { Database } from "../db";
import type { EntityItem } from "../db/entity";
import { nowISO, page, txStep } from "../db/support";
import { AttachedFiles } from "../document";
import { HubError } from "../error";
import { fn } from "../fn";
import { createID } from "../id";
import { Notification } from "../notification";
import { Outbox } from "../outbox";
import { Policy } from "../policy";
import { Referral } from "../referral";
import { SocialWorker } from "../social-worker";
import { Unique } from "../unique";
import { Unit } from "../unit";
import { User } from "../user";
import { issuesToFields, parse } from "../validate";
import { ReportCommentEntity, ReportEntity, SubmissionEntity, TrackerEntity } from "./entity";
import { cadenceOf, dueDateOf, periodRange, periodsBetween } from "./period";
import { DUE_SOON_DAYS, FINAL_REMINDER_DAYS, NOTHING_DUE, ReportSchedule } from "./schedule";

export { dueDateOf, periodRange, periodsBetween } from "./period";
export { ReportEntity, SubmissionEntity, TrackerEntity };

type ReportItem = EntityItem<typeof ReportEntity>;
type Content = ReportContent;

const DRAFT_BYTES = 256 * 1024;
const REPORTABLE: readonly string[] = ["active", "expired", "terminated"];
const EDITABLE: readonly string[] = ["draft", "revision_requested"];

/** DynamoDB nests at most 32 levels; the draft sits a few levels down in the item and the audit event. */
const DRAFT_DEPTH = 16;

/**
 * Whether a draft can be stored as it is: DynamoDB refuses numbers smaller than 1e-130 and empty
 * attribute names, and the SDK refuses numbers beyond 2^53 that it cannot write exactly. A draft
 * holds counts and short texts, so anything else is an input error rather than a failed write.
 */
const storable = (value: unknown, depth = 0): boolean => {
  if (depth > DRAFT_DEPTH) return false;
  if (typeof value === "number")
    return (
      Number.isFinite(value) &&
      Math.abs(value) <= Number.MAX_SAFE_INTEGER &&
      (value === 0 || Math.abs(value) >= 1e-130)
    );
  if (Array.isArray(value)) return value.every((item) => storable(item, depth + 1));
  if (value !== null && typeof value === "object")
    return Object.entries(value).every(([key, item]) => key.length > 0 && storable(item, depth + 1));
  return true;
};

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400e3).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400e3);

const toView = (item: ReportItem) => ({
  id: item.reportID,
  agreementID: item.agreementID,
  ...(item.agreementNumber ? { agreementNumber: item.agreementNumber } : {}),
  partnerID: item.partnerID,
  partnerName: item.partnerName,
  period: item.period,
  periodStart: item.periodStart,
  periodEnd: item.periodEnd,
  dueDate: item.dueDate,
  status: item.status as ReportStatus,
  ...(item.statusReason ? { statusReason: item.statusReason } : {}),
  late: item.late,
  content: item.content as Partial<Content>,
  ...(item.referrals ? { referrals: item.referrals as ReferralSummary } : {}),
  attachments: AttachedFiles.of(item.attachments).map(AttachedFiles.view),
  submissions: item.submissions,
  ...(item.submittedAt ? { submittedAt: item.submittedAt } : {}),
  ...(item.acceptedAt ? { acceptedAt: item.acceptedAt } : {}),
  stage: stageOf(item),
  ...(item.socialWorkerID ? { socialWorkerID: item.socialWorkerID } : {}),
  ...(item.signedOffAt
    ? { signedOff: { at: item.signedOffAt, by: item.signedOffBy as { id: string; name?: string } } }
    : {}),
  ...(item.reviewLevel ? { reviewLevel: item.reviewLevel } : {}),
  ...(item.reviewUnitID ? { reviewUnitID: item.reviewUnitID } : {}),
  ...(item.waitingSince ? { waitingSince: item.waitingSince } : {}),
  ...(item.assigneeID ? { assignee: { id: item.assigneeID, name: item.assigneeName ?? "" } } : {}),
  createdAt: item.createdAt,
  updatedAt: item.updatedAt,
  version: item.version,
});
export type ReportView = ReturnType<typeof toView>;
const MAX_ATTACHMENTS = 30;
type ReferralSummary = { total: number; byProgram: Record<string, number>; byStatus: Record<string, number> };

const load = async (reportID: string) => {
  const { data } = await ReportEntity.get({ reportID }).go({ consistent: true });
  if (!data) throw HubError.notFound("Report");
  return data;
};

/** The referrals the LKS made in the period, from the referral module (not retyped). */
const referralsIn = async (partnerID: string, start: string, end: string): Promise<ReferralSummary> => {
  const data = await Referral.sentBetween(partnerID, start, end);
  const count = (key: (r: (typeof data)[number]) => string) =>
    data.reduce<Record<string, number>>((acc, r) => {
      acc[key(r)] = (acc[key(r)] ?? 0) + 1;
      return acc;
    }, {});
  return { total: data.length, byProgram: count((r) => r.programCode), byStatus: count((r) => r.status) };
};

/** What an accepted report adds to the year's dashboard (or, negated, removes on unlock). */
const realisation = (item: ReportItem, content: Content, sign: 1 | -1): Delta[] => {
  const year = item.period.slice(0, 4);
  const all = content.beneficiaries.totals.reduce((sum, t) => sum + t.count, 0) * sign;
  return [
    ...content.beneficiaries.totals.map((t) => ({
      year,
      dimension: "cluster" as const,
      key: t.cluster,
      add: { realised: t.count * sign },
    })),
    { year, dimension: "province", key: item.provinceCode, add: { realised: all } },
    { year, dimension: "partner", key: item.partnerID, label: item.partnerName, add: { realised: all } },
    { year, dimension: "period", key: item.period, add: { realised: all } },
    ...content.beneficiaries.totals.map((t) => ({
      year,
      dimension: "cell" as const,
      key: `${item.provinceCode}#${t.cluster}#${item.period}`,
      add: { realised: t.count * sign },
    })),
    ...content.services.map((s) => ({
      year,
      dimension: "service" as const,
      key: `${item.provinceCode}#${s.form}#${item.period}`,
      add: { realised: s.count * sign },
    })),
  ];
};

const completeness = (
  item: { period: string; provinceCode: string; partnerID: string; partnerName: string },
  add: { expected?: number; submitted?: number; onTime?: number },
): Delta[] => {
  const year = item.period.slice(0, 4);
  return [
    { year, dimension: "province", key: item.provinceCode, add },
    { year, dimension: "partner", key: item.partnerID, label: item.partnerName, add },
    { year, dimension: "period", key: item.period, add },
  ];
};

/** Every change of a report: its audit event, outbox event and notices, with the report. */
const changes = Change.of({
  entity: ReportEntity,
  type: "report",
  id: (item) => item.reportID,
  keys: (item) => ({ reportID: item.reportID }),
  tenant: (item) => item.partnerID,
  link: (item) => `/reports/${item.reportID}`,
  restate: (item) => ({
    status: item.status,
    provinceCode: item.provinceCode,
    queue: item.queue,
    waitingSince: item.waitingSince,
  }),
  event: (updated) => ({
    data: {
      report: {
        id: updated.reportID,
        agreementID: updated.agreementID,
        partnerID: updated.partnerID,
        period: updated.period,
        status: updated.status,
        late: updated.late,
      },
    },
  }),
});

/** A draft as saved: any shape (submission checks the rules), but one DynamoDB can store. */
const ReportSave = v.strictObject({
  content: v.pipe(
    v.record(v.string(), v.unknown()),
    v.check(
      (c) => JSON.stringify(c).length <= DRAFT_BYTES,
      says("draft_too_large", "The draft is too large"),
    ),
    v.check(
      (c) => storable(c),
      `Numbers at most ${Number.MAX_SAFE_INTEGER} in size, no empty names, at most ${DRAFT_DEPTH} levels deep`,
    ),
  ),
});

const requireStatus = (current: ReportItem, from: readonly string[], what: string, allowed: string[]) => {
  if (!from.includes(current.status)) {
    throw HubError.conflict(
      `A report that is ${current.status} cannot be ${what}`,
      "illegal_transition",
      allowed,
    );
  }
};

/** Where a report is in its review (see REPORT_STAGES). */
const stageOf = (item: ReportItem): ReportStage => {
  if (item.status === "accepted") return "accepted";
  if (item.status === "reviewed") return "national_review";
  if (item.status === "submitted" || item.status === "resubmitted")
    return item.reviewLevel === "regional" ? "regional_review" : "national_review";
  return "editing";
};

/** The level a step is taken at, for a report in `stage`. */
const levelOf = (rule: { level: string }, stage: ReportStage) =>
  rule.level === "stage" ? (stage === "regional_review" ? "regional" : "national") : rule.level;

const claimedBy = (item: ReportItem) =>
  HubError.conflict(`${item.assigneeName ?? "Another reviewer"} is working on this report`, "claimed", []);

/** Staff roles that review reports (what `report.review` allows). */
const REVIEW_ROLES: readonly string[] = POLICY["report.review"].roles;

/** The steps a report's stage allows at the caller's level (the LKS submits while editing). */
const nextActions = (item: ReportItem): string[] => {
  const stage = stageOf(item);
  if (stage === "editing") return ["submit"];
  const level = Unit.level();
  return (Object.keys(REPORT_REVIEW_TRANSITIONS) as ReportReviewStep[]).filter((step) => {
    const rule = REPORT_REVIEW_TRANSITIONS[step];
    return (rule.from as readonly string[]).includes(stage) && levelOf(rule, stage) === level;
  });
};

/** The policy rule each report decision answers to. */
const DECISION_RULE: Record<string, Action> = {
  submit: "report.submit",
  forward: "report.review",
  request_revision: "report.review",
  accept: "report.review",
  unlock: "report.unlock",
  claim: "report.review",
};

/**
 * The decisions the current actor may take now (stage, level, role, region and claim), as the
 * decisions enforce them; `claim` while the report waits at the caller's level unclaimed by it.
 */
const allowedFor = (item: ReportItem) => {
  const stage = stageOf(item);
  const mine = !item.assigneeID || item.assigneeID === Actor.describe().id;
  const waiting = stage === "regional_review" || stage === "national_review";
  const steps = nextActions(item).filter((a) => a === "submit" || a === "unlock" || !waiting || mine);
  const claimable = waiting && !item.assigneeID && nextActions(item).length > 0 ? ["claim"] : [];
  return [...steps, ...claimable].filter((a) => Policy.allows(DECISION_RULE[a] ?? "report.review", item));
};

/** Flattens content for a field-by-field diff: `caseFlow.asesmen.atEnd` → value. */
const flatten = (value: unknown, prefix = ""): Record<string, unknown> => {
  if (Array.isArray(value)) {
    return Object.assign(
      {},
      ...value.map((entry, i) => {
        const e = entry as Record<string, unknown>;
        const id =
          e.cluster && e.sex
            ? `${e.cluster}/${e.sex}/${e.ageBand}`
            : (e.stage ?? e.form ?? e.criterion ?? e.cluster ?? e.name ?? i);
        return flatten(entry, `${prefix}.${String(id)}`);
      }),
    );
  }
  if (value && typeof value === "object") {
    return Object.assign(
      {},
      ...Object.entries(value).map(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k)),
    );
  }
  return { [prefix]: value };
};

export namespace Report {
  export type View = ReportView;

  /** Opens the report of an agreement for one period (exactly one per agreement + period). */
  export const create = fn(ReportCreate, async (data) => {
    const tenant = Actor.tenant();
    Policy.assert("report.create", { partnerID: tenant });
    const agreement = await Agreement.find(data.agreementID);
    if (!agreement || agreement.partnerID !== tenant) {
      throw HubError.input("Unknown agreement", [
        { field: "agreementID", code: "agreement_not_yours", message: "Not an agreement of your LKS" },
      ]);
    }
    if (!REPORTABLE.includes(agreement.status)) {
      throw HubError.input("Reports belong to an active agreement", [
        {
          field: "agreementID",
          code: "agreement_not_active",
          params: { status: agreement.status as string },
          message: `The agreement is ${agreement.status}`,
        },
      ]);
    }
    const cadence = agreement.reportingCadence as "monthly" | "quarterly";
    if (cadenceOf(data.period) !== cadence) {
      throw HubError.input("Wrong period format", [
        {
          field: "period",
          code: cadence === "monthly" ? "period_monthly" : "period_quarterly",
          message:
            cadence === "monthly"
              ? "This agreement reports monthly: use YYYY-MM"
              : "This agreement reports quarterly: use YYYY-Qn",
        },
      ]);
    }
    if (!periodsBetween(agreement.startDate, agreement.endDate, cadence).includes(data.period)) {
      throw HubError.input("The period is outside the agreement", [
        {
          field: "period",
          code: "period_outside",
          params: { start: agreement.startDate as string, end: agreement.endDate as string },
          message: `The agreement runs from ${agreement.startDate} to ${agreement.endDate}`,
        },
      ]);
    }
    const range = periodRange(data.period);
    if (range.start > todayInJakarta()) {
      throw HubError.input("The period has not started", [
        {
          field: "period",
          code: "period_not_started",
          params: { start: range.start },
          message: `It starts on ${range.start}`,
        },
      ]);
    }
    const reportID = createID("report");
    const now = nowISO();
    const draft = {
      reportID,
      agreementID: agreement.agreementID,
      ...(agreement.number ? { agreementNumber: agreement.number } : {}),
      partnerID: agreement.partnerID,
      partnerName: agreement.partnerName,
      provinceCode: agreement.provinceCode,
      ...(agreement.regencyCode ? { regencyCode: agreement.regencyCode } : {}),
      period: data.period,
      periodStart: range.start,
      periodEnd: range.end,
      dueDate: dueDateOf(data.period),
      status: "draft",
      late: false,
      content: {},
      submissions: 0,
      queue: `idle#${agreement.partnerID}`,
      waitingSince: now,
      createdAt: now,
      updatedAt: now,
    } as const;
    const item = await changes.create(draft, {
      action: "report.opened",
      data: { agreementID: agreement.agreementID, period: data.period },
      steps: [
        Unique.claim("report-period", `${agreement.agreementID}#${data.period}`, reportID, () =>
          HubError.conflict(`The report for ${data.period} already exists`, "report_exists"),
        ),
      ],
    });
    return toView(item);
  });

  export const loadReadable = async (reportID: string) => {
    const item = await load(reportID);
    Policy.assert("report.read", item, "Report");
    return item;
  };

  export const fromID = async (reportID: string) => {
    const item = await loadReadable(reportID);
    // A draft shows the period's referrals as they are now; a submitted report, as submitted.
    const referrals = EDITABLE.includes(item.status)
      ? await referralsIn(item.partnerID, item.periodStart, item.periodEnd)
      : item.referrals;
    return { ...toView(item), referrals, allowed: allowedFor(item) };
  };

  /**
   * Saves a draft (autosave from the portal, also after working offline). Incomplete content is
   * fine here; submission checks every rule. A stale If-Match is a conflicting edit: 412.
   */
  export const save = fn.on(ReportSave, async (reportID, data, expectedVersion?: number) => {
    const current = await load(reportID);
    Policy.assert("report.create", current, "Report");
    Change.expect(expectedVersion, current.version);
    requireStatus(current, EDITABLE, "edited", nextActions(current));
    // A sign-off covers the case-management section as it was signed: changing it undoes the sign-off.
    const resigned =
      current.signedOffAt &&
      JSON.stringify((data.content as Partial<Content>).caseFlow) !==
        JSON.stringify((current.content as Partial<Content>).caseFlow);
    const updated = await changes.commit(current, {
      action: "report.saved",
      set: { content: data.content },
      ...(resigned ? { remove: ["signedOffAt", "signedOffBy"] as const } : {}),
    });
    return toView(updated);
  });

  /**
   * Chooses the report's supervising social worker from the registry: the certificate must be
   * valid over the whole period. Their name and number go into the report; a new choice needs a
   * new sign-off.
   */
  export const chooseSocialWorker = fn.on(
    ReportSocialWorker,
    async (reportID, { socialWorkerID }, expectedVersion?: number) => {
      const current = await load(reportID);
      Policy.assert("report.create", current, "Report");
      Change.expect(expectedVersion, current.version);
      requireStatus(current, EDITABLE, "edited", nextActions(current));
      const worker = await SocialWorker.get(socialWorkerID);
      if (!worker) {
        throw HubError.input("Unknown social worker", [
          { field: "socialWorkerID", code: "not_registered", message: "Not in the registry" },
        ]);
      }
      if (
        worker.certificateValidFrom > current.periodStart ||
        worker.certificateValidUntil < current.periodEnd
      ) {
        throw HubError.input("The social worker's certificate is not valid for this period", [
          {
            field: "socialWorkerID",
            code: "certificate_period",
            params: {
              from: worker.certificateValidFrom as string,
              until: worker.certificateValidUntil as string,
              start: current.periodStart as string,
              end: current.periodEnd as string,
            },
            message: `The certificate is valid from ${worker.certificateValidFrom} to ${worker.certificateValidUntil}; the period runs from ${current.periodStart} to ${current.periodEnd}`,
          },
        ]);
      }
      const socialWorker = { name: worker.name, certificateNumber: worker.certificateNumber };
      const updated = await changes.commit(current, {
        action: "report.social_worker_chosen",
        set: { socialWorkerID, content: { ...(current.content as object), socialWorker } },
        remove: ["signedOffAt", "signedOffBy"],
        data: { socialWorkerID, ...socialWorker },
      });
      return toView(updated);
    },
  );

  /** The chosen social worker (as the portal user the registry names) signs off the case-management section. */
  export const signOff = async (reportID: string, expectedVersion?: number) => {
    const current = await load(reportID);
    Policy.assert("report.sign_off", current, "Report");
    Change.expect(expectedVersion, current.version);
    requireStatus(current, EDITABLE, "signed off", nextActions(current));
    const worker = current.socialWorkerID ? await SocialWorker.get(current.socialWorkerID) : undefined;
    if (!worker) {
      throw HubError.conflict(
        "Choose the supervising social worker from the registry first",
        "no_social_worker",
        [],
      );
    }
    const me = Actor.describe();
    if (worker.userID !== me.id) {
      throw HubError.forbidden(
        "Only the chosen social worker signs off this report",
        "not_the_social_worker",
      );
    }
    const updated = await changes.commit(current, {
      action: "report.signed_off",
      set: {
        signedOffAt: nowISO(),
        signedOffBy: { id: me.id, name: me.name, socialWorkerID: worker.socialWorkerID },
      },
      data: { socialWorkerID: worker.socialWorkerID, certificateNumber: worker.certificateNumber },
    });
    return toView(updated);
  };

  /** Submits: every validation rule must hold; the errors name the fields to fix. */
  export const submit = async (reportID: string, expectedVersion?: number) => {
    const current = await load(reportID);
    Policy.assert("report.submit", current, "Report");
    Change.expect(expectedVersion, current.version);
    requireStatus(current, EDITABLE, "submitted", nextActions(current));
    const result = v.safeParse(ReportDraft, { content: current.content });
    if (!result.success) {
      throw HubError.input("The report is not complete or not consistent", issuesToFields(result.issues));
    }
    if (current.socialWorkerID && !current.signedOffAt) {
      throw HubError.input("The social worker has not signed off the report", [
        {
          field: "content.socialWorker",
          code: "sign_off_first",
          message: "The supervising social worker signs off the case-management section first",
        },
      ]);
    }
    const now = nowISO();
    const first = current.submissions === 0;
    const late = first ? todayInJakarta() > current.dueDate : current.late;
    const referrals = await referralsIn(current.partnerID, current.periodStart, current.periodEnd);
    const number = current.submissions + 1;
    // Reviewed first by the unit supervising the LKS's place, where one does; else nationally.
    const unit = await Unit.supervising(current);
    // Counted as it happens, so the dashboard agrees with the reports at every moment: a report in
    // time is expected from now on (the schedule then leaves its period alone); a late one's
    // period was already counted as expected when its due date passed.
    const counted = first
      ? Aggregates.steps(
          completeness(current, late ? { submitted: 1 } : { expected: 1, submitted: 1, onTime: 1 }),
        )
      : [];
    const updated = await changes.commit(current, {
      action: first ? "report.submitted" : "report.resubmitted",
      set: {
        status: first ? "submitted" : "resubmitted",
        late,
        referrals,
        submissions: number,
        submittedAt: now,
        ...(first ? { firstSubmittedAt: now } : {}),
        reviewLevel: unit ? "regional" : "national",
        ...(unit ? { reviewUnitID: unit.unitID } : {}),
        queue: unit ? `regional#${current.provinceCode}` : "national",
        waitingSince: now,
      },
      remove: ["statusReason", "assigneeID", "assigneeName", ...(unit ? [] : (["reviewUnitID"] as const))],
      event: "report.submitted",
      notify: [
        {
          audience: STAFF_TENANT,
          kind: late ? "report.submitted_late" : "report.submitted",
          params: { partner: current.partnerName, period: current.period },
        },
      ],
      steps: [
        txStep(
          SubmissionEntity.create({
            reportID,
            number,
            content: result.output.content,
            referrals,
            submittedAt: now,
          }),
        ),
        ...counted,
      ],
    });
    return toView(updated);
  };

  /**
   * Checks a review step against the report's stage (409 naming the steps the stage allows the
   * caller's level), the caller's level (403: the other level's turn) and its claim (409 when
   * another reviewer has claimed it).
   */
  const assertStep = (current: ReportItem, step: ReportReviewStep) => {
    const stage = stageOf(current);
    const mine = Unit.level();
    Change.transition(
      REPORT_REVIEW_TRANSITIONS,
      step,
      stage,
      "A report",
      (rule) => levelOf(rule, stage) === mine,
    );
    const needed = levelOf(REPORT_REVIEW_TRANSITIONS[step], stage);
    if (needed !== mine) {
      throw HubError.forbidden(
        needed === "regional"
          ? "This report waits for review by its region's unit"
          : "This report waits for acceptance at the national level",
        "other_level",
      );
    }
    assertOwnUnit(current, stage);
    if (current.assigneeID && current.assigneeID !== Actor.describe().id) throw claimedBy(current);
    return stage;
  };

  /** What leaving review sets: out of every queue, nobody's any more. */
  const idle = (item: ReportItem) => ({ queue: `idle#${item.partnerID}`, waitingSince: nowISO() });

  /** Returns a report to the LKS with a reason, from either level. */
  export const requestRevision = fn.on(
    ReportReason,
    async (reportID, { reason }, expectedVersion?: number) => {
      const current = await load(reportID);
      Policy.assert("report.review", current, "Report");
      Change.expect(expectedVersion, current.version);
      const stage = assertStep(current, "request_revision");
      const level = stage === "regional_review" ? "regional" : "national";
      const updated = await changes.commit(current, {
        action: "report.revision_requested",
        set: { status: "revision_requested", statusReason: reason, ...idle(current) },
        remove: ["assigneeID", "assigneeName"],
        data: { reason, level, ...(level === "regional" ? { unitID: current.reviewUnitID } : {}) },
        notify: [{ audience: current.partnerID, params: { period: current.period, reason } }],
      });
      return toView(updated);
    },
  );

  /** The regional unit passes a report on to the national level. */
  export const forward = async (reportID: string, expectedVersion?: number) => {
    const current = await load(reportID);
    Policy.assert("report.review", current, "Report");
    Change.expect(expectedVersion, current.version);
    assertStep(current, "forward");
    const updated = await changes.commit(current, {
      action: "report.reviewed",
      set: { status: "reviewed", queue: "national", waitingSince: nowISO() },
      remove: ["assigneeID", "assigneeName"],
      data: { level: "regional", unitID: current.reviewUnitID },
      notify: [
        { audience: current.partnerID, params: { period: current.period, partner: current.partnerName } },
        { audience: STAFF_TENANT, params: { period: current.period, partner: current.partnerName } },
      ],
    });
    return toView(updated);
  };

  /** Accepts a report at the national level and adds its figures to the dashboard in the same transaction. */
  export const accept = async (reportID: string, expectedVersion?: number) => {
    const current = await load(reportID);
    Policy.assert("report.review", current, "Report");
    Change.expect(expectedVersion, current.version);
    assertStep(current, "accept");
    const content = parse(ReportContent, current.content);
    const updated = await changes.commit(current, {
      action: "report.accepted",
      set: { status: "accepted", acceptedAt: nowISO(), ...idle(current) },
      remove: ["assigneeID", "assigneeName"],
      data: { level: "national" },
      event: "report.accepted",
      notify: [{ audience: current.partnerID, params: { period: current.period } }],
      steps: Aggregates.steps(realisation(current, content, 1)),
    });
    return toView(updated);
  };

  /** An approver reopens an accepted report; its figures leave the dashboard until accepted again. */
  export const unlock = fn.on(ReportReason, async (reportID, { reason }, expectedVersion?: number) => {
    const current = await load(reportID);
    Policy.assert("report.unlock", current, "Report");
    Change.expect(expectedVersion, current.version);
    assertStep(current, "unlock");
    const content = parse(ReportContent, current.content);
    const updated = await changes.commit(current, {
      action: "report.unlocked",
      set: { status: "revision_requested", statusReason: reason, ...idle(current) },
      data: { reason },
      notify: [{ audience: current.partnerID, params: { period: current.period, reason } }],
      steps: Aggregates.steps(realisation(current, content, -1)),
    });
    return toView(updated);
  });

  /** A reviewer takes a waiting report at its level, so two reviewers do not work the same item. */
  export const claim = async (reportID: string, expectedVersion?: number) => {
    const current = await load(reportID);
    Policy.assert("report.review", current, "Report");
    Change.expect(expectedVersion, current.version);
    const me = Actor.describe();
    assertClaimable(current);
    if (current.assigneeID === me.id) return toView(current);
    if (current.assigneeID) throw claimedBy(current);
    const updated = await changes.commit(current, {
      action: "report.claimed",
      set: { assigneeID: me.id, assigneeName: me.name ?? me.id },
      data: { assignee: me.id },
    });
    return toView(updated);
  };

  /** Hands a waiting report to a named reviewer of the same level (and region). */
  export const assign = fn.on(ReportAssign, async (reportID, { userID }, expectedVersion?: number) => {
    const current = await load(reportID);
    Policy.assert("report.review", current, "Report");
    Change.expect(expectedVersion, current.version);
    const stage = assertClaimable(current);
    const user = await User.get(userID);
    const target = user ? await Unit.userCovers(user.unitID, current) : undefined;
    const reviews =
      user?.status === "active" && (user.roles as string[]).some((r) => REVIEW_ROLES.includes(r));
    const level = stage === "regional_review" ? "regional" : "national";
    const sameUnit = level === "national" || !current.reviewUnitID || user?.unitID === current.reviewUnitID;
    if (!user || !reviews || !target?.covers || target.level !== level || !sameUnit) {
      throw HubError.input("Not a reviewer of this report's level", [
        {
          field: "userID",
          code: "reviewer_invalid",
          message: "Choose an active reviewer who works at the report's level and region",
        },
      ]);
    }
    const updated = await changes.commit(current, {
      action: "report.assigned",
      set: { assigneeID: user.userID, assigneeName: user.name },
      data: { assignee: user.userID, by: Actor.describe().id },
    });
    return toView(updated);
  });

  /** Only a report waiting at the caller's own level can be claimed or assigned. */
  const assertClaimable = (current: ReportItem) => {
    const stage = stageOf(current);
    if (stage !== "regional_review" && stage !== "national_review") {
      throw HubError.conflict(
        `A report that is ${current.status} is not waiting for review`,
        "illegal_transition",
        nextActions(current),
      );
    }
    if ((stage === "regional_review" ? "regional" : "national") !== Unit.level()) {
      throw HubError.forbidden(
        stage === "regional_review"
          ? "This report waits for review by its region's unit"
          : "This report waits for acceptance at the national level",
        "other_level",
      );
    }
    assertOwnUnit(current, stage);
    return stage;
  };

  /** At the regional level only the unit the report went to reviews it (not another unit covering the place). */
  const assertOwnUnit = (current: ReportItem, stage: ReportStage) => {
    const actor = Actor.use();
    const unitID = actor.type === "user" ? actor.properties.unitID : undefined;
    if (stage === "regional_review" && current.reviewUnitID && unitID !== current.reviewUnitID) {
      throw HubError.forbidden("Another unit reviews this report", "other_unit");
    }
  };

  /**
   * The caller's review queue, longest waiting first: a regional unit's reports waiting in its
   * region (one Query per province), or the national queue (one Query); by claim when asked.
   */
  export const queue = fn(ReportQueueQuery, async (q) => {
    Policy.assert("report.review");
    const regions = Unit.scope();
    const me = Actor.describe().id;
    const actor = Actor.use();
    const unitID = actor.type === "user" ? actor.properties.unitID : undefined;
    const result = await Unit.merged<ReportItem>({
      parts: regions ? Unit.parts(regions) : [{ provinceCode: "" }],
      order: "asc",
      limit: q.limit ?? 25,
      cursor: q.cursor,
      sort: (item) => item.waitingSince ?? item.updatedAt,
      id: (item) => item.reportID,
      query: (part, from, next, max) => {
        const query = ReportEntity.query.byQueue({
          queue: regions ? `regional#${part.provinceCode}` : "national",
        });
        const bounded = from ? query.gte({ waitingSince: from }) : query;
        const narrowed = part.regencies
          ? bounded.where((a, op) => Unit.inRegencies(part.regencies!, a, op))
          : bounded;
        const own = regions ? narrowed.where((a, op) => op.eq(a.reviewUnitID, unitID ?? "")) : narrowed;
        const claimed =
          q.assignee === "me"
            ? own.where((a, op) => op.eq(a.assigneeID, me))
            : q.assignee === "unassigned"
              ? own.where((a, op) => op.notExists(a.assigneeID))
              : own;
        return claimed.go({ cursor: next, limit: max, order: "asc" });
      },
    });
    return { items: result.items.map(toView), nextCursor: result.nextCursor };
  });

  export const list = fn(ReportListQuery, async (q) => {
    const tenant = Actor.tenant();
    Policy.assert("report.list", { partnerID: tenant });
    const options = { cursor: q.cursor ?? null, limit: q.limit ?? 25 };
    const status: string | undefined = q.status;
    const regions = Unit.scope();
    const run = () => {
      if (q.agreementID) {
        const byAgreement = ReportEntity.query.byAgreement({ agreementID: q.agreementID });
        const filtered = tenant
          ? byAgreement.where((a, op) => op.eq(a.partnerID, tenant))
          : regions
            ? byAgreement.where((a, op) => Unit.where(regions, a, op))
            : byAgreement;
        return (status ? filtered.where((a, op) => op.eq(a.status, status as string)) : filtered).go({
          ...options,
          order: "desc",
        });
      }
      if (tenant) {
        const mine = ReportEntity.query.byPartner({ partnerID: tenant });
        return (status ? mine.where((a, op) => op.eq(a.status, status as string)) : mine).go({
          ...options,
          order: "desc",
        });
      }
      return ReportEntity.query
        .byStatus({ status: q.status ?? "submitted" })
        .go({ ...options, order: "asc" });
    };
    if (regions && !q.agreementID) {
      const queue = await inScope(regions, status ?? "submitted", q.limit ?? 25, q.cursor);
      return { items: queue.items.map(toView), nextCursor: queue.nextCursor };
    }
    const result = await page(run);
    return { items: result.items.map(toView), nextCursor: result.nextCursor };
  });

  /**
   * A regional unit's queue: the reports of one status in its region, longest waiting first, one
   * short Query per province of the region (gsi4), narrowed to its regencies where it names some.
   */
  export const inScope = (
    regions: readonly string[],
    status: string,
    limit: number,
    cursor?: string | null,
  ) =>
    Unit.merged<ReportItem>({
      parts: Unit.parts(regions),
      order: "asc",
      limit,
      cursor,
      sort: (item) => item.updatedAt,
      id: (item) => item.reportID,
      query: (part, from, next, max) => {
        const query = ReportEntity.query.byStatusProvince({ status, provinceCode: part.provinceCode });
        const bounded = from ? query.gte({ updatedAt: from }) : query;
        const narrowed = part.regencies
          ? bounded.where((a, op) => Unit.inRegencies(part.regencies!, a, op))
          : bounded;
        return narrowed.go({ cursor: next, limit: max, order: "asc" });
      },
    });

  /** Declares an attachment (photo, attendance list) of an editable report; answers where to upload it. */
  export const addAttachment = fn.on(AttachmentUpload, async (reportID, data) => {
    const current = await load(reportID);
    Policy.assert("report.create", current, "Report");
    requireStatus(current, EDITABLE, "given attachments", nextActions(current));
    const { file, list } = AttachedFiles.declare(
      AttachedFiles.of(current.attachments),
      data,
      `reports/${reportID}`,
      MAX_ATTACHMENTS,
      "attachments per report",
    );
    await changes.commit(current, {
      action: "report.attachment_declared",
      set: { attachments: list },
      data: { attachmentID: file.id, kind: data.kind, fileName: data.fileName, size: data.size },
    });
    return { attachment: AttachedFiles.view(file), upload: await AttachedFiles.uploadUrl(file) };
  });

  /** Checks the uploaded file against what was declared, then keeps it. */
  export const completeAttachment = async (reportID: string, attachmentID: string) => {
    const current = await load(reportID);
    Policy.assert("report.create", current, "Report");
    const done = await AttachedFiles.complete(
      AttachedFiles.of(current.attachments),
      attachmentID,
      "Attachment",
    );
    if (!done.changed) return toView(current);
    const updated = await changes.commit(current, {
      action: "report.attachment_uploaded",
      set: { attachments: done.list },
      data: { attachmentID },
    });
    return toView(updated);
  };

  export const attachmentUrl = async (reportID: string, attachmentID: string) => {
    const item = await loadReadable(reportID);
    return AttachedFiles.downloadUrl(AttachedFiles.of(item.attachments), attachmentID, "Attachment");
  };

  /** What changed between the last two submitted versions. */
  export const diff = async (reportID: string) => {
    await loadReadable(reportID);
    const { data } = await SubmissionEntity.query
      .byReport({ reportID })
      .go({ pages: "all", order: "desc", limit: 2 });
    const [latest, previous] = data;
    if (!latest || !previous) return { from: null, to: latest?.number ?? null, changes: [] };
    const a = flatten(previous.content);
    const b = flatten(latest.content);
    const changes = [...new Set([...Object.keys(a), ...Object.keys(b)])]
      .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
      .sort()
      .map((field) => ({ field, from: a[field] ?? null, to: b[field] ?? null }));
    return { from: previous.number, to: latest.number, changes };
  };

  export const comment = fn.on(ReportComment, async (reportID, data) => {
    const item = await load(reportID);
    Policy.assert("report.comment", item, "Report");
    const who = Actor.describe();
    const comment = {
      reportID,
      commentID: createID("comment"),
      section: data.section,
      author: who,
      body: data.body,
      createdAt: nowISO(),
    };
    await Database.commit([
      txStep(ReportCommentEntity.create(comment)),
      Notification.step({
        audience: Actor.tenant() === undefined ? item.partnerID : STAFF_TENANT,
        kind: "report.comment",
        params: { author: who.name ?? "Kemensos", section: data.section, period: item.period },
        link: `/reports/${reportID}`,
      }),
    ]);
    return {
      id: comment.commentID,
      section: data.section,
      author: who,
      body: data.body,
      createdAt: comment.createdAt,
    };
  });

  export const comments = async (reportID: string) => {
    await loadReadable(reportID);
    const { data } = await ReportCommentEntity.query.byReport({ reportID }).go({ pages: "all" });
    return {
      items: data.map((c) => ({
        id: c.commentID,
        section: c.section,
        author: c.author as { type: string; id: string; name?: string },
        body: c.body,
        createdAt: c.createdAt,
      })),
      nextCursor: null,
    };
  };

  export const auditTrail = async (reportID: string) =>
    Audit.trail(reportID, (await loadReadable(reportID)).auditHash);

  /**
   * What the LKS still owes, by the schedule's own rules (an active or expired agreement's periods
   * whose due date has passed, or comes within DUE_SOON_DAYS, with nothing submitted): the
   * overdue notices link here, so the list shows the reports they speak of even when none was
   * opened yet.
   */
  export const outstanding = async (today = todayInJakarta()): Promise<{ items: OutstandingReport[] }> => {
    const tenant = Actor.tenant();
    Policy.assert("report.create", { partnerID: tenant });
    const agreements = await Agreement.ofPartner(tenant!);
    const counting = agreements.filter((a) => a.status === "active" || a.status === "expired");
    const lists = await Promise.all(
      counting.map(async (agreement) => {
        const { data: reports } = await ReportEntity.query
          .byAgreement({ agreementID: agreement.agreementID })
          .go({ pages: "all" });
        return periodsBetween(
          agreement.startDate,
          agreement.endDate,
          agreement.reportingCadence as "monthly" | "quarterly",
        ).flatMap((period): OutstandingReport[] => {
          const dueDate = dueDateOf(period);
          const state =
            dueDate < today ? "overdue" : dueDate <= addDays(today, DUE_SOON_DAYS) ? "due_soon" : undefined;
          const report = reports.find((r) => r.period === period);
          if (!state || report?.firstSubmittedAt) return [];
          return [
            {
              agreementID: agreement.agreementID,
              agreement: agreement.number ?? agreement.title,
              period,
              dueDate,
              state,
              ...(report ? { report: { id: report.reportID, status: report.status as ReportStatus } } : {}),
            },
          ];
        });
      }),
    );
    return { items: lists.flat().sort((a, b) => a.dueDate.localeCompare(b.dueDate)) };
  };

  /** Trackers for active agreements activated before trackers were dated (see ./schedule). */
  const backfillTrackers = () =>
    Migration.once("report-trackers", async () => {
      const data = await Agreement.active();
      for (const agreement of data) {
        await TrackerEntity.create({ agreementID: agreement.agreementID, checkOn: "0000-00-00" })
          .go()
          .catch(() => {}); // it has one: an older tracker without a date is due at once anyway
      }
    });

  /**
   * One agreement's reporting schedule on `today`: a `report.due` notice seven days before a
   * period's due date and a `report.due_final` the day before (only the final one when both fall
   * due in one run); when the due date passes, the period counts as expected (and submitted / on
   * time when it was), and an unsubmitted report is `report.overdue`. The tracker records each
   * notice sent and moves to the next date something is due, in the same transaction, guarded by
   * what was read: each notice goes out once however many runs overlap.
   */
  const done0 = async () => ({ due: 0, overdue: 0, counted: 0 });
  const track = async (tracker: EntityItem<typeof TrackerEntity>, today: string) => {
    const done = { due: 0, overdue: 0, counted: 0 };
    const agreement = await Agreement.find(tracker.agreementID, { consistent: true });
    // An expired agreement's last periods are still due; a terminated one's are not.
    const counting = agreement && (agreement.status === "active" || agreement.status === "expired");
    const periods = counting
      ? periodsBetween(
          agreement.startDate,
          agreement.endDate,
          agreement.reportingCadence as "monthly" | "quarterly",
        )
      : [];
    const passed = periods.filter(
      (p) => dueDateOf(p) < today && (!tracker.countedThrough || p > tracker.countedThrough),
    );
    const dueSoon = periods.find(
      (p) =>
        dueDateOf(p) >= today &&
        dueDateOf(p) <= addDays(today, DUE_SOON_DAYS) &&
        (!tracker.remindedFor || p > tracker.remindedFor),
    );
    const dueTomorrow = periods.find(
      (p) =>
        dueDateOf(p) >= today &&
        dueDateOf(p) <= addDays(today, FINAL_REMINDER_DAYS) &&
        (!tracker.finalRemindedFor || p > tracker.finalRemindedFor),
    );
    const { data: reports } =
      agreement && (passed.length || dueSoon || dueTomorrow)
        ? await ReportEntity.query.byAgreement({ agreementID: agreement.agreementID }).go({ pages: "all" })
        : { data: [] };
    const reportOf = (p: string) => reports.find((r) => r.period === p);
    const deltas: Delta[] = [];
    // `event`: the outbox event for webhooks, where the notice is one of the event types.
    const events: { type: string; period: string; event?: string }[] = [];
    for (const p of passed) {
      const report = reportOf(p);
      // A report in before its due date was counted (expected, submitted, on time) when it came.
      const countedAtSubmission = !!report?.firstSubmittedAt && !report.late;
      if (!countedAtSubmission) deltas.push(...completeness({ ...agreement!, period: p }, { expected: 1 }));
      if (!report?.firstSubmittedAt)
        events.push({ type: "report.overdue", period: p, event: "report.overdue" });
    }
    const unsubmitted = (p: string | undefined) => (p && !reportOf(p)?.firstSubmittedAt ? p : undefined);
    const final = unsubmitted(dueTomorrow);
    const remind = final ? undefined : unsubmitted(dueSoon);
    if (final) events.push({ type: "report.due_final", period: final });
    if (remind) events.push({ type: "report.due", period: remind, event: "report.due" });
    const latest = (a?: string, b?: string) => (a && b ? (a > b ? a : b) : (a ?? b));
    const progress = {
      countedThrough: passed.at(-1) ?? tracker.countedThrough,
      // A final reminder stands for the first one too when both were due in this run.
      remindedFor: latest(latest(dueSoon, dueTomorrow), tracker.remindedFor),
      finalRemindedFor: dueTomorrow ?? tracker.finalRemindedFor,
    };
    const checkOn = agreement && counting ? ReportSchedule.nextCheck(agreement, progress) : NOTHING_DUE;
    const enqueued = await Promise.all(
      events.flatMap((e) =>
        !e.event
          ? []
          : Outbox.enqueue(e.event, {
              subject: agreement!.agreementID,
              data: {
                report: {
                  agreementID: agreement!.agreementID,
                  partnerID: agreement!.partnerID,
                  period: e.period,
                  dueDate: dueDateOf(e.period),
                },
              },
            }),
      ),
    );
    const trackerSet = {
      checkOn,
      ...(progress.countedThrough ? { countedThrough: progress.countedThrough } : {}),
      ...(progress.remindedFor ? { remindedFor: progress.remindedFor } : {}),
      ...(progress.finalRemindedFor ? { finalRemindedFor: progress.finalRemindedFor } : {}),
    };
    try {
      await Database.commit([
        {
          // Guarded by what was read, so two schedulers cannot count a period twice.
          step: txStep(
            TrackerEntity.patch({ agreementID: tracker.agreementID })
              .set(trackerSet)
              .where((a, op) =>
                [
                  tracker.countedThrough
                    ? op.eq(a.countedThrough, tracker.countedThrough)
                    : op.notExists(a.countedThrough),
                  tracker.remindedFor
                    ? op.eq(a.remindedFor, tracker.remindedFor)
                    : op.notExists(a.remindedFor),
                  tracker.finalRemindedFor
                    ? op.eq(a.finalRemindedFor, tracker.finalRemindedFor)
                    : op.notExists(a.finalRemindedFor),
                ].join(" AND "),
              ),
          ),
          onConditionFailed: () => HubError.conflict("Counted by another run", "already_counted"),
        },
        ...Aggregates.steps(deltas),
        ...enqueued.map((e) => e.step),
        ...events.map((e) =>
          Notification.step({
            audience: agreement!.partnerID,
            kind: e.type,
            params: {
              period: e.period,
              agreement: agreement!.number ?? agreement!.title,
              dueDate: dueDateOf(e.period),
              days: daysBetween(today, dueDateOf(e.period)),
            },
            link: "/reports",
          }),
        ),
      ]);
    } catch (error) {
      if (error instanceof HubError && error.code === "already_counted") return done;
      throw error;
    }
    Outbox.notify(enqueued.map((e) => e.event));
    done.counted += passed.length;
    done.overdue += events.filter((e) => e.type === "report.overdue").length;
    done.due += (remind ? 1 : 0) + (final ? 1 : 0);
    return done;
  };

  /**
   * The reporting schedule: only the agreements whose tracker is due today are read (the
   * due-date index, gsi1), a few at a time, so a tick costs what is due.
   */
  export const runSchedules = async (today = todayInJakarta(), deadline = Number.POSITIVE_INFINITY) => {
    await backfillTrackers();
    const done = { due: 0, overdue: 0, counted: 0 };
    const run = pLimit(4);
    let cursor: string | null = null;
    do {
      const result: { data: EntityItem<typeof TrackerEntity>[]; cursor: string | null } =
        await TrackerEntity.query.byCheck({}).lte({ checkOn: today }).go({ cursor, limit: 100 });
      cursor = result.cursor;
      const counts = await Promise.all(
        result.data.map((tracker) => run(() => (Date.now() < deadline ? track(tracker, today) : done0()))),
      );
      for (const c of counts) {
        done.due += c.due;
        done.overdue += c.overdue;
        done.counted += c.counted;
      }
    } while (cursor && Date.now() < deadline);
    return done;
  };
}
