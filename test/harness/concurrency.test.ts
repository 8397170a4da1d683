/**
 * Conflicting writes at the same moment: 50 requests race for the same decision on the same
 * record. Exactly one wins (200); every other one is refused with 409 (the record is no longer in
 * a state that allows it, or DynamoDB cancelled the racing transaction) or 412 (the version it
 * read is gone), and the stored record, its audit trail and its side effects (outbox event,
 * notification, dashboard figures, agreement number) show exactly one change.
 *
 * The racers are 50 distinct staff users (reviewer + approver roles) for the portal decisions,
 * and 50 concurrent calls with the programme's API key for the referral answers, all through
 * HTTP against an in-process hub.
 */
import { Audit } from "@atensi/core";
import { AgreementEntity } from "@atensi/core/agreement";
import { AggregateEntity } from "@atensi/core/dashboard";
import { NotificationEntity } from "@atensi/core/notification";
import { OutboxEntity } from "@atensi/core/outbox";
import { ReferralEntity } from "@atensi/core/referral";
import { ReportEntity } from "@atensi/core/report";
import { afterAll, beforeAll, expect, it } from "vitest";
import { agreementInput } from "../support/agreements";
import { ADMIN, REVIEWER, registration, startTestHub, TEST_PASSWORD } from "../support/hub";
import { referralInput } from "../support/programs";
import {
  type Answer,
  type Credential,
  expectStatus,
  reportContent,
  send,
  signIn,
  startedPeriods,
  thisYearAgreement,
  YEAR,
} from "./support/sec-fixtures";

const RACERS = 50;

let hub: Awaited<ReturnType<typeof startTestHub>>;
let url: string;
let reviewer: Credential;
let admin: Credential;
let racers: Credential[];
let lks: { admin: Credential; partnerID: string };
let programKey: Credential;
let programID: string;

beforeAll(async () => {
  hub = await startTestHub();
  url = hub.url;
  await hub.createUser({ ...REVIEWER, roles: ["kemensos_reviewer"] });
  await hub.createUser({ ...ADMIN, roles: ["admin"] });
  await Promise.all(
    Array.from({ length: RACERS }, (_, i) =>
      hub.createUser({
        email: `racer${i}@kemensos.example`,
        name: `Petugas ${i}`,
        roles: ["kemensos_reviewer", "kemensos_approver"],
        password: TEST_PASSWORD,
      }),
    ),
  );
  racers = await Promise.all(
    Array.from({ length: RACERS }, (_, i) => signIn(url, `racer${i}@kemensos.example`, TEST_PASSWORD)),
  );
  reviewer = await signIn(url, REVIEWER.email, REVIEWER.password);
  admin = await signIn(url, ADMIN.email, ADMIN.password);
  const registered = expectStatus(
    await send(url, { kind: "public" }, "POST", "/v1/partners", { body: registration(901) }),
    201,
    "register",
  );
  expectStatus(await send(url, reviewer, "POST", `/v1/partners/${registered.id}/verify`), 200, "verify");
  lks = { admin: await signIn(url, "admin901@lks.example", TEST_PASSWORD), partnerID: registered.id };
  const program = expectStatus(
    await send(url, admin, "POST", "/v1/programs", {
      body: {
        code: "PKH",
        name: "Program Keluarga Harapan",
        owningUnit: "Direktorat Jaminan Sosial Keluarga",
        kind: "perlindungan_sosial",
        allowedFields: ["nik", "name", "birthDate", "sex", "region", "criteria", "needs"],
      },
    }),
    201,
    "program",
  );
  programID = program.id;
  const key = expectStatus(
    await send(url, admin, "POST", `/v1/programs/${programID}/keys`, { body: { name: "production" } }),
    201,
    "key",
  );
  programKey = { kind: "program", key: key.secret };
});
afterAll(() => hub?.stop());

const post = (who: Credential, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  send(url, who, "POST", path, { ...(body !== undefined ? { body } : {}), headers });

/** Starts every request at once (after all are built) and waits for every answer. */
const race = (requests: (() => Promise<Answer>)[]) => Promise.all(requests.map((r) => r()));

/** Exactly one 200; every other answer 409 or 412. Returns the winner. */
const exactlyOneWins = (answers: Answer[]) => {
  const statuses = answers.map((a) => a.status);
  const tally = Object.fromEntries(
    [...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length]),
  );
  expect(
    statuses.filter((s) => s === 200),
    JSON.stringify(tally),
  ).toHaveLength(1);
  expect(
    statuses.filter((s) => s !== 200 && s !== 409 && s !== 412),
    JSON.stringify(tally),
  ).toEqual([]);
  for (const a of answers.filter((x) => x.status !== 200))
    expect(a.headers.get("content-type")).toContain("application/problem+json");
  return { winner: answers.find((a) => a.status === 200)!, tally };
};

