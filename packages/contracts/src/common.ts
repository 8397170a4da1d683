import * as v from "valibot";
import { type FieldError, says } from "./field-error";
import { isProvinceCode, isRegencyCode } from "./region";

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date `YYYY-MM-DD` that exists. */
export const IsoDate = v.pipe(
  v.string(),
  v.regex(ISO_DATE, says("date_format", "Use the format YYYY-MM-DD")),
  v.check(
    (s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
    },
    says("date_real", "Not a real calendar date"),
  ),
);

export const Email = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(254, "At most 254 characters"),
  v.email("Not a valid email address"),
);

/** Long passphrases beat composition rules (NIST SP 800-63B). */
export const Password = v.pipe(
  v.string(),
  v.minLength(12, "At least 12 characters"),
  v.maxLength(128, "At most 128 characters"),
);

export const Text = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(min, `At least ${min} characters`),
    v.maxLength(max, `At most ${max} characters`),
  );

export const Phone = v.pipe(
  v.string(),
  v.trim(),
  v.regex(
    /^(\+62|0)[0-9]{8,13}$/,
    says("phone", "Use an Indonesian number such as 081234567890 or +6281234567890"),
  ),
);

export const ProvinceCode = v.pipe(
  v.string(),
  v.regex(/^\d{2}$/, says("province_code", "Two digits (Kemendagri province code)")),
  v.check(isProvinceCode, says("province_unknown", "Unknown province code")),
);

export const RegencyCode = v.pipe(
  v.string(),
  v.regex(/^\d{4}$/, says("regency_code", "Four digits (Kemendagri regency code)")),
  v.check(isRegencyCode, says("regency_unknown", "Unknown regency code")),
);

/** Luhn check digit over the given digits (used by the 15-digit NPWP's ninth digit). */
const luhnCheckDigit = (digits: string) => {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
};

/**
 * NPWP: the 15-digit form (99.999.999.9-999.999, ninth digit a Luhn check over the first eight)
 * or the 16-digit form used since 2024. Punctuation is accepted and stripped.
 */
export const Npwp = v.pipe(
  v.string(),
  v.transform((s) => s.replace(/[.\-\s]/g, "")),
  v.regex(/^(\d{15}|\d{16})$/, says("npwp_digits", "NPWP has 15 or 16 digits")),
  v.check(
    (s) => s.length === 16 || luhnCheckDigit(s.slice(0, 8)) === Number(s[8]),
    says("npwp_check", "NPWP check digit does not match"),
  ),
);

/** A prefixed ULID (core's createID) of one kind, e.g. `lks_01h…` for a partner. */
const prefixedID = (prefix: string, what: string) =>
  v.pipe(
    v.string(),
    v.regex(new RegExp(`^${prefix}_[0-9a-z]{26}$`), says("id_format", `Not ${what} id`, { kind: prefix })),
  );
export const PartnerID = prefixedID("lks", "a partner");
export const UserID = prefixedID("usr", "a user");
export const MailID = prefixedID("eml", "a mail");
export const ProgramID = prefixedID("prg", "a programme");
export const ReferralID = prefixedID("ref", "a referral");
export const EndpointID = prefixedID("whe", "a webhook endpoint");
export const ApiKeyID = prefixedID("key", "an API key");
export const DeliveryID = prefixedID("dlv", "a delivery");
export const EventID = prefixedID("evt", "an event");
export const NotificationID = prefixedID("ntf", "a notification");

/** A list of distinct choices, at least `min` of them; the codes name the choice (`choose_cluster`). */
export const uniqueList = <T extends v.GenericSchema>(item: T, min: number, what: string) =>
  v.pipe(
    v.array(item),
    v.minLength(min, says(`choose_${what.replace(/ /g, "_")}`, `Choose at least ${min} ${what}`, { min })),
    v.check((xs) => new Set(xs).size === xs.length, says("unique", `Each ${what} only once`)),
  );

/** The query entries every list endpoint takes: an opaque cursor and a page size of 1–100. */
export const pageQueryEntries = {
  cursor: v.optional(v.pipe(v.string(), v.maxLength(2048, says("cursor", "Not a cursor from this list")))),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, says("integer", "A whole number")),
      v.transform(Number),
      v.minValue(1, "At least 1"),
      v.maxValue(100, "At most 100"),
    ),
  ),
};

/** Notifications take only the page entries. */
export const Page = <T extends v.GenericSchema>(item: T) =>
  v.object({ items: v.array(item), nextCursor: v.nullable(v.string()) });

export type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  /** One entry per invalid field: a stable `code` with `params`, and an English `message`. */
  errors?: FieldError[];
  /** `duplicate_referral`: the person's open referrals to the programme, by sender only. */
  existing?: { sender: string }[];
  [key: string]: unknown;
};
