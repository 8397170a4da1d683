import type { NotificationKind } from "../notification";
import type { mailId } from "./id";

/** English: the same keys as ./id.ts (Bahasa Indonesia comes first; this is the second language). */
export const notificationsEn: Record<NotificationKind, { title: string; body: string }> = {
  "account.invitation": {
    title: "Invitation to the ATENSI Partner Portal",
    body: "{inviter} invited you ({name}) to the Ministry of Social Affairs' ATENSI Partner Portal as {role}. Open the link below to set a password. The link is valid for {hours} hours and works once.",
  },
  "account.password_reset": {
    title: "Reset your password",
    body: "Someone asked to reset the password of your account. Open the link below within {minutes} minutes to choose a new password; the link works once. All your sessions end afterwards. If this was not you, ignore this e-mail.",
  },
  "account.password_changed": {
    title: "Your password was changed",
    body: "The password of your account was just changed and every earlier session ended. If you did not change it, contact a Kemensos admin at once.",
  },
  "account.email_confirm": {
    title: "Confirm your e-mail address",
    body: "Thank you for registering {partner}. Open the link below to confirm that this e-mail address is yours.",
  },
  "account.email_change": {
    title: "Confirm your new e-mail address",
    body: "You asked for your account to use this address ({newEmail}). Open the link below within {hours} hours to confirm it.",
  },
  "account.email_changed": {
    title: "Your account's e-mail address is changing",
    body: "Someone asked to change your account's e-mail address to {newEmail}. This address stops being used once the new one is confirmed. If this was not you, change your password and contact a Kemensos admin.",
  },
  "mail.digest": {
    title: "Daily digest: {count} notifications",
    body: "Here are your notifications since the last digest.",
  },
  "report.due": {
    title: "The {period} report is due on {dueDate}",
    body: "The {period} supervision report for agreement {agreement} must be submitted by {dueDate} ({days} days from now).",
  },
  "report.due_final": {
    title: "Last reminder: the {period} report is due on {dueDate}",
    body: "The {period} supervision report for agreement {agreement} has not been submitted yet and is due by {dueDate}. This is the last reminder before the deadline.",
  },
  "report.overdue": {
    title: "The {period} report is overdue",
    body: "The {period} supervision report for agreement {agreement} has not been submitted and its deadline {dueDate} has passed.",
  },
  "report.submitted": {
    title: "{period} report submitted",
    body: "{partner} submitted the {period} supervision report for review.",
  },
  "report.submitted_late": {
    title: "{period} report submitted (late)",
    body: "{partner} submitted the {period} supervision report for review, after the deadline.",
  },
  "report.revision_requested": {
    title: "The {period} report was returned for revision",
    body: "Kemensos returned the {period} supervision report for revision. Reason: {reason}",
  },
  "report.reviewed": {
    title: "Report {period} reviewed by the regional unit",
    body: "The supervision report {period} from {partner} was reviewed by the regional unit and waits for national acceptance.",
  },
  "report.accepted": {
    title: "The {period} report was accepted",
    body: "Kemensos accepted the {period} supervision report.",
  },
  "report.unlocked": {
    title: "The {period} report was reopened",
    body: "The {period} supervision report was reopened for changes. Reason: {reason}",
  },
  "report.comment": {
    title: "New comment on the {period} report",
    body: "{author} commented on the {section} section of the {period} report.",
  },
  "agreement.submitted": {
    title: "Agreement submitted: {title}",
    body: "{partner} submitted the agreement \u201c{title}\u201d for review.",
  },
  "agreement.resubmitted": {
    title: "Agreement resubmitted: {title}",
    body: "{partner} resubmitted the agreement \u201c{title}\u201d after changes.",
  },
  "agreement.recommended": {
    title: "Agreement recommended: {title}",
    body: "The agreement \u201c{title}\u201d is recommended and waits for an approver's decision.",
  },
  "agreement.changes_requested": {
    title: "Agreement needs changes: {title}",
    body: "Kemensos asked for changes to the agreement \u201c{title}\u201d. Reason: {reason}",
  },
  "agreement.rejected": {
    title: "Agreement rejected: {title}",
    body: "Kemensos rejected the agreement \u201c{title}\u201d. Reason: {reason}",
  },
  "agreement.terminated": {
    title: "Agreement terminated: {title}",
    body: "Kemensos terminated the agreement \u201c{title}\u201d. Reason: {reason}",
  },
  "agreement.approved": {
    title: "Agreement approved: {title}",
    body: "The agreement \u201c{title}\u201d is approved as number {number}.",
  },
  "agreement.activated": {
    title: "Agreement in force: {title}",
    body: "The agreement \u201c{title}\u201d ({number}) is now in force.",
  },
  "agreement.expiring": {
    title: "Agreement ending soon: {title}",
    body: "The agreement \u201c{title}\u201d ({number}) ends in {days} days.",
  },
  "agreement.expired": {
    title: "Agreement ended: {title}",
    body: "The agreement \u201c{title}\u201d ({number}) has expired.",
  },
  "agreement.comment": {
    title: "New comment on agreement {title}",
    body: "{author} commented on the agreement \u201c{title}\u201d.",
  },
  "partner.verified": {
    title: "LKS registration verified",
    body: "Kemensos verified the registration of {partner}. You can now sign in to the portal.",
  },
  "partner.rejected": {
    title: "LKS registration rejected",
    body: "Kemensos rejected the registration of {partner}. Reason: {reason}",
  },
  "partner.suspended": {
    title: "LKS suspended",
    body: "Kemensos suspended {partner}. Reason: {reason}",
  },
  "partner.reinstated": {
    title: "LKS reinstated",
    body: "Kemensos reinstated {partner}.",
  },
  "partner.accreditation_expiring": {
    title: "Accreditation expiring soon",
    body: "The accreditation of {partner} expires on {date} ({days} days from now). Renew it and update your LKS profile.",
  },
  "referral.acknowledged": {
    title: "Referral received by {program}",
    body: "The {program} programme confirmed it received referral {referral}.",
  },
  "referral.accepted": {
    title: "Referral accepted by {program}",
    body: "The {program} programme accepted referral {referral}.",
  },
  "referral.rejected": {
    title: "Referral rejected by {program}",
    body: "The {program} programme rejected referral {referral}.",
  },
  "referral.enrolled": {
    title: "Referral enrolled by {program}",
    body: "The {program} programme enrolled the beneficiary of referral {referral}.",
  },
  "referral.closed": {
    title: "Referral closed by {program}",
    body: "The {program} programme closed referral {referral}.",
  },
  "referral.overdue": {
    title: "Referral {referral} is overdue",
    body: "Referral {referral} to the {program} programme has not been answered and its deadline ({deadline}) has passed. Please answer it through the API or the portal; otherwise the Ministry of Social Affairs will be told.",
  },
  "referral.escalated": {
    title: "Referral {referral} to {program} is overdue",
    body: "The {program} programme has not answered referral {referral}; its deadline {deadline} has passed and the programme's contacts were reminded.",
  },
  "referral.erasure_confirmed": {
    title: "{program} confirmed the data erasure",
    body: "After the consent withdrawal, the {program} programme confirmed that the data of referral {referral} was {measure}.",
  },
  "endpoint.disabled": {
    title: "Webhook endpoint disabled",
    body: "The webhook endpoint {url} of the {program} programme was disabled: {reason}",
  },
  "endpoint.disabled_contact": {
    title: "Webhook endpoint of the {program} programme disabled",
    body: "The ATENSI Integration Hub disabled the webhook endpoint {url} of the {program} programme: {reason}. New events are still recorded and can be redelivered once the endpoint is enabled again. Please fix your receiver, then ask the Ministry of Social Affairs to enable it again.",
  },
};

export const mailEn: Record<keyof typeof mailId, string> = {
  greeting: "Dear {name},",
  open: "Open in the ATENSI Partner Portal",
  signature: "Regards,\nDirectorate of Social Rehabilitation, Ministry of Social Affairs",
  footer:
    "This e-mail was sent automatically by the ATENSI Partner Portal. Choose which e-mails you receive at {preferences}.",
  footerAccount: "This e-mail was sent automatically by the ATENSI Partner Portal; please do not reply.",
};

export const reasonsEn: Record<string, string> = {
  gone: "the receiver answered 410 Gone",
  failing: "every delivery failed for 5 days",
};
