import * as v from "valibot";
import {
  IsoDate,
  PartnerID,
  ProgramID,
  ProvinceCode,
  pageQueryEntries,
  ReferralID,
  RegencyCode,
  Text,
  uniqueList,
} from "./common";
import { says, saysCoded } from "./field-error";
import { nikProblem } from "./nik";
import { ReferralErasure, ReferralSla } from "./sla";

/** The seven criteria of ATENSI targets (Permensos 7/2021 art. 10). */
export const ATENSI_CRITERIA = [
  "kemiskinan",
  "ketelantaran",
  "disabilitas",
  "keterpencilan",
  "ketunaan_sosial_penyimpangan_perilaku",
  "korban_bencana",
  "korban_kekerasan_eksploitasi_diskriminasi",
] as const;
export type AtensiCriterion = (typeof ATENSI_CRITERIA)[number];

export const SEXES = ["male", "female"] as const;
export const URGENCIES = ["routine", "respon_kasus"] as const;

export const REFERRAL_STATUSES = [
  "sent",
  "acknowledged",
  "accepted",
  "rejected",
  "enrolled",
  "closed",
  "cancelled",
  "consent_withdrawn",
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Still in the programme's hands: a second referral of the same person there is a duplicate. */
export const OPEN_REFERRAL_STATUSES = [
  "sent",
  "acknowledged",
  "accepted",
  "enrolled",
] as const satisfies readonly ReferralStatus[];

/** Why a programme declines a referral. */
export const REJECTION_CODES = [
  "not_eligible",
  "already_enrolled",
  "duplicate",
  "outside_service_area",
  "incomplete_data",
  "quota_full",
  "other",
] as const;

/** How an enrolment ended. */
export const CLOSURE_OUTCOMES = [
  "served",
  "graduated",
  "moved_away",
  "deceased",
  "declined_by_beneficiary",
  "unreachable",
  "other",
] as const;

export const CONSENT_GIVERS = ["beneficiary", "guardian"] as const;
export const CONSENT_METHODS = ["written", "verbal_witnessed", "electronic"] as const;

const Digits16 = (what: string, code: string) =>
  v.pipe(
    v.string(),
    v.transform((s) => s.replace(/[\s.-]/g, "")),
    v.regex(/^\d{16}$/, says(code, `${what} has exactly 16 digits`)),
  );

/** A NIK on its own: 16 digits, a known province, a possible birth date, a non-zero serial. */
export const Nik = v.pipe(
  Digits16("NIK", "nik_digits"),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = nikProblem(dataset.value);
    if (problem) addIssue({ message: saysCoded(problem) });
  }),
);

export const KkNumber = v.pipe(
  Digits16("No. KK", "kk_digits"),
  v.check((s) => !s.endsWith("0000"), says("kk_serial", "The No. KK's serial number cannot be 0000")),
);

const today = () => new Date().toISOString().slice(0, 10);

export const Beneficiary = v.pipe(
  v.strictObject({
    nik: Nik,
    kk: KkNumber,
    name: Text(2, 150),
    birthDate: v.pipe(
      IsoDate,
      v.check((d) => d <= today(), says("date_future", "Cannot be in the future")),
    ),
    sex: v.picklist(SEXES, "male or female"),
    address: v.strictObject({
      street: Text(5, 300),
      provinceCode: ProvinceCode,
      regencyCode: RegencyCode,
    }),
    /** Whether the person has a disability: a guardian's consent is then required. */
    disability: v.optional(v.boolean("true or false")),
  }),
  v.forward(
    v.partialCheck(
      [["nik"], ["birthDate"], ["sex"]],
      (b) => nikProblem(b.nik, b) === undefined,
      (issue) => {
        const b = issue.input as { nik: string; birthDate: string; sex: "male" | "female" };
        const problem = nikProblem(b.nik, b) ?? {
          code: "nik_birth_date",
          message: "The NIK does not match the birth date or sex given",
        };
        return saysCoded(problem)(issue);
      },
    ),
    ["nik"],
  ),
  v.forward(
    v.partialCheck(
      [
        ["address", "provinceCode"],
        ["address", "regencyCode"],
      ],
      (b) => b.address.regencyCode.startsWith(b.address.provinceCode),
      says("regency_mismatch", "The regency is not in the chosen province"),
    ),
    ["address", "regencyCode"],
  ),
);
export type Beneficiary = v.InferOutput<typeof Beneficiary>;

