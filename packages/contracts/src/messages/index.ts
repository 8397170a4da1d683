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
  return { title: interpolate(entry.title, told), body: interpolate(entry.body, told) };
};

export const mailText = (language: Language, key: keyof typeof mailId, params?: NotificationParams) =>
  interpolate(catalogues[language].mail[key], params);
