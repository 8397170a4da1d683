/**
 * A receiver that is throttling answers 429 with `Retry-After`: the hub comes back after that
 * time (seconds or an HTTP date, at most an hour), not on its ordinary backoff schedule, which
 * this test shrinks to milliseconds (1 min × 0.0001 = 6 ms) so the two cannot be confused.
 */
import { DeliveryEntity } from "@atensi/core/webhook";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ADMIN, signedIn, useTestHub, verifiedLks } from "../support/hub";
import { eventually, nikFor, referralInput, setUpProgram } from "../support/programs";
import { startRecordingReceiver } from "../support/recording-receiver";

process.env.ATENSI_WEBHOOK_RETRY_SCALE = "0.0001";
process.env.ATENSI_WEBHOOK_TIMEOUT_MS = "2000";

const hub = useTestHub({ worker: true, sweepIntervalMs: 100 });

/** What the receiver answers each event's first attempt with; later attempts get 204. */
type Case = { name: string; retryAfter: () => string | undefined };
const CASES: Case[] = [
  { name: "seconds", retryAfter: () => "2" },
  // HTTP dates have whole seconds: 4 s ahead is at least 3 s after truncation.
  { name: "http-date", retryAfter: () => new Date(Date.now() + 4000).toUTCString() },
  { name: "capped", retryAfter: () => "7200" },
  { name: "absent", retryAfter: () => undefined },
];

const caseOfEvent = new Map<string, Case>();
let current: Case | undefined;
let receiver: Awaited<ReturnType<typeof startRecordingReceiver>>;

beforeAll(async () => {
  receiver = await startRecordingReceiver({
    decide: ({ id, n }) => {
      if (!caseOfEvent.has(id) && current) caseOfEvent.set(id, current);
      return n === 1 ? "throttle" : "ok";
    },
    retryAfter: ({ id }) => caseOfEvent.get(id)?.retryAfter(),
  });
});
afterAll(() => receiver?.close());

it("retries a 429 after its Retry-After (seconds or HTTP date, capped at 1 h), and on the schedule without one", {
  timeout: 60_000,
}, async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { program, endpoint } = await setUpProgram(admin, { code: "PKH", endpointUrl: receiver.url });
  receiver.useSecret(endpoint!.secret);
  const lks = await verifiedLks(hub.url, 760);

  const eventOf = new Map<string, string>();
  for (const [i, c] of CASES.entries()) {
    current = c;
    const res = await lks.client.post(
      "/v1/referrals",
      referralInput(program.id, {
        beneficiary: {
          ...referralInput(program.id).beneficiary,
          nik: nikFor("1985-07-12", "female", 40 + i),
        },
      }),
    );
    expect(res.status, res.text).toBe(201);
    // One case at a time, so each event's first attempt is matched to its case.
    const id = await eventually(() => receiver.attempts.find((a) => caseOfEvent.get(a.id) === c)?.id);
    eventOf.set(c.name, id);
  }

  const arrivals = (name: string) => receiver.attempts.filter((a) => a.id === eventOf.get(name));
  const secondAttempt = (name: string) => eventually(() => arrivals(name)[1], 20_000);

  // Seconds: at least 2 s between the 429 and the next attempt (the schedule would wait 6 ms).
  const [first, second] = [arrivals("seconds")[0]!, await secondAttempt("seconds")];
  expect(second.at - first.at).toBeGreaterThanOrEqual(1950);
  expect(second.behaviour).toBe("ok");

  // An HTTP date 4 s ahead (3–4 s once truncated to whole seconds).
  const dated = [arrivals("http-date")[0]!, await secondAttempt("http-date")];
  expect(dated[1]!.at - dated[0]!.at).toBeGreaterThanOrEqual(2950);

  // No Retry-After: the ordinary (here, shrunk) schedule, so well under the seconds case.
  const plain = [arrivals("absent")[0]!, await secondAttempt("absent")];
  expect(plain[1]!.at - plain[0]!.at).toBeLessThan(1500);

  // Two hours asked: the hub waits one hour, and has not come back meanwhile.
  const { data } = await DeliveryEntity.query.byEvent({ eventID: eventOf.get("capped")! }).go();
  const capped = data[0]!;
  expect(capped.status).toBe("pending");
  expect(capped.lastStatusCode).toBe(429);
  expect(capped.lastError).toContain("Retry-After: 7200");
  const wait = Date.parse(capped.nextAttemptAt) - arrivals("capped")[0]!.at;
  expect(wait).toBeGreaterThan(3600e3 - 10_000);
  expect(wait).toBeLessThanOrEqual(3600e3 + 1000);
  expect(arrivals("capped")).toHaveLength(1);

  // Every delivered event verified; the throttled answers are in each attempt log.
  expect(receiver.invalid).toEqual([]);
  const log = await admin.get(
    `/v1/deliveries/${(await DeliveryEntity.query.byEvent({ eventID: eventOf.get("seconds")! }).go()).data[0]!.deliveryID}`,
  );
  expect(log.status, log.text).toBe(200);
  expect(log.json.attemptLog.map((a: { statusCode?: number }) => a.statusCode)).toEqual([429, 204]);
});
