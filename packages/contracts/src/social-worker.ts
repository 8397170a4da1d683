import * as v from "valibot";
import { IsoDate, PartnerID, pageQueryEntries, Text } from "./common";
import { CLUSTERS } from "./enums";
import { says } from "./field-error";
import { UnitID } from "./unit";

/**
 * The pekerja sosial registry: certified social workers who supervise every stage of ATENSI
 * (Permensos 7/2021 art. 11(4), 19(2)-(3)), with their certificate, where they work (a unit or an
 * LKS) and the clusters they supervise. A report's supervising social worker is chosen from here.
 */
export const SocialWorkerID = v.pipe(v.string(), v.regex(/^psw_[0-9a-z]{26}$/, "Not a social worker id"));

export const SocialWorkerCreate = v.pipe(
  v.strictObject({
    name: Text(3, 150),
    certificateNumber: Text(3, 60),
    certificateValidFrom: IsoDate,
    certificateValidUntil: IsoDate,
    /** Where the social worker works: a unit of the ministry or a dinas sosial, or an LKS. */
    unitID: v.optional(UnitID),
    partnerID: v.optional(PartnerID),
    clusters: v.pipe(
      v.array(v.picklist(CLUSTERS, "Unknown cluster")),
      v.minLength(1, says("choose_cluster", "Choose at least one cluster", { min: 1 })),
      v.check((xs) => new Set(xs).size === xs.length, says("unique", "Each cluster only once")),
    ),
    /** The portal user who signs reports off as this social worker. */
    userID: v.optional(
      v.pipe(v.string(), v.regex(/^usr_[0-9a-z]{26}$/, says("id_format", "Not a user id", { kind: "usr" }))),
    ),
  }),
  v.forward(
    v.check(
      (s) => s.certificateValidUntil > s.certificateValidFrom,
      "The certificate must end after it starts",
    ),
    ["certificateValidUntil"],
  ),
  v.forward(
    v.check((s) => !(s.unitID && s.partnerID), "A unit or an LKS, not both"),
    ["partnerID"],
  ),
);
export type SocialWorkerCreate = v.InferOutput<typeof SocialWorkerCreate>;

export const SocialWorker = v.object({
  id: v.string(),
  name: v.string(),
  certificateNumber: v.string(),
  certificateValidFrom: v.string(),
  certificateValidUntil: v.string(),
  unitID: v.optional(v.string()),
  partnerID: v.optional(v.string()),
  clusters: v.array(v.string()),
  userID: v.optional(v.string()),
  createdAt: v.string(),
  version: v.number(),
});
export type SocialWorker = v.InferOutput<typeof SocialWorker>;

export const SocialWorkerListQuery = v.strictObject({
  ...pageQueryEntries,
  /** Only those whose certificate is valid on this date. */
  validOn: v.optional(IsoDate),
});
export type SocialWorkerListQuery = v.InferOutput<typeof SocialWorkerListQuery>;

/** Choosing a report's supervising social worker from the registry. */
export const ReportSocialWorker = v.strictObject({ socialWorkerID: SocialWorkerID });
export type ReportSocialWorker = v.InferOutput<typeof ReportSocialWorker>;