const Consent = v.strictObject({
  type: v.literal("consent"),
  givenBy: v.picklist(CONSENT_GIVERS, "beneficiary or guardian"),
  guardianName: v.optional(Text(2, 150)),
  guardianRelationship: v.optional(Text(2, 60)),
  givenAt: IsoDate,
  method: v.picklist(CONSENT_METHODS, "written, verbal_witnessed or electronic"),
});

const PublicTask = v.strictObject({
  type: v.literal("public_task"),
  /** The legal provision relied on, e.g. "Permensos 7/2021 Pasal 7". */
  reference: Text(5, 200),
});

export const LegalBasis = v.variant("type", [Consent, PublicTask], "consent or public_task");
export type LegalBasis = v.InferOutput<typeof LegalBasis>;

const ageOn = (birthDate: string, on: string) => {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = on.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
};

export const ReferralCreate = v.pipe(
  v.strictObject({
    programID: ProgramID,
    beneficiary: Beneficiary,
    criteria: uniqueList(v.picklist(ATENSI_CRITERIA, "Unknown ATENSI criterion"), 1, "criterion"),
    needs: Text(5, 2000),
    reason: Text(5, 2000),
    urgency: v.picklist(URGENCIES, "routine or respon_kasus"),
    legalBasis: LegalBasis,
    /**
     * Why the person is referred although they already have an open referral to the programme;
     * without it such a referral is answered 409 `duplicate_referral`.
     */
    duplicateReason: v.optional(Text(5, 500)),
  }),
  v.forward(
    v.partialCheck(
      [["legalBasis"], ["beneficiary", "birthDate"], ["beneficiary", "disability"]],
      (r) => {
        if (r.legalBasis.type !== "consent") return true;
        const child = ageOn(r.beneficiary.birthDate, r.legalBasis.givenAt) < 18;
        return !(child || r.beneficiary.disability) || r.legalBasis.givenBy === "guardian";
      },
      says("guardian_consent", "A child or a person with a disability needs a guardian's consent"),
    ),
    ["legalBasis", "givenBy"],
  ),
  v.forward(
    v.partialCheck(
      [["legalBasis"]],
      (r) =>
        r.legalBasis.type !== "consent" || r.legalBasis.givenBy !== "guardian" || !!r.legalBasis.guardianName,
      says("guardian_name", "Name the guardian who gave consent"),
    ),
    ["legalBasis", "guardianName"],
  ),
  v.forward(
    v.partialCheck(
      [["legalBasis"]],
      (r) => r.legalBasis.type !== "consent" || r.legalBasis.givenAt <= today(),
      says("consent_future", "Consent cannot be dated in the future"),
    ),
    ["legalBasis", "givenAt"],
  ),
);
export type ReferralCreate = v.InferOutput<typeof ReferralCreate>;

export const ReferralNote = v.strictObject({ note: Text(3, 1000) });

/** A programme's answer to a referral. */
export const ReferralResponse = v.variant(
  "action",
  [
    v.strictObject({ action: v.literal("acknowledge"), note: v.optional(Text(0, 1000)) }),
    v.strictObject({ action: v.literal("accept"), note: v.optional(Text(0, 1000)) }),
    v.strictObject({
      action: v.literal("reject"),
      reasonCode: v.picklist(REJECTION_CODES, "Unknown rejection code"),
      note: v.optional(Text(0, 1000)),
    }),
    v.strictObject({
      action: v.literal("enroll"),
      enrolledOn: IsoDate,
      /** The programme's own membership or case number, if it has one. */
      programReference: v.optional(Text(1, 100)),
      note: v.optional(Text(0, 1000)),
    }),
    v.strictObject({
      action: v.literal("close"),
      outcome: v.picklist(CLOSURE_OUTCOMES, "Unknown outcome"),
      note: v.optional(Text(0, 1000)),
    }),
  ],
  "acknowledge, accept, reject, enroll or close",
);
export type ReferralResponse = v.InferOutput<typeof ReferralResponse>;

