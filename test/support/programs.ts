import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import type { Client } from "./hub";

/** A valid NIK for a birth date and sex (district 327301: Kota Bandung), serial `serial`. */
export const nikFor = (birthDate: string, sex: "male" | "female", serial = 1, district = "327301") => {
  const [y, m, d] = birthDate.split("-") as [string, string, string];
  const day = Number(d) + (sex === "female" ? 40 : 0);
  return `${district}${String(day).padStart(2, "0")}${m}${y.slice(2)}${String(serial).padStart(4, "0")}`;
};

let people = 0;

/**
 * The n-th of 252,000 different people (28 birth days × 9,000 serials): benches send more
 * referrals than one birth date's NIK serials can name, and a repeated person would be refused
 * as a duplicate of an open referral.
 */
export const person = (n: number) => {
  const birthDate = `1985-07-${String(1 + (Math.floor(n / 9000) % 28)).padStart(2, "0")}`;
  return { nik: nikFor(birthDate, "female", 1000 + (n % 9000)), birthDate };
};

/**
 * A valid referral; each call names a different person (NIK serial 1, 2, … within a test file),
 * since a second open referral of one person to the same programme is refused as a duplicate.
 */
export const referralInput = (programID: string, overrides: Record<string, unknown> = {}) => ({
  programID,
  beneficiary: {
    nik: nikFor("1985-07-12", "female", ++people),
    kk: "3273010101090007",
    name: "Siti Aminah",
    birthDate: "1985-07-12",
    sex: "female",
    address: { street: "Jl. Cikutra No. 12, Cibeunying Kidul", provinceCode: "32", regencyCode: "3273" },
  },
  criteria: ["kemiskinan", "disabilitas"],
  needs: "Bantuan sosial bersyarat untuk keluarga dengan anak sekolah",
  reason: "Keluarga miskin dengan kepala keluarga penyandang disabilitas",
  urgency: "routine",
  legalBasis: { type: "consent", givenBy: "beneficiary", givenAt: "2026-11-01", method: "written" },
  ...overrides,
});

export type Received = { headers: IncomingHttpHeaders; body: string; event: { type: string; data: any } };

/**
 * A receiving programme's webhook endpoint on this machine that verifies every request with the
 * `standardwebhooks` package. `behave` decides each answer (default 204).
 */
export const startReceiver = async (
  behave: (attempt: { id: string; n: number }) => "ok" | "fail" | "timeout" | "reset" | "gone" = () => "ok",
) => {
  let webhook: Webhook | undefined;
  const verified: Received[] = [];
  const invalid: string[] = [];
  const attemptsByID = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const id = String(req.headers["webhook-id"]);
      const n = (attemptsByID.get(id) ?? 0) + 1;
      attemptsByID.set(id, n);
      const behaviour = behave({ id, n });
      if (behaviour === "timeout") return; // never answers; the hub's timeout ends it
      if (behaviour === "reset") return req.socket.destroy();
      if (behaviour === "fail") return res.writeHead(500).end("temporarily unavailable");
      if (behaviour === "gone") return res.writeHead(410).end("gone");
      try {
        const event = webhook!.verify(body, req.headers as Record<string, string>) as Received["event"];
        verified.push({ headers: req.headers, body, event });
        res.writeHead(204).end();
      } catch (error) {
        invalid.push((error as Error).message);
        res.writeHead(400).end("bad signature");
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/hooks/atensi`,
    useSecret: (secret: string) => {
      webhook = new Webhook(secret);
    },
    verified,
    invalid,
    attemptsByID,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
};

/** Creates a programme with a key and (optionally) an endpoint, as an admin client. */
export const setUpProgram = async (
  admin: Client,
  input: {
    code: string;
    allowedFields?: string[];
    endpointUrl?: string;
    eventTypes?: string[];
    contactEmails?: string[];
  },
) => {
  const program = await admin.post("/v1/programs", {
    code: input.code,
    name: `Program ${input.code}`,
    owningUnit: "Direktorat Jaminan Sosial Keluarga",
    kind: "perlindungan_sosial",
    allowedFields: input.allowedFields ?? ["nik", "name", "birthDate", "sex", "region", "criteria", "needs"],
    ...(input.contactEmails ? { contactEmails: input.contactEmails } : {}),
  });
  if (program.status !== 201) throw new Error(`program: ${program.status} ${program.text}`);
  const key = await admin.post(`/v1/programs/${program.json.id}/keys`, { name: "production" });
  if (key.status !== 201) throw new Error(`key: ${key.status} ${key.text}`);
  let endpoint: { id: string; secret: string } | undefined;
  if (input.endpointUrl) {
    const res = await admin.post(`/v1/programs/${program.json.id}/endpoints`, {
      url: input.endpointUrl,
      eventTypes: input.eventTypes ?? [],
    });
    if (res.status !== 201) throw new Error(`endpoint: ${res.status} ${res.text}`);
    endpoint = res.json;
  }
  return {
    program: program.json as { id: string; code: string },
    apiKey: key.json.secret as string,
    endpoint,
  };
};

/** Polls until `check` returns a value (not undefined/false), or fails after `ms`. */
export const eventually = async <T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 20_000,
) => {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error("Timed out waiting for a condition");
    await new Promise((r) => setTimeout(r, 50));
  }
};
