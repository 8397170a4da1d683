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
 * Field errors are coded (contracts' `issueCode`, core's domain codes): each code names its
 * catalogue key and which params fill the key's `{n}`, `{m}` and `{k}` (`n` also picks the plural
 * form). A variant (`format.email`, `id_format.prg`, `type.number`) may have its own text.
 */
const FIELD_CODES: Record<string, [MessageKey, ...string[]]> = {
  required: ["v.required"],
  unknown_field: ["v.unknownField"],
  too_short: ["v.minChars", "min"],
  too_long: ["v.maxChars", "max"],
  too_few: ["v.tooFew", "min"],
  too_many: ["v.maxRows", "max"],
  min_value: ["v.minValue", "min"],
  max_value: ["v.maxValue", "max"],
  integer: ["v.whole"],
  pattern: ["v.pattern"],
  format: ["v.format"],
  "format.email": ["v.email"],
  "format.url": ["v.url"],
  "format.iso_timestamp": ["v.timestamp"],
  "format.iso_date": ["v.dateFormat"],
  type: ["v.type"],
  "type.number": ["v.number"],
  enum: ["v.unknownOption"],
  invalid: ["v.invalid"],
  date_format: ["v.dateFormat"],
  date_real: ["v.dateReal"],
  date_future: ["v.dateFuture"],
  phone: ["v.phone"],
  province_code: ["v.province"],
  province_unknown: ["v.province"],
  regency_code: ["v.regency"],
  regency_unknown: ["v.regency"],
  regency_mismatch: ["v.regencyMismatch"],
  npwp_digits: ["v.npwpDigits"],
  npwp_check: ["v.npwpCheck"],
  id_format: ["v.idFormat"],
  "id_format.prg": ["v.noProgram"],
  choose_cluster: ["v.chooseCluster", "min"],
  choose_service_base: ["v.chooseBase", "min"],
  choose_criterion: ["v.chooseCriterion", "min"],
  choose_service_form: ["v.chooseServiceForm", "min"],
  choose_role: ["v.chooseRole"],
  unique: ["v.unique"],
  contacts_min: ["v.oneContact"],
  contacts_max: ["v.maxContacts", "max"],
  grade: ["v.grade"],
  legal_form: ["v.legalForm"],
  password_same: ["v.passwordSame"],
  current_password: ["v.currentPassword"],
  password_mismatch: ["v.passwordMismatch"],
  link_invalid: ["v.linkInvalid"],
  mandatory: ["v.mandatory"],
  email_taken: ["problem.emailTaken"],
  registration_number_taken: ["problem.registrationTaken"],
  digits_only: ["nik.digitsOnly"],
  nik_digits: ["v.nikDigits"],
  nik_province: ["v.nikProvince", "province"],
  nik_month: ["v.nikMonth"],
  nik_day: ["v.nikDay"],
  nik_serial: ["v.nikSerial"],
  nik_female: ["v.nikFemale"],
  nik_male: ["v.nikMale"],
  nik_birth_date: ["v.nikBirthDate"],
  kk_digits: ["v.kkDigits"],
  kk_serial: ["v.kkSerial"],
  guardian_consent: ["v.guardianConsent"],
  guardian_name: ["v.guardianName"],
  duplicate_reason: ["v.duplicateReason"],
  consent_future: ["v.consentFuture"],
  unknown_program: ["v.noProgram"],
  program_code: ["v.programCode"],
  program_code_taken: ["problem.programCodeTaken"],
  change_something: ["v.changeSomething"],
  https: ["v.https"],
  url_credentials: ["v.urlCredentials"],
  url_fragment: ["v.urlFragment"],
  url_private: ["v.urlPrivate"],
  url_resolve: ["v.urlResolve"],
  window_order: ["v.windowOrder"],
  end_after_start: ["v.endAfterStart"],
  year: ["v.year"],
  year_min: ["v.yearMin"],
  year_max: ["v.yearMax"],
  negative: ["v.negative"],
  rupiah: ["v.rupiah"],
  regions_min: ["v.oneRegion"],
  target_scope: ["v.targetScope"],
  target_unique: ["v.targetUnique"],
  file_type: ["v.fileType"],
  file_size: ["v.fileSize"],
  file_empty: ["v.fileEmpty"],
  file_name: ["v.fileName"],
  file_content: ["v.fileContent", "type"],
  file_size_mismatch: ["v.fileSizeMismatch", "uploaded", "declared"],
  file_missing: ["v.fileMissing"],
  accreditation_at_start: ["v.accreditationAtStart", "expiresOn"],
  accreditation_before_end: ["agreement.warningAccreditation", "expiresOn", "endDate"],
  breakdown_sum: ["v.breakdownSum", "cluster", "sum", "count"],
  no_total: ["v.noTotal", "cluster"],
  one_row: ["v.oneRow"],
  flow_balance: ["v.flowBalance", "end", "atEnd"],
  narrative_needed: ["v.narrativeNeeded"],
  period_format: ["v.period"],
  period_monthly: ["v.periodMonthly"],
  period_quarterly: ["v.periodQuarterly"],
  period_outside: ["v.periodOutside", "start", "end"],
  period_not_started: ["v.periodNotStarted", "start"],
  agreement_not_yours: ["v.agreementNotYours"],
  agreement_not_active: ["v.agreementNotActive", "status"],
  draft_too_large: ["v.draftTooLarge"],
};

/** A coded message: a field error, an agreement warning, or a problem that lands on a field. */
export type CodedText = { code: string; params?: Params; message?: string };

/**
 * Form stores (modular-forms, the report editor) hold an error as a string, so a coded error
 * travels in it as JSON and is translated where it is shown: switching the language re-renders it.
 */
export const codedError = (error: CodedText): string => JSON.stringify(error);

const decode = (error: string): CodedText | undefined => {
  if (!error.startsWith("{")) return undefined;
  try {
    const parsed = JSON.parse(error) as Partial<CodedText>;
    if (typeof parsed.code === "string") return parsed as CodedText;
    // An entry without a code (an older server): its message is all there is to show.
    return typeof parsed.message === "string" ? { code: "", message: parsed.message } : undefined;
  } catch {
    return undefined;
  }
};

/** A coded message in the reader's language; an unknown code (a newer server) shows its English. */
export const tm = (error: string | CodedText | undefined): string => {
  if (!error) return "";
  const coded = typeof error === "string" ? decode(error) : error;
  if (!coded) return error as string;
  const { code, params = {}, message } = coded;
  const variant = params.format ?? params.kind ?? params.expected;
  const entry = (variant !== undefined && FIELD_CODES[`${code}.${variant}`]) || FIELD_CODES[code];
  if (!entry) return message ?? code;
  const [key, n, m, k] = entry;
  const arg = (name?: string) => (name && name in params ? params[name]! : "");
  return t(key, { ...params, n: arg(n), m: arg(m), k: arg(k) });
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