const Timestamp = v.pipe(v.string(), v.isoTimestamp("An ISO 8601 timestamp such as 2026-01-31T00:00:00Z"));

export const ReferralListQuery = v.strictObject({
  ...pageQueryEntries,
  status: v.optional(v.picklist(REFERRAL_STATUSES, "Unknown referral status")),
  programID: v.optional(ProgramID),
  updated_since: v.optional(Timestamp),
  /** Finds referrals of one person by NIK (through the blind index; the NIK is never stored plain). */
  nik: v.optional(Nik),
});

/** What a referral's sender may do to it. */
export const SENDER_ACTIONS = ["cancel", "withdraw_consent"] as const;
export type SenderAction = (typeof SENDER_ACTIONS)[number];
/** How a receiving programme learns of a referral: pushed by webhook, or fetched by its own polling. */
export const REFERRAL_NOTICES = ["webhook", "poll"] as const;
export type ReferralNotice = (typeof REFERRAL_NOTICES)[number];

/**
 * A referral as an API reader sees it. Beneficiary fields are present only where the reader may
 * see them; NIK and No. KK are masked except for the sender and the receiving programme.
 */
export const Referral = v.object({
  id: ReferralID,
  programID: ProgramID,
  programCode: v.string(),
  sender: v.object({ partnerID: v.optional(PartnerID), name: v.string() }),
  status: v.picklist(REFERRAL_STATUSES),
  urgency: v.picklist(URGENCIES),
  sequence: v.number(),
  beneficiary: v.object({
    nik: v.optional(v.string()),
    kk: v.optional(v.string()),
    name: v.optional(v.string()),
    birthDate: v.optional(v.string()),
    sex: v.optional(v.picklist(SEXES)),
    address: v.optional(v.object({ street: v.string() })),
    region: v.optional(v.object({ provinceCode: v.string(), regencyCode: v.string() })),
    disability: v.optional(v.boolean()),
  }),
  criteria: v.optional(v.array(v.picklist(ATENSI_CRITERIA))),
  needs: v.optional(v.string()),
  reason: v.optional(v.string()),
  legalBasis: v.optional(LegalBasis),
  response: v.optional(
    v.object({
      reasonCode: v.optional(v.string()),
      outcome: v.optional(v.string()),
      enrolledOn: v.optional(v.string()),
      programReference: v.optional(v.string()),
      note: v.optional(v.string()),
    }),
  ),
  /** Sent although the person had an open referral to the programme: the sender's reason. */
  duplicateReason: v.optional(v.string()),
  /** Portal readers: what the sender may do now (status, role, legal basis), as the API enforces it. */
  allowed: v.optional(v.array(v.picklist(SENDER_ACTIONS))),
  /**
   * Portal readers of one referral: how the programme learns of it now (an enabled endpoint that
   * receives referral events, or its own polling of the API).
   */
  notice: v.optional(v.picklist(REFERRAL_NOTICES)),
  /** The service-level clocks (absent on referrals sent before they existed). */
  sla: v.optional(ReferralSla),
  /** After a consent withdrawal: by when the programme must confirm erasure or restriction. */
  erasure: v.optional(ReferralErasure),
  createdAt: v.string(),
  updatedAt: v.string(),
  version: v.number(),
});
export type Referral = v.InferOutput<typeof Referral>;

/** The state machine: which action leads from which statuses to which status. */
export const REFERRAL_TRANSITIONS = {
  acknowledge: { from: ["sent"], to: "acknowledged", by: "program" },
  accept: { from: ["sent", "acknowledged"], to: "accepted", by: "program" },
  reject: { from: ["sent", "acknowledged"], to: "rejected", by: "program" },
  enroll: { from: ["accepted"], to: "enrolled", by: "program" },
  close: { from: ["enrolled"], to: "closed", by: "program" },
  cancel: { from: ["sent", "acknowledged", "accepted"], to: "cancelled", by: "sender" },
  withdraw_consent: {
    from: ["sent", "acknowledged", "accepted", "enrolled"],
    to: "consent_withdrawn",
    by: "sender",
  },
} as const satisfies Record<string, { from: readonly ReferralStatus[]; to: ReferralStatus; by: string }>;
export type ReferralAction = keyof typeof REFERRAL_TRANSITIONS;
