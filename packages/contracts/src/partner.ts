import * as v from "valibot";
import {
  Email,
  IsoDate,
  Npwp,
  Password,
  Phone,
  ProvinceCode,
  pageQueryEntries,
  RegencyCode,
  Text,
  uniqueList,
} from "./common";
import { ACCREDITATION_GRADES, CLUSTERS, LEGAL_FORMS, PARTNER_STATUSES, SERVICE_BASES } from "./enums";
import { says } from "./field-error";

export const Contact = v.strictObject({
  name: Text(2, 120),
  position: v.optional(Text(2, 120)),
  email: Email,
  phone: Phone,
});
export type Contact = v.InferOutput<typeof Contact>;

export const Accreditation = v.strictObject({
  grade: v.picklist(ACCREDITATION_GRADES, says("grade", "Grade A, B or C")),
  accreditedOn: IsoDate,
});

/** The profile fields an LKS supplies at registration and may later edit. */
const profileEntries = {
  name: Text(3, 200),
  legalForm: v.picklist(LEGAL_FORMS, says("legal_form", "Unknown legal form")),
  registrationNumber: v.pipe(Text(3, 100), v.toUpperCase()),
  accreditation: Accreditation,
  npwp: v.optional(Npwp),
  provinceCode: ProvinceCode,
  regencyCode: RegencyCode,
  address: Text(10, 500),
  clusters: uniqueList(v.picklist(CLUSTERS, "Unknown cluster"), 1, "cluster"),
  serviceBases: uniqueList(v.picklist(SERVICE_BASES, "Unknown service base"), 1, "service base"),
  contacts: v.pipe(
    v.array(Contact),
    v.minLength(1, says("contacts_min", "At least one contact", { min: 1 })),
    v.maxLength(5, says("contacts_max", "At most 5 contacts", { max: 5 })),
  ),
};

const regencyMatchesProvince = (p: { provinceCode: string; regencyCode: string }) =>
  p.regencyCode.startsWith(p.provinceCode);
const REGENCY_MISMATCH = says("regency_mismatch", "The regency is not in the chosen province");

export const PartnerProfile = v.pipe(
  v.strictObject(profileEntries),
  v.forward(v.partialCheck([["provinceCode"], ["regencyCode"]], regencyMatchesProvince, REGENCY_MISMATCH), [
    "regencyCode",
  ]),
);
export type PartnerProfile = v.InferOutput<typeof PartnerProfile>;

export const PartnerRegistration = v.pipe(
  v.strictObject({
    ...profileEntries,
    admin: v.strictObject({ name: Text(2, 120), email: Email, password: Password }),
  }),
  v.forward(v.partialCheck([["provinceCode"], ["regencyCode"]], regencyMatchesProvince, REGENCY_MISMATCH), [
    "regencyCode",
  ]),
);
export type PartnerRegistrationInput = v.InferInput<typeof PartnerRegistration>;
export type PartnerRegistration = v.InferOutput<typeof PartnerRegistration>;

/**
 * What an LKS admin may change on its own profile. Identity fields (name, legal form,
 * registration number) and the seat's region were verified by Kemensos and are changed by staff.
 */
export const PartnerUpdate = v.pipe(
  v.strictObject({
    accreditation: v.optional(Accreditation),
    npwp: v.optional(Npwp),
    address: v.optional(profileEntries.address),
    clusters: v.optional(profileEntries.clusters),
    serviceBases: v.optional(profileEntries.serviceBases),
    contacts: v.optional(profileEntries.contacts),
  }),
  v.check((input) => Object.keys(input).length > 0, "Send at least one field to change"),
);
export type PartnerUpdate = v.InferOutput<typeof PartnerUpdate>;

export const PartnerDecision = v.strictObject({ reason: Text(5, 1000) });
export type PartnerDecision = v.InferOutput<typeof PartnerDecision>;

export const PartnerListQuery = v.strictObject({
  status: v.optional(v.picklist(PARTNER_STATUSES, "Unknown status")),
  province: v.optional(ProvinceCode),
  ...pageQueryEntries,
});
export type PartnerListQuery = v.InferOutput<typeof PartnerListQuery>;

export const Partner = v.object({
  id: v.string(),
  name: v.string(),
  legalForm: v.picklist(LEGAL_FORMS),
  registrationNumber: v.string(),
  accreditation: v.object({
    grade: v.picklist(ACCREDITATION_GRADES),
    accreditedOn: v.string(),
    expiresOn: v.string(),
  }),
  npwp: v.optional(v.string()),
  provinceCode: v.string(),
  regencyCode: v.string(),
  address: v.string(),
  clusters: v.array(v.picklist(CLUSTERS)),
  serviceBases: v.array(v.picklist(SERVICE_BASES)),
  contacts: v.array(
    v.object({ name: v.string(), position: v.optional(v.string()), email: v.string(), phone: v.string() }),
  ),
  status: v.picklist(PARTNER_STATUSES),
  statusReason: v.optional(v.string()),
  createdAt: v.string(),
  updatedAt: v.string(),
  version: v.number(),
});
export type Partner = v.InferOutput<typeof Partner>;
