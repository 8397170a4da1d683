import type { NotificationParams } from "../notification";
import { mailEn, notificationsEn, reasonsEn } from "./en";
import { mailId, notificationsId, reasonsId } from "./id";

export type Language = "id" | "en";
export const LANGUAGES: readonly Language[] = ["id", "en"];

const catalogues = {
  id: { notifications: notificationsId, mail: mailId, reasons: reasonsId },
  en: { notifications: notificationsEn, mail: mailEn, reasons: reasonsEn },
} as const;

export const interpolate = (text: string, params: NotificationParams = {}) =>
  text.replace(/\{(\w+)\}/g, (all, name: string) => (name in params ? String(params[name]) : all));

const LOCALES: Record<Language, string> = { id: "id-ID", en: "en-GB" };
const ROMAN = ["I", "II", "III", "IV"] as const;

/**
 * A parameter as a reader of the language writes it: dates (`2026-03-10`) as "10 Maret 2026",
 * monthly periods (`2026-02`) as "Februari 2026", quarters (`2026-Q1`) as "Triwulan I 2026" /
 * "Q1 2026". Anything else (names, numbers of records, ids) is left as it is.
 */
export const formatParam = (language: Language, value: string | number) => {
  if (typeof value !== "string") return String(value);
  const locale = LOCALES[language];
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const date = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(date.getTime()))
      return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(date);
  }
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(value))
    return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(
      new Date(`${value}-01T00:00:00Z`),
    );
  const quarter = /^(\d{4})-Q([1-4])$/.exec(value);
  if (quarter)
    return language === "id"
      ? `Triwulan ${ROMAN[Number(quarter[2]) - 1]} ${quarter[1]}`
      : `Q${quarter[2]} ${quarter[1]}`;
  return value;
};

const localised = (language: Language, params: NotificationParams) =>
  Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, formatParam(language, value)]),
  ) as NotificationParams;

/**
 * A notification's title and body in one language. A parameter named `reason` that is one of
 * the hub's own coded causes (e.g. `gone`) is told in that language; staff-written reasons stay as
 * written. An unknown kind (a newer server) shows its name rather than failing.
 */
export const renderNotification = (language: Language, kind: string, params: NotificationParams = {}) => {
  const catalogue = catalogues[language];
  const entry = (catalogue.notifications as Record<string, { title: string; body: string }>)[kind];
  const reasons = catalogue.reasons as Record<string, string>;
  const told =
    typeof params.reason === "string" && params.reason in reasons
      ? { ...params, reason: reasons[params.reason]! }
      : params;
  if (!entry) return { title: kind, body: "" };
  const shown = localised(language, told);
  return { title: interpolate(entry.title, shown), body: interpolate(entry.body, shown) };
};

export const mailText = (language: Language, key: keyof typeof mailId, params?: NotificationParams) =>
  interpolate(catalogues[language].mail[key], params);
