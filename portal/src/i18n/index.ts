import { createSignal } from "solid-js";
import { en, enOne } from "./en";
import { id, type MessageKey } from "./id";

export type { MessageKey };
export type Locale = "id" | "en";
export const LOCALES: readonly Locale[] = ["id", "en"];

const STORAGE_KEY = "atensi.locale";
const dictionaries: Record<Locale, Record<MessageKey, string>> = { id, en };
/** Forms for a count of one, where the language has them (see `enOne`). */
const singulars: Record<Locale, Partial<Record<string, string>>> = { id: {}, en: enOne };

const stored = (): Locale => {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "en" || value === "id" ? value : "id";
  } catch {
    return "id";
  }
};

const [locale, setLocaleSignal] = createSignal<Locale>(stored());
document.documentElement.lang = locale();

export { locale };

/** Switches the language for every visible string and remembers the choice. */
export const setLocale = (next: Locale) => {
  setLocaleSignal(next);
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
};

export type Params = Record<string, string | number>;

const interpolate = (text: string, params?: Params) =>
  params
    ? text.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all))
    : text;

/** The text of a key for the count `n` in params, if any: the language's plural rules decide. */
const form = (key: string, params?: Params): string | undefined => {
  const n = params?.n;
  const count = typeof n === "number" ? n : typeof n === "string" && /^\d+$/.test(n) ? Number(n) : undefined;
  if (count !== undefined && new Intl.PluralRules(intlLocale()).select(count) === "one") {
    const one = singulars[locale()][key];
    if (one) return one;
  }
  return (dictionaries[locale()] as Record<string, string>)[key];
};

/** The one way a visible string is produced: reactive to the current locale. */
export const t = (key: MessageKey, params?: Params): string => interpolate(form(key, params) ?? key, params);

/** Like `t`, for keys built at run time from enum values (unknown values show as they are). */
export const tx = (key: string, params?: Params): string => {
  const text = form(key, params);
  return text !== undefined ? interpolate(text, params) : (key.split(".").pop() ?? key);
};

/**
 * Validation messages come from the shared valibot schemas (and the API, which uses the same
 * schemas) in English. Known ones are translated here; anything unknown is shown as it is.
 */