/** The entity's audit trail: its actions in order, and a verified chain as long as its version. */
const trail = async (entityID: string, head: { version: number; auditHash: string }) => {
  const verification = await Audit.verify(entityID, head.auditHash);
  expect(verification).toMatchObject({ valid: true, events: head.version });
  return (await Audit.list(entityID)).map((e) => e.action);
};

const outboxOf = async (subject: string) => {
  const { data } = await OutboxEntity.scan.where((a, op) => op.eq(a.subject, subject)).go({ pages: "all" });
  return data.map((e) => e.type).sort();
};

const notificationsFor = async (audience: string, link: string) => {
  const { data } = await NotificationEntity.query.byAudience({ audience }).go({ pages: "all" });
  return data.filter((n) => n.link === link).map((n) => n.kind);
};

/** A submitted agreement of the LKS (next year's by default, so approval does not activate it). */
const submittedAgreement = async (input = agreementInput()) => {
  const id = expectStatus(await post(lks.admin, "/v1/agreements", input), 201, "draft").id as string;
  expectStatus(await post(lks.admin, `/v1/agreements/${id}/submit`), 200, "submit");
  return id;
};

const agreementItem = async (id: string) => (await AgreementEntity.get({ agreementID: id }).go()).data!;

it("50 approvers approving the same recommended agreement: one approval, one number, one event", async () => {
  const id = await submittedAgreement();
  const recommended = expectStatus(await post(reviewer, `/v1/agreements/${id}/recommend`), 200, "recommend");
  // Half send the version they read, half none (a double click): both kinds must be refused.
  const answers = await race(
    racers.map(
      (who, i) => () =>
        post(
          who,
          `/v1/agreements/${id}/approve`,
          undefined,
          i % 2 ? { "if-match": `"${recommended.version}"` } : {},
        ),
    ),
  );
  const { winner, tally } = exactlyOneWins(answers);
  expect(winner.json).toMatchObject({ status: "approved", version: recommended.version + 1 });

  const item = await agreementItem(id);
  expect(item).toMatchObject({
    status: "approved",
    version: recommended.version + 1,
    number: winner.json.number,
  });
  expect(await trail(id, item)).toEqual([
    "agreement.drafted",
    "agreement.submitted",
    "agreement.recommended",
    "agreement.approved",
  ]);
  expect(await outboxOf(id)).toEqual(["agreement.approved", "agreement.submitted"]);
  expect(await notificationsFor(lks.partnerID, `/agreements/${id}`)).toEqual(["agreement.approved"]);

  // The losers did not burn agreement numbers: the next approval takes the next one.
  const next = await submittedAgreement();
  await post(reviewer, `/v1/agreements/${next}/recommend`);
  const approved = expectStatus(await post(racers[0]!, `/v1/agreements/${next}/approve`), 200, "approve");
  const seq = (n: string) => Number(n.split("/")[0]);
  expect(seq(approved.number)).toBe(seq(winner.json.number) + 1);
  console.log(JSON.stringify({ race: "agreement.approve", tally }));
});

it("50 reviewers recommending or requesting changes with the same If-Match: one decision stands", async () => {
  const id = await submittedAgreement();
  const before = await agreementItem(id);
  const answers = await race(
    racers.map(
      (who, i) => () =>
        i % 2
          ? post(who, `/v1/agreements/${id}/recommend`, undefined, { "if-match": `"${before.version}"` })
          : post(
              who,
              `/v1/agreements/${id}/request-changes`,
              { reason: `Mohon lengkapi lampiran (${i})` },
              { "if-match": `"${before.version}"` },
            ),
    ),
  );
  const { winner, tally } = exactlyOneWins(answers);
  const item = await agreementItem(id);
  expect(item.version).toBe(before.version + 1);
  expect(item.status).toBe(winner.json.status);
  expect(["recommended", "changes_requested"]).toContain(item.status);
  const actions = await trail(id, item);
  expect(actions.slice(2)).toEqual([
    item.status === "recommended" ? "agreement.recommended" : "agreement.changes_requested",
  ]);
  // Every loser with the old version is told so or told the state moved on; none wrote anything.
  expect(await notificationsFor(lks.partnerID, `/agreements/${id}`)).toHaveLength(
    item.status === "changes_requested" ? 1 : 0,
  );
  console.log(JSON.stringify({ race: "agreement.recommend|request_changes", tally }));
});

