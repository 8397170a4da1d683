import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type Behaviour = "ok" | "fail" | "timeout" | "reset" | "throttle";

/** One request as the receiver saw it. */
export type SeenAttempt = {
  id: string;
  /** This request's number for its webhook-id, from 1. */
  n: number;
  body: string;
  /** Whether the Standard Webhooks signature verified (checked on every request, failed or not). */
  valid: boolean;
  behaviour: Behaviour;
  /** When it arrived (ms since the epoch). */
  at: number;
};

/** A hub event as delivered: referral events carry the referral as the programme may see it. */
export type DeliveredEvent = {
  type: string;
  timestamp: string;
  data: { referral?: { id: string; sequence: number } & Record<string, unknown> } & Record<string, unknown>;
};

/** A request the receiver verified and answered 204 to, on a connection still open. */
export type Acknowledged = { id: string; body: string; event: DeliveredEvent };

/**
 * A webhook receiver that records every request, verifies each one's signature with the
 * `standardwebhooks` package, and answers as `decide` says: 204 after `delayMs` (a slow
 * receiver), 500, 429 with `retryAfter`, no answer at all (the hub's timeout ends it), or a
 * dropped connection.
 */
export const startRecordingReceiver = async (
  options: {
    decide?: (attempt: { id: string; n: number }) => Behaviour;
    /** How long to take before answering 204; 0 by default. */
    delayMs?: () => number;
    /** The `Retry-After` a throttled attempt is answered 429 with (none when undefined). */
    retryAfter?: (attempt: { id: string; n: number }) => string | undefined;
  } = {},
) => {
  const decide = options.decide ?? (() => "ok");
  let webhook: Webhook | undefined;
  const attempts: SeenAttempt[] = [];
  const acknowledged: Acknowledged[] = [];
  const invalid: string[] = [];
  const countByID = new Map<string, number>();
  let inFlight = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const id = String(req.headers["webhook-id"]);
      const n = (countByID.get(id) ?? 0) + 1;
      countByID.set(id, n);
      let event: Acknowledged["event"] | undefined;
      try {
        if (!webhook) throw new Error("no secret set");
        event = webhook.verify(body, req.headers as Record<string, string>) as Acknowledged["event"];
      } catch (error) {
        invalid.push(`${id}: ${(error as Error).message}`);
      }
      const behaviour = event ? decide({ id, n }) : "fail";
      attempts.push({ id, n, body, valid: event !== undefined, behaviour, at: Date.now() });
      if (!event) return res.writeHead(400).end("bad signature");
      if (behaviour === "timeout") return; // never answers; the hub's timeout ends it
      if (behaviour === "reset") return req.socket.destroy();
      if (behaviour === "fail") return res.writeHead(500).end("temporarily unavailable");
      if (behaviour === "throttle") {
        const after = options.retryAfter?.({ id, n });
        return res.writeHead(429, after ? { "retry-after": after } : {}).end("slow down");
      }
      const answer = () => {
        // The hub went away (killed) while we were thinking: it never learns of this success.
        if (req.socket.destroyed) return;
        res.once("finish", () => acknowledged.push({ id, body, event: event! }));
        res.writeHead(204).end();
      };
      const delay = options.delayMs?.() ?? 0;
      if (delay <= 0) return answer();
      inFlight++;
      setTimeout(() => {
        inFlight--;
        answer();
      }, delay);
    });
  });
  await new Promise<void>((r) => server.listen(0, r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/hooks/atensi`,
    useSecret: (secret: string) => {
      webhook = new Webhook(secret);
    },
    attempts,
    acknowledged,
    invalid,
    /** Slow answers still being prepared. */
    inFlight: () => inFlight,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
};
