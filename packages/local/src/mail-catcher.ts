/**
 * The local mail catcher: a real SMTP server (the `smtp-server` package) that keeps what it
 * receives in memory and on disk under DATA_DIR/mail, and a small page to read it. `pnpm start`
 * points the hub's mail transport here, so nothing leaves the machine; tests read it as JSON.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { escapeHtml } from "@atensi/core/mail";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type CaughtMail = {
  id: number;
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  receivedAt: string;
};

const addresses = (field: ParsedMail["to"]) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) =>
    a.value.map((v) => (v.address ?? "").toLowerCase()),
  );

export const startMailCatcher = async (options: { port?: number; host?: string; dir?: string } = {}) => {
  const messages: CaughtMail[] = [];
  const waiters = new Set<() => void>();
  /** Failures to answer before accepting, for tests of a server that refuses at first. */
  let refusals = 0;
  let attempts = 0;
  if (options.dir) mkdirSync(options.dir, { recursive: true });

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    banner: "ATENSI local mail catcher",
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      attempts++;
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (refusals > 0) {
          refusals--;
          const error = new Error("Try again later (the catcher was told to refuse)") as Error & {
            responseCode: number;
          };
          error.responseCode = 451;
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then(
          (parsed) => {
            const mail: CaughtMail = {
              id: messages.length + 1,
              messageId: parsed.messageId ?? "",
              from: parsed.from?.text ?? "",
              to: addresses(parsed.to),
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              receivedAt: new Date().toISOString(),
            };
            messages.push(mail);
            if (options.dir) writeFileSync(join(options.dir, `${String(mail.id).padStart(5, "0")}.eml`), raw);
            for (const wake of waiters) wake();
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  server.on("error", () => {
    // A client that drops its connection must not stop the catcher.
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    smtpUrl: `smtp://${options.host ?? "127.0.0.1"}:${port}`,
    messages: () => [...messages],
    /** How many messages clients tried to hand over (refused ones included). */
    attempts: () => attempts,
    refuseNext: (n: number) => {
      refusals = n;
    },
    clear: () => {
      messages.length = 0;
    },
    /** Resolves with the first message (from now on or already here) that matches. */
    waitFor: (match: (m: CaughtMail) => boolean, timeoutMs = 10_000) =>
      new Promise<CaughtMail>((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No matching mail within ${timeoutMs} ms (${messages.length} caught)`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

export type MailCatcher = Awaited<ReturnType<typeof startMailCatcher>>;

/**
 * `/_mail/` on the local hub: the caught messages, newest first, and each one's HTML in a
 * sandboxed frame (`/_mail/<id>.html`) and its text; `/_mail/messages.json` for scripts.
 */
export const mailPages =
  (catcher: MailCatcher) =>
  (path: string): Response | undefined => {
    if (path === "/_mail/messages.json") return Response.json(catcher.messages());
    const one = /^\/_mail\/(\d+)\.html$/.exec(path);
    if (one) {
      const mail = catcher.messages().find((m) => m.id === Number(one[1]));
      if (!mail) return new Response("Not found", { status: 404 });
      return new Response(mail.html || `<pre>${escapeHtml(mail.text)}</pre>`, {
        headers: {
          "content-type": "text/html; charset=utf-8",
          // The mail's own HTML runs nothing and loads nothing.
          "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
        },
      });
    }
    if (path !== "/_mail" && path !== "/_mail/") return undefined;
    const rows = catcher
      .messages()
      .reverse()
      .map(
        (m) => `<article><h2>${escapeHtml(m.subject)}</h2>
<p><strong>To:</strong> ${escapeHtml(m.to.join(", "))} · <strong>From:</strong> ${escapeHtml(m.from)} · <time>${escapeHtml(m.receivedAt)}</time> · <a href="/_mail/${m.id}.html">HTML</a></p>
<pre>${escapeHtml(m.text)}</pre></article>`,
      )
      .join("\n");
    return new Response(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local mail catcher</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}article{border:1px solid #ccc;border-radius:6px;padding:0 1rem;margin:1rem 0}pre{white-space:pre-wrap}</style></head>
<body><h1>Local mail catcher</h1><p>${catcher.messages().length} message(s) caught on SMTP port ${catcher.port}; nothing leaves this machine. Reload to see new mail.</p>${rows || "<p>No mail yet.</p>"}</body></html>`,
      { headers: { "content-type": "text/html; charset=utf-8" } },
    );
  };
