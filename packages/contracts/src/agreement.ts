import * as v from "valibot";
import { IsoDate, PartnerID, ProvinceCode, pageQueryEntries, RegencyCode, Text, uniqueList } from "./common";
import { CLUSTERS, SERVICE_BASES, SERVICE_FORMS } from "./enums";
import { CodedMessage, says } from "./field-error";
import { ATENSI_CRITERIA } from "./referral";

export const AGREEMENT_STATUSES = [
  "draft",
  "submitted",
  "changes_requested",
  "resubmitted",
  "recommended",
  "approved",
  "rejected",
  "active",
  "expired",
  "terminated",
] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const REPORTING_CADENCES = ["monthly", "quarterly"] as const;
export const DOCUMENT_KINDS = ["signed_agreement", "annex"] as const;
/** What may be uploaded, and how large (bytes). */
export const DOCUMENT_TYPES = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" } as const;
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export const AgreementID = v.pipe(v.string(), v.regex(/^agr_[0-9a-z]{26}$/, "Not an agreement id"));

const Region = v.pipe(
  v.strictObject({ provinceCode: ProvinceCode, regencyCode: v.optional(RegencyCode) }),
  v.forward(
    v.partialCheck(
      [["provinceCode"], ["regencyCode"]],
      (r) => !r.regencyCode || r.regencyCode.startsWith(r.provinceCode),
      says("regency_mismatch", "The regency is not in the chosen province"),
    ),
    ["regencyCode"],
  ),
);

const YearlyTarget = v.strictObject({
  year: v.pipe(
    v.number(says("year", "A year")),
    v.integer(says("year", "A whole year")),
    v.minValue(2020, says("year_min", "2020 or later", { min: 2020 })),
    v.maxValue(2100, says("year_max", "Before 2100", { max: 2100 })),
  ),
  cluster: v.picklist(CLUSTERS, "Unknown cluster"),
  target: v.pipe(
    v.number("A number"),
    v.integer("A whole number"),
    v.minValue(0, says("negative", "Cannot be negative")),
    v.maxValue(10_000_000, "Too large"),
  ),
});

const agreementEntries = {
  title: Text(5, 300),
  scope: v.strictObject({
    clusters: uniqueList(v.picklist(CLUSTERS, "Unknown cluster"), 1, "cluster"),
    serviceForms: uniqueList(v.picklist(SERVICE_FORMS, "Unknown ATENSI service form"), 1, "service form"),
    bases: uniqueList(v.picklist(SERVICE_BASES, "Unknown service base"), 1, "service base"),
    targetCriteria: uniqueList(v.picklist(ATENSI_CRITERIA, "Unknown ATENSI criterion"), 1, "criterion"),
    regions: v.pipe(
      v.array(Region),
      v.minLength(1, says("regions_min", "At least one region", { min: 1 })),
      v.maxLength(100, "At most 100 regions"),
    ),
  }),
  yearlyTargets: v.pipe(v.array(YearlyTarget), v.maxLength(100, "At most 100 targets")),
  valueRupiah: v.optional(
    v.pipe(
      v.number(says("rupiah", "Rupiah")),
      v.integer(says("rupiah", "Whole rupiah")),
      v.minValue(0, says("negative", "Cannot be negative")),
      v.maxValue(1e15, "Too large"),
    ),
  ),
  startDate: IsoDate,
  endDate: IsoDate,
  reportingCadence: v.picklist(REPORTING_CADENCES, "monthly or quarterly"),
  /** The balai / loka / sentra that supervises delivery. */
  supervisingUnit: Text(3, 200),
};

export const AgreementDraft = v.pipe(
  v.strictObject(agreementEntries),
  v.forward(
    v.partialCheck(
      [["startDate"], ["endDate"]],
      (a) => a.endDate > a.startDate,
      says("end_after_start", "Must be after the start date"),
    ),
    ["endDate"],
  ),
  v.forward(
    v.partialCheck(
      [["yearlyTargets"], ["startDate"], ["endDate"], ["scope", "clusters"]],
      (a) =>
        a.yearlyTargets.every(
          (t) =>
            t.year >= Number(a.startDate.slice(0, 4)) &&
            t.year <= Number(a.endDate.slice(0, 4)) &&
            a.scope.clusters.includes(t.cluster),
        ),
      says("target_scope", "Each target must be for a year of the term and a cluster in the scope"),
    ),
    ["yearlyTargets"],
  ),
  v.forward(
    v.partialCheck(
      [["yearlyTargets"]],
      (a) => new Set(a.yearlyTargets.map((t) => `${t.year}:${t.cluster}`)).size === a.yearlyTargets.length,
      says("target_unique", "One target per year and cluster"),
    ),
    ["yearlyTargets"],
  ),
);
export type AgreementDraft = v.InferOutput<typeof AgreementDraft>;

/** A draft's edit sends the whole agreement again (forms edit the whole thing). */
export const AgreementEdit = AgreementDraft;

export const AgreementReason = v.strictObject({ reason: Text(5, 2000) });
export const AgreementComment = v.strictObject({ body: Text(1, 4000) });

