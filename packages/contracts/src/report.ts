import * as v from "valibot";
import { DocumentUpload } from "./agreement";
import { pageQueryEntries, Text } from "./common";
import { CLUSTERS, SERVICE_FORMS } from "./enums";
import { says } from "./field-error";
import { ATENSI_CRITERIA } from "./referral";

/** Case management's seven stages (Permensos 7/2021 art. 19). */
export const CASE_STAGES = [
  "fasilitasi_akses",
  "pendekatan_awal_kesepakatan",
  "asesmen",
  "perencanaan_layanan",
  "implementasi",
  "monitoring_evaluasi",
  "pascalayanan_terminasi",
] as const;
/** The five levels of M&E indicators (art. 26). */
export const INDICATOR_LEVELS = ["masukan", "proses", "keluaran", "manfaat", "dampak"] as const;
export const AGE_BANDS = ["0-5", "6-17", "18-59", "60+"] as const;
export const REPORT_STATUSES = [
  "draft",
  "submitted",
  "revision_requested",
  "resubmitted",
  /** Reviewed by the supervising regional unit; waits for acceptance at the national level. */
  "reviewed",
  "accepted",
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The levels a report is reviewed at (as DHIS2's approval levels): the region's unit, then national. */
export const REVIEW_LEVELS = ["regional", "national"] as const;
export type ReviewLevel = (typeof REVIEW_LEVELS)[number];

/**
 * Where a report is in its review: waiting at the regional level (submitted or resubmitted, with a
 * regional unit covering it), waiting at the national level (reviewed regionally, or submitted
 * where no regional unit covers it), or not under review.
 */
export const REPORT_STAGES = ["editing", "regional_review", "national_review", "accepted"] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];

/** Review steps by stage; `level` is who takes them (a step of the stage's own level for "stage"). */
export const REPORT_REVIEW_TRANSITIONS = {
  forward: { from: ["regional_review"], to: "reviewed", level: "regional" },
  request_revision: {
    from: ["regional_review", "national_review"],
    to: "revision_requested",
    level: "stage",
  },
  accept: { from: ["national_review"], to: "accepted", level: "national" },
  unlock: { from: ["accepted"], to: "revision_requested", level: "national" },
} as const;
export type ReportReviewStep = keyof typeof REPORT_REVIEW_TRANSITIONS;

export const ReportAssign = v.strictObject({
  userID: v.pipe(
    v.string(),
    v.regex(/^usr_[0-9a-z]{26}$/, says("id_format", "Not a user id", { kind: "usr" })),
  ),
});
export type ReportAssign = v.InferOutput<typeof ReportAssign>;

/** The caller's review queue: its level (and region), longest waiting first. */
export const ReportQueueQuery = v.strictObject({
  ...pageQueryEntries,
  assignee: v.optional(v.picklist(["me", "unassigned", "any"], "One of me, unassigned, any")),
});
export type ReportQueueQuery = v.InferOutput<typeof ReportQueueQuery>;
export const REPORT_SECTIONS = [
  "beneficiaries",
  "services",
  "caseFlow",
  "indicators",
  "referrals",
  "socialWorker",
  "issues",
] as const;

/** `YYYY-MM` for monthly reporting, `YYYY-Qn` for quarterly. */
export const Period = v.pipe(
  v.string(),
  v.regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, says("period_format", "Use YYYY-MM or YYYY-Qn")),
);

const Count = v.pipe(
  v.number("A number"),
  v.integer("A whole number"),
  v.minValue(0, says("negative", "Cannot be negative")),
  v.maxValue(10_000_000, "Too large"),
);

const unique = <T>(rows: T[], keyOf: (row: T) => string) => new Set(rows.map(keyOf)).size === rows.length;

/**
 * The content of a supervision report. Validation follows DHIS2's spirit: breakdowns sum to
 * totals, stage flows balance, counts are whole and non-negative, and realisation under half the
 * target needs a narrative. Each rule reports on the field to fix.
 */
