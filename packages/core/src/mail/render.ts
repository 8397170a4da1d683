import { type Language, mailText, type NotificationParams, renderNotification } from "@atensi/contracts";

/** What a mail item carries, sealed: the parts of the message, never the message itself. */
export type MailContent = {
  /** The recipient's name for the greeting. */
  name: string;
  params: NotificationParams;
  /** A portal path (`/reports/rpt_…`, `/reset-password#token=…`), made absolute when rendered. */
  link?: string;
  /** A digest's notifications. */
  items?: { kind: string; params: NotificationParams; link?: string }[];
};

/** HTML text escaping for the mail body (and the local catcher's page). */
export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const paragraphs = (text: string) =>
  text
    .split("\n")
    .map((line) => escapeHtml(line))
    .join("<br>");

/**
 * The e-mail for a notification kind, in one language: a subject, a plain-text part and an HTML
 * part, both from the same catalogue the portal shows the inbox from, with the portal link.
 */
export const renderMail = (
  language: Language,
  kind: string,
  content: MailContent,
  portalUrl: string,
  options: { account: boolean },
) => {
  const { title, body } = renderNotification(language, kind, content.params);
  const absolute = (path?: string) =>
    path ? `${portalUrl}${path.startsWith("/") ? "" : "/"}${path}` : undefined;
  const link = absolute(content.link);
  const greeting = mailText(language, "greeting", { name: content.name });
  const open = mailText(language, "open");
  const signature = mailText(language, "signature");
  const footer = options.account
    ? mailText(language, "footerAccount")
    : mailText(language, "footer", { preferences: `${portalUrl}/notifications/preferences` });
  const items = (content.items ?? []).map((item) => ({
    ...renderNotification(language, item.kind, item.params),
    link: absolute(item.link),
  }));

  const text = [
    greeting,
    "",
    body,
    ...items.flatMap((i) => ["", `- ${i.title}`, `  ${i.body}`, ...(i.link ? [`  ${i.link}`] : [])]),
    ...(link ? ["", `${open}: ${link}`] : []),
    "",
    signature,
    "",
    "--",
    footer,
  ].join("\n");

  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1f2937;line-height:1.5;max-width:600px;margin:0 auto;padding:16px">
<p style="font-size:12px;color:#4b5563;margin:0 0 16px">Kementerian Sosial RI · Portal Mitra ATENSI</p>
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(title)}</h1>
<p>${paragraphs(greeting)}</p>
<p>${paragraphs(body)}</p>
${items.length ? `<ul>${items.map((i) => `<li><strong>${escapeHtml(i.title)}</strong><br>${escapeHtml(i.body)}${i.link ? `<br><a href="${escapeHtml(i.link)}">${escapeHtml(open)}</a>` : ""}</li>`).join("")}</ul>` : ""}
${link ? `<p><a href="${escapeHtml(link)}" style="display:inline-block;background:#0f5c8c;color:#ffffff;padding:10px 16px;border-radius:4px;text-decoration:none">${escapeHtml(open)}</a></p><p style="font-size:12px;color:#4b5563;word-break:break-all">${escapeHtml(link)}</p>` : ""}
<p>${paragraphs(signature)}</p>
<hr style="border:none;border-top:1px solid #d1d5db"><p style="font-size:12px;color:#4b5563">${paragraphs(footer)}</p>
</body></html>`;
  return { subject: title, text, html };
};