export const AgreementListQuery = v.strictObject({
  ...pageQueryEntries,
  status: v.optional(v.picklist(AGREEMENT_STATUSES, "Unknown agreement status")),
  province: v.optional(ProvinceCode),
  cluster: v.optional(v.picklist(CLUSTERS, "Unknown cluster")),
  partnerID: v.optional(PartnerID),
});

export const DocumentUpload = v.strictObject({
  kind: v.picklist(DOCUMENT_KINDS, "signed_agreement or annex"),
  fileName: v.pipe(Text(1, 200), v.regex(/^[^/\\\0]+$/, says("file_name", "A file name without folders"))),
  contentType: v.picklist(
    Object.keys(DOCUMENT_TYPES) as (keyof typeof DOCUMENT_TYPES)[],
    says("file_type", "PDF, JPEG or PNG only"),
  ),
  size: v.pipe(
    v.number("Size in bytes"),
    v.integer("Whole bytes"),
    v.minValue(1, says("file_empty", "The file is empty")),
    v.maxValue(MAX_DOCUMENT_BYTES, says("file_size", "At most 10 MB", { max: MAX_DOCUMENT_BYTES })),
  ),
});

/** The decisions a person takes on an agreement (each one POST with If-Match). */
export const AGREEMENT_DECISIONS = [
  "submit",
  "resubmit",
  "request_changes",
  "recommend",
  "approve",
  "reject",
  "terminate",
] as const;
export type AgreementDecision = (typeof AGREEMENT_DECISIONS)[number];

export const Agreement = v.object({
  id: AgreementID,
  partnerID: PartnerID,
  partnerName: v.string(),
  number: v.optional(v.string()),
  title: v.string(),
  scope: v.object({
    clusters: v.array(v.picklist(CLUSTERS)),
    serviceForms: v.array(v.picklist(SERVICE_FORMS)),
    bases: v.array(v.picklist(SERVICE_BASES)),
    targetCriteria: v.array(v.picklist(ATENSI_CRITERIA)),
    regions: v.array(v.object({ provinceCode: v.string(), regencyCode: v.optional(v.string()) })),
  }),
  yearlyTargets: v.array(v.object({ year: v.number(), cluster: v.picklist(CLUSTERS), target: v.number() })),
  valueRupiah: v.optional(v.number()),
  startDate: v.string(),
  endDate: v.string(),
  reportingCadence: v.picklist(REPORTING_CADENCES),
  supervisingUnit: v.string(),
  status: v.picklist(AGREEMENT_STATUSES),
  statusReason: v.optional(v.string()),
  /** The original agreement this one amends (an addendum), and its amendment number. */
  amends: v.optional(AgreementID),
  amendmentNo: v.optional(v.number()),
  supersededBy: v.optional(AgreementID),
  recommendedBy: v.optional(v.object({ id: v.string(), name: v.optional(v.string()) })),
  approvedBy: v.optional(v.object({ id: v.string(), name: v.optional(v.string()) })),
  submittedAt: v.optional(v.string()),
  approvedAt: v.optional(v.string()),
  /** Since when the agreement has been in its current status (the review queue's waiting time). */
  waitingSince: v.string(),
  /** Warnings that do not block, e.g. accreditation lapsing during the term. */
  /** Coded like field errors, so the portal says them in the reader's language. */
  warnings: v.array(CodedMessage),
  /** The decisions the reader may take now: its status, their role and the four-eyes rule. */
  allowed: v.array(v.picklist(AGREEMENT_DECISIONS)),
  documents: v.array(
    v.object({
      id: v.string(),
      kind: v.picklist(DOCUMENT_KINDS),
      fileName: v.string(),
      contentType: v.string(),
      size: v.number(),
      uploadedAt: v.optional(v.string()),
    }),
  ),
  createdAt: v.string(),
  updatedAt: v.string(),
  version: v.number(),
});
export type Agreement = v.InferOutput<typeof Agreement>;

/** The state machine: which action leads from which statuses, and who takes it. */
export const AGREEMENT_TRANSITIONS = {
  submit: { from: ["draft"], to: "submitted", by: "partner" },
  resubmit: { from: ["changes_requested"], to: "resubmitted", by: "partner" },
  request_changes: { from: ["submitted", "resubmitted"], to: "changes_requested", by: "reviewer" },
  recommend: { from: ["submitted", "resubmitted"], to: "recommended", by: "reviewer" },
  approve: { from: ["recommended"], to: "approved", by: "approver" },
  reject: { from: ["submitted", "resubmitted", "recommended"], to: "rejected", by: "approver" },
  activate: { from: ["approved"], to: "active", by: "system" },
  expire: { from: ["active"], to: "expired", by: "system" },
  terminate: { from: ["active"], to: "terminated", by: "approver" },
} as const satisfies Record<string, { from: readonly AgreementStatus[]; to: AgreementStatus; by: string }>;
export type AgreementAction = keyof typeof AGREEMENT_TRANSITIONS;
