import * as v from "valibot";
import { AgreementListQuery } from "./agreement";
import { EndpointID } from "./common";
import { PartnerListQuery } from "./partner";
import { DeliveryListQuery } from "./program";
import { ReferralListQuery } from "./referral";
import { ReportListQuery } from "./report";

/**
 * An export takes exactly its list's filters (the list's own query schema without the paging), so
 * "the list as filtered on screen" is the same input to the same core function.
 */
const PAGING = ["cursor", "limit"] as const;
export const PartnerExportQuery = v.omit(PartnerListQuery, PAGING);
export const AgreementExportQuery = v.omit(AgreementListQuery, PAGING);
export const ReportExportQuery = v.omit(ReportListQuery, PAGING);
export const ReferralExportQuery = v.omit(ReferralListQuery, PAGING);
export const DeliveryExportQuery = v.strictObject({
  ...v.omit(DeliveryListQuery, PAGING).entries,
  endpointID: EndpointID,
});

/** What the exports are called in `/v1/exports/{list}.xlsx`. */
export const EXPORT_LISTS = [
  "partners",
  "agreements",
  "reports",
  "referrals",
  "deliveries",
  "dashboard",
] as const;
export type ExportList = (typeof EXPORT_LISTS)[number];