it("50 programme answers to the same referral: one answer is recorded, once", async () => {
  const referralWithAnswers = async (ifMatch: boolean) => {
    const referral = expectStatus(
      await post(lks.admin, "/v1/referrals", referralInput(programID)),
      201,
      "refer",
    );
    const actions = [
      { action: "acknowledge", note: "Sedang diverifikasi" },
      { action: "accept" },
      { action: "reject", reasonCode: "already_enrolled" },
    ];
    const answers = await race(
      Array.from(
        { length: RACERS },
        (_, i) => () =>
          post(
            programKey,
            `/v1/referrals/${referral.id}/responses`,
            ifMatch ? actions[i % 3] : { action: "accept" },
            ifMatch ? { "if-match": '"1"' } : {},
          ),
      ),
    );
    const { winner, tally } = exactlyOneWins(answers);
    const { data: item } = await ReferralEntity.get({ referralID: referral.id }).go();
    expect(item).toMatchObject({ status: winner.json.status, version: 2, sequence: 2 });
    const audit = await trail(referral.id, item!);
    expect(audit).toEqual([
      "referral.sent",
      `referral.${winner.json.status === "acknowledged" ? "acknowledge" : winner.json.status === "accepted" ? "accept" : "reject"}`,
    ]);
    // The programme's answers raise no webhook; the sender is told in-app, once.
    expect(item!.eventIDs).toHaveLength(1);
    expect(await outboxOf(referral.id)).toEqual(["referral.sent"]);
    expect(await notificationsFor(lks.partnerID, `/referrals/${referral.id}`)).toHaveLength(1);
    return tally;
  };
  const withVersion = await referralWithAnswers(true);
  const withoutVersion = await referralWithAnswers(false);
  console.log(JSON.stringify({ race: "referral.respond", withVersion, withoutVersion }));
});

it("50 reviewers accepting the same report: accepted once, its figures counted once", async () => {
  const agreementID = expectStatus(
    await post(lks.admin, "/v1/agreements", thisYearAgreement(80)),
    201,
    "draft",
  ).id as string;
  await post(lks.admin, `/v1/agreements/${agreementID}/submit`);
  await post(reviewer, `/v1/agreements/${agreementID}/recommend`);
  expect(
    expectStatus(await post(racers[0]!, `/v1/agreements/${agreementID}/approve`), 200, "approve").status,
  ).toBe("active");
  const report = expectStatus(
    await post(lks.admin, "/v1/reports", { agreementID, period: startedPeriods()[0] }),
    201,
    "report",
  );
  expectStatus(
    await send(url, lks.admin, "PUT", `/v1/reports/${report.id}`, { body: { content: reportContent(42) } }),
    200,
    "save",
  );
  const submitted = expectStatus(await post(lks.admin, `/v1/reports/${report.id}/submit`), 200, "submit");

  const realised = async () => {
    const { data } = await AggregateEntity.query.byYear({ year: String(YEAR) }).go({ pages: "all" });
    const of = (dimension: string, key: string) =>
      data.find((d) => d.dimension === dimension && d.key === key)?.realised ?? 0;
    return {
      cluster: of("cluster", "penyandang_disabilitas"),
      partner: of("partner", lks.partnerID),
      province: of("province", "32"),
    };
  };
  const before = await realised();
  const answers = await race(
    racers.map(
      (who, i) => () =>
        post(
          who,
          `/v1/reports/${report.id}/accept`,
          undefined,
          i % 2 ? { "if-match": `"${submitted.version}"` } : {},
        ),
    ),
  );
  const { tally } = exactlyOneWins(answers);
  const { data: item } = await ReportEntity.get({ reportID: report.id }).go();
  expect(item).toMatchObject({ status: "accepted", version: submitted.version + 1 });
  const actions = await trail(report.id, item!);
  expect(actions.filter((a) => a === "report.accepted")).toHaveLength(1);
  expect(actions.at(-1)).toBe("report.accepted");
  expect(await realised()).toEqual({
    cluster: before.cluster + 42,
    partner: before.partner + 42,
    province: before.province + 42,
  });
  expect((await outboxOf(report.id)).filter((t) => t === "report.accepted")).toHaveLength(1);
  expect(
    (await notificationsFor(lks.partnerID, `/reports/${report.id}`)).filter((k) => k === "report.accepted"),
  ).toHaveLength(1);
  console.log(JSON.stringify({ race: "report.accept", tally }));
});