export const ReportContent = v.pipe(
  v.strictObject({
    beneficiaries: v.strictObject({
      /** Persons served per cluster. */
      totals: v.array(v.strictObject({ cluster: v.picklist(CLUSTERS, "Unknown cluster"), count: Count })),
      /** The same persons by cluster × sex × age band; per cluster they add up to its total. */
      breakdown: v.array(
        v.strictObject({
          cluster: v.picklist(CLUSTERS, "Unknown cluster"),
          sex: v.picklist(["male", "female"], "male or female"),
          ageBand: v.picklist(AGE_BANDS, "Unknown age band"),
          count: Count,
        }),
      ),
      /** Persons meeting each ATENSI criterion (one person may meet several). */
      byCriterion: v.array(
        v.strictObject({ criterion: v.picklist(ATENSI_CRITERIA, "Unknown criterion"), count: Count }),
      ),
    }),
    services: v.array(
      v.strictObject({ form: v.picklist(SERVICE_FORMS, "Unknown ATENSI service form"), count: Count }),
    ),
    caseFlow: v.array(
      v.strictObject({
        stage: v.picklist(CASE_STAGES, "Unknown case-management stage"),
        atStart: Count,
        entered: Count,
        completed: Count,
        terminated: Count,
        atEnd: Count,
      }),
    ),
    indicators: v.array(
      v.strictObject({
        level: v.picklist(INDICATOR_LEVELS, "Unknown indicator level"),
        name: Text(3, 200),
        target: Count,
        realised: Count,
        narrative: v.optional(Text(0, 2000)),
      }),
    ),
    socialWorker: v.strictObject({ name: Text(3, 150), certificateNumber: Text(3, 60) }),
    issues: v.array(v.strictObject({ issue: Text(3, 1000), followUp: Text(3, 1000) })),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const c = dataset.value;
    const path = (...keys: (string | number)[]) =>
      keys.map((key) => ({
        type: "object" as const,
        origin: "value" as const,
        input: c,
        key,
        value: undefined,
      })) as never;
    if (!unique(c.beneficiaries.totals, (t) => t.cluster)) {
      addIssue({ message: says("one_row", "One total per cluster"), path: path("beneficiaries", "totals") });
    }
    for (const [i, total] of c.beneficiaries.totals.entries()) {
      const sum = c.beneficiaries.breakdown
        .filter((b) => b.cluster === total.cluster)
        .reduce((a, b) => a + b.count, 0);
      if (sum !== total.count) {
        addIssue({
          message: says(
            "breakdown_sum",
            `The breakdown for ${total.cluster} adds up to ${sum}, not ${total.count}`,
            {
              cluster: total.cluster,
              sum,
              count: total.count,
            },
          ),
          path: path("beneficiaries", "totals", i, "count"),
        });
      }
    }
    for (const [i, row] of c.beneficiaries.breakdown.entries()) {
      if (!c.beneficiaries.totals.some((t) => t.cluster === row.cluster)) {
        addIssue({
          message: says("no_total", `No total given for ${row.cluster}`, { cluster: row.cluster }),
          path: path("beneficiaries", "breakdown", i, "cluster"),
        });
      }
    }
    if (!unique(c.beneficiaries.breakdown, (b) => `${b.cluster}:${b.sex}:${b.ageBand}`)) {
      addIssue({
        message: says("one_row", "One row per cluster, sex and age band"),
        path: path("beneficiaries", "breakdown"),
      });
    }
    if (!unique(c.services, (s) => s.form))
      addIssue({ message: says("one_row", "One row per service form"), path: path("services") });
    if (!unique(c.caseFlow, (s) => s.stage))
      addIssue({ message: says("one_row", "One row per stage"), path: path("caseFlow") });
    for (const [i, s] of c.caseFlow.entries()) {
      const end = s.atStart + s.entered - s.completed - s.terminated;
      if (end !== s.atEnd) {
        addIssue({
          message: says(
            "flow_balance",
            `At start + entered − completed − terminated is ${end}, not ${s.atEnd}`,
            {
              end,
              atEnd: s.atEnd,
            },
          ),
          path: path("caseFlow", i, "atEnd"),
        });
      }
    }
    for (const [i, ind] of c.indicators.entries()) {
      if (ind.target > 0 && ind.realised < ind.target / 2 && !ind.narrative?.trim()) {
        addIssue({
          message: says("narrative_needed", "Realisation is under 50% of the target: explain why"),
          path: path("indicators", i, "narrative"),
        });
      }
    }
  }),
);
export type ReportContent = v.InferOutput<typeof ReportContent>;

export const ReportCreate = v.strictObject({
  agreementID: v.pipe(v.string(), v.regex(/^agr_[0-9a-z]{26}$/, "Not an agreement id")),
  period: Period,
});

export const ReportDraft = v.strictObject({ content: ReportContent });
export const ReportReason = v.strictObject({ reason: Text(5, 2000) });
export const ReportComment = v.strictObject({
  section: v.picklist(REPORT_SECTIONS, "Unknown report section"),
  body: Text(1, 4000),
});

export const ReportListQuery = v.strictObject({
  ...pageQueryEntries,
  status: v.optional(v.picklist(REPORT_STATUSES, "Unknown report status")),
  agreementID: v.optional(ReportCreate.entries.agreementID),
});

/**
 * A period an LKS still owes a report for: its due date has passed (the hub has told the LKS it
 * is overdue) or comes within a few days, and nothing has been submitted yet. The report, when
 * the LKS has opened one, is named.
 */
export const OutstandingReport = v.object({
  agreementID: v.string(),
  agreement: v.string(),
  period: v.string(),
  dueDate: v.string(),
  state: v.picklist(["overdue", "due_soon"]),
  report: v.optional(v.object({ id: v.string(), status: v.picklist(REPORT_STATUSES) })),
});
export type OutstandingReport = v.InferOutput<typeof OutstandingReport>;

export const DashboardQuery = v.strictObject({
  year: v.pipe(v.string(), v.regex(/^\d{4}$/, says("year", "A year such as 2026"))),
});
export const DashboardPartnersQuery = v.strictObject({ ...DashboardQuery.entries, ...pageQueryEntries });
export const DASHBOARD_TABLES = ["clusters", "provinces", "periods", "partners"] as const;
export const DashboardExportQuery = v.strictObject({
  ...DashboardQuery.entries,
  table: v.picklist(DASHBOARD_TABLES, "clusters, provinces, periods or partners"),
});

export const ATTACHMENT_KINDS = ["photo", "attendance_list", "other"] as const;
/** Photos and attendance lists: the same type and size limits as agreement documents. */
export const AttachmentUpload = v.strictObject({
  ...DocumentUpload.entries,
  kind: v.picklist(ATTACHMENT_KINDS, "photo, attendance_list or other"),
});
