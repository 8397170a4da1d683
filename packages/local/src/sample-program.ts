import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

/**
 * A sample receiving programme for the local demo: it verifies each webhook's signature with the
 * `standardwebhooks` package (not our code) and acknowledges new referrals through the API with
 * its API key, as a real programme's integration would.
 */
export const startSampleProgram = async (options: {
  hubUrl: string;
  apiKey: string;
  secret: string;
  port: number;
  name: string;
}) => {
  const webhook = new Webhook(options.secret);
  const log = (msg: string, extra: Record<string, unknown> = {}) =>
    console.log(JSON.stringify({ level: "info", msg: `sample programme ${options.name}: ${msg}`, ...extra }));

  const acknowledge = async (referralID: string, eventID: string) => {
    const res = await fetch(`${options.hubUrl}/v1/referrals/${referralID}/responses`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${options.apiKey}`,
        "content-type": "application/json",
        "idempotency-key": `ack-${eventID}`,
      },
      body: JSON.stringify({ action: "acknowledge", note: `Diterima oleh sistem ${options.name} (contoh)` }),
    });
    log("acknowledged", { referralID, status: res.status });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let event: { type: string; data: { referral?: { id: string; status: string } } };
      try {
        event = webhook.verify(body, req.headers as Record<string, string>) as typeof event;
      } catch {
        res.writeHead(400).end("signature does not verify");
        return;
      }
      res.writeHead(204).end();
      const eventID = String(req.headers["webhook-id"]);
      log("verified", { type: event.type, eventID });
      const referral = event.data.referral;
      if (event.type === "referral.sent" && referral?.status === "sent") {
        setTimeout(() => void acknowledge(referral.id, eventID).catch(() => {}), 500);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, resolve);
  });
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}/webhooks/atensi`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
};