const MESSAGE_PATTERNS: [RegExp, MessageKey][] = [
  [/^Required$/, "v.required"],
  [/^Invalid type: Expected .* but received undefined$/, "v.required"],
  [/^At least (\d+) characters?$/, "v.minChars"],
  [/^At most (\d+) characters?$/, "v.maxChars"],
  [/^Use the format YYYY-MM-DD$/, "v.dateFormat"],
  [/^Not a real calendar date$/, "v.dateReal"],
  [/^Cannot be in the future$/, "v.dateFuture"],
  [/^Not a valid email address$/, "v.email"],
  [/^Use an Indonesian number/, "v.phone"],
  [/^Two digits \(Kemendagri province code\)$/, "v.province"],
  [/^Unknown province code$/, "v.province"],
  [/^Four digits \(Kemendagri regency code\)$/, "v.regency"],
  [/^Unknown regency code$/, "v.regency"],
  [/^The regency is not in the chosen province$/, "v.regencyMismatch"],
  [/^NPWP has 15 or 16 digits$/, "v.npwpDigits"],
  [/^NPWP check digit does not match$/, "v.npwpCheck"],
  [/^Choose at least (\d+) cluster$/, "v.chooseCluster"],
  [/^Choose at least (\d+) service base$/, "v.chooseBase"],
  [/^Choose at least one role$/, "v.chooseRole"],
  [/^Each .* only once$/, "v.unique"],
  [/^At least one contact$/, "v.oneContact"],
  [/^At most (\d+) contacts$/, "v.maxContacts"],
  [/^Grade A, B or C$/, "v.grade"],
  [/^Unknown legal form$/, "v.legalForm"],
  [/^Unknown (cluster|service base|status)$/, "v.unknownOption"],
  [/^Not a staff role$/, "v.unknownOption"],
  [/^The new password must differ from the current one$/, "v.passwordSame"],
  [/^The current password is not right$/, "v.currentPassword"],
  [/^Not your current password$/, "v.currentPassword"],
  [/^Invalid or expired link$/, "v.linkInvalid"],
  [/^This notice is mandatory$/, "v.mandatory"],
  [/^This address is already in use$/, "problem.emailTaken"],
  [/^Passwords do not match$/, "v.passwordMismatch"],
  [/^Unknown field$/, "v.unknownField"],
  [/^An LKS with this registration number is already registered$/, "problem.registrationTaken"],
  [/^A user with this email already exists$/, "problem.emailTaken"],
  // Referrals: the NIK and No. KK checks (contracts' nikProblem), consent, choices.
  [/^NIK has exactly 16 digits$/, "v.nikDigits"],
  [/^Unknown province code (\d+) in the NIK$/, "v.nikProvince"],
  [/^Impossible birth date in the NIK \(month\)$/, "v.nikMonth"],
  [/^Impossible birth date in the NIK \(day\)$/, "v.nikDay"],
  [/^The NIK's serial number cannot be 0000$/, "v.nikSerial"],
  [/^The NIK is a woman's/, "v.nikFemale"],
  [/^The NIK is a man's/, "v.nikMale"],
  [/^The birth date in the NIK does not match/, "v.nikBirthDate"],
  [/^The NIK does not match the birth date or sex given$/, "v.nikBirthDate"],
  [/^No\. KK has exactly 16 digits$/, "v.kkDigits"],
  [/^The No\. KK's serial number cannot be 0000$/, "v.kkSerial"],
  [/^A child or a person with a disability needs a guardian's consent$/, "v.guardianConsent"],
  [/^Name the guardian who gave consent$/, "v.guardianName"],
  [/^Consent cannot be dated in the future$/, "v.consentFuture"],
  [/^Choose at least (\d+) criterion$/, "v.chooseCriterion"],
  [
    /^Unknown (ATENSI criterion|programme kind|beneficiary field|event type|rejection code|outcome|referral status|delivery status)$/,
    "v.unknownOption",
  ],
  [
    /^(male or female|routine or respon_kasus|consent or public_task|beneficiary or guardian|written, verbal_witnessed or electronic)$/,
    "v.chooseOne",
  ],
  [/^Not a programme id$/, "v.noProgram"],
  [/^No such programme$/, "v.noProgram"],
  [/^2–20 letters, digits or hyphens/, "v.programCode"],
  [/^A programme with code .* already exists$/, "problem.programCodeTaken"],
  [/^Change at least one field$/, "v.changeSomething"],
  // Webhook endpoints: the URL checks (SSRF guard) and the redelivery window.
  [/^Not a URL$/, "v.url"],
  [/^Use an https:\/\/ URL$/, "v.https"],
  [/^Credentials do not belong in the URL$/, "v.urlCredentials"],
  [/^A URL fragment is not sent to servers/, "v.urlFragment"],
  [/^The address is private, loopback or link-local$/, "v.urlPrivate"],
  [/^The host is not public$/, "v.urlPrivate"],
  [/^The host resolves to a private, loopback or link-local address$/, "v.urlPrivate"],
  [/^The host name does not resolve$/, "v.urlResolve"],
  [/^An ISO 8601 timestamp/, "v.timestamp"],
  [/^Must be after `from`$/, "v.windowOrder"],
  // Agreements: the draft's rules, documents, and the API's own details.
  [/^A (whole )?year$/, "v.year"],
  [/^2020 or later$/, "v.yearMin"],
  [/^Before 2100$/, "v.yearMax"],
  [/^A number$/, "v.number"],
  [/^A whole number$/, "v.whole"],
  [/^Cannot be negative$/, "v.negative"],
  [/^Too large$/, "v.tooLarge"],
  [/^Rupiah$/, "v.rupiah"],
  [/^Whole rupiah$/, "v.wholeRupiah"],
  [/^Choose at least (\d+) service form$/, "v.chooseServiceForm"],
  [/^At least one region$/, "v.oneRegion"],
  [/^At most (\d+) (regions|targets)$/, "v.maxRows"],
  [/^Must be after the start date$/, "v.endAfterStart"],
  [/^Each target must be for a year of the term and a cluster in the scope$/, "v.targetScope"],
  [/^One target per year and cluster$/, "v.targetUnique"],
  [
    /^Unknown (ATENSI service form|case-management stage|indicator level|age band|criterion|report section|agreement status|report status)$/,
    "v.unknownOption",
  ],
  [
    /^(monthly or quarterly|signed_agreement or annex|photo, attendance_list or other|male or female)$/,
    "v.chooseOne",
  ],
  [/^PDF, JPEG or PNG only$/, "v.fileType"],
  [/^At most 10 MB$/, "v.fileSize"],
  [/^The file is empty$/, "v.fileEmpty"],
  [/^A file name without folders$/, "v.fileName"],
  [/^The content is not (\S+)$/, "v.fileContent"],
  [/^Uploaded (\d+) bytes, declared (\d+)$/, "v.fileSizeMismatch"],
  [/^Nothing was uploaded yet$/, "v.fileMissing"],
  [/^Four-eyes rule/, "problem.fourEyes"],
  [
    /^The LKS accreditation expires on (\S+), before the agreement ends on (\S+)$/,
    "agreement.warningAccreditation",
  ],
  [/^The LKS accreditation expires on (\S+)$/, "v.accreditationAtStart"],
  [/^An agreement that is (\w+) cannot be edited$/, "problem.notEditable"],
  [/^Only an active agreement can be amended$/, "problem.notActive"],
  // Reports: the content rules (each reported on the field to fix) and opening a period.
  [/^The breakdown for (\S+) adds up to (\d+), not (\d+)$/, "v.breakdownSum"],
  [/^No total given for (\S+)$/, "v.noTotal"],
  [/^One (total|row) per /, "v.oneRow"],
  [/^At start \+ entered − completed − terminated is (-?\d+), not (-?\d+)$/, "v.flowBalance"],
  [/^Realisation is under 50% of the target: explain why$/, "v.narrativeNeeded"],
  [/^Use YYYY-MM or YYYY-Qn$/, "v.period"],
  [/^This agreement reports monthly/, "v.periodMonthly"],
  [/^This agreement reports quarterly/, "v.periodQuarterly"],
  [/^The agreement runs from (\S+) to (\S+)$/, "v.periodOutside"],
  [/^It starts on (\S+)$/, "v.periodNotStarted"],
  [/^Not an agreement of your LKS$/, "v.agreementNotYours"],
  [/^The agreement is (\w+)$/, "v.agreementNotActive"],
  [/^The report for (\S+) already exists$/, "problem.reportExists"],
  [/^The draft is too large$/, "v.draftTooLarge"],
];

export const tm = (message: string | undefined): string => {
  if (!message) return "";
  for (const [pattern, key] of MESSAGE_PATTERNS) {
    const match = pattern.exec(message);
    if (match) return t(key, { n: match[1] ?? "", m: match[2] ?? "", k: match[3] ?? "" });
  }
  return message;
};

const intlLocale = () => (locale() === "id" ? "id-ID" : "en-GB");

/** 61097 → "61.097" (id) / "61,097" (en). */
export const formatNumber = (n: number | null | undefined, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n)
    ? "—"
    : new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: digits }).format(n);

/** A percentage as the API gives it (119.3) → "119%"; none (no target) → "—". */
export const formatPercent = (n: number | null | undefined) =>
  n === null || n === undefined ? "—" : `${formatNumber(n, 0)}%`;

/** Whole rupiah → "Rp 250.000.000". */
export const formatRupiah = (n: number | null | undefined) =>
  n === null || n === undefined ? "—" : `Rp ${formatNumber(n)}`;

/** `2026-01-31` or an ISO timestamp → "31 Januari 2026" / "31 January 2026". */
export const formatDate = (iso: string | undefined, style: "long" | "medium" = "long") => {
  if (!iso) return "";
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(), {
    dateStyle: style,
    timeZone: iso.length === 10 ? "UTC" : undefined,
  }).format(date);
};

export const formatDateTime = (iso: string | undefined) => {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: "medium", timeStyle: "short" }).format(date);
};
