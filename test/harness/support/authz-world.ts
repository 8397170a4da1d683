/**
 * The records and callers the authorization matrix runs against, created once through the API
 * of an in-process hub (with its delivery worker, so a real delivery exists, and the mail catcher,
 * so the completions in ../authz-complete.ts can follow e-mailed links).
 */
import type { Role } from "@atensi/contracts";
import { agreementInput } from "../../support/agreements";
import {
  ADMIN,
  REVIEWER,
  registration,
  SECOND_APPROVER,
  startTestHub,
  TEST_PASSWORD,
} from "../../support/hub";
import { eventually, referralInput, startReceiver } from "../../support/programs";
import type { Caller, Fixtures } from "../authz-matrix";
import type { ScopedCaller } from "../authz-scope-matrix";
import {
  type Credential,
  expectStatus,
  PDF,
  PNG,
  reportContent,
  send,
  signIn,
  startedPeriods,
  thisYearAgreement,
  upload,
  YEAR,
} from "./sec-fixtures";

export const AUDITOR = { email: "auditor@kemensos.example", name: "Dewi Lestari", password: TEST_PASSWORD };
const SIGN_IN_ONLY = { email: "signin@kemensos.example", name: "Hadi Kusuma", password: TEST_PASSWORD };

export type World = Awaited<ReturnType<typeof buildWorld>>;

export const buildWorld = async () => {
  const hub = await startTestHub({ worker: true, mail: true });
  const receiver = await startReceiver();
  const url = hub.url;
  const user = (who: { email: string; name: string; password: string }, roles: Role[], partnerID?: string) =>
    hub.createUser({ ...who, roles, ...(partnerID ? { partnerID } : {}) });
  await user(REVIEWER, ["kemensos_reviewer"]);
  await user(SECOND_APPROVER, ["kemensos_approver"]);
  await user(AUDITOR, ["auditor"]);
  await user(ADMIN, ["admin"]);
  await user(SIGN_IN_ONLY, ["kemensos_reviewer"]);
  const [reviewer, approver, auditor, admin] = await Promise.all([
    signIn(url, REVIEWER.email, REVIEWER.password),
    signIn(url, SECOND_APPROVER.email, SECOND_APPROVER.password),
    signIn(url, AUDITOR.email, AUDITOR.password),
    signIn(url, ADMIN.email, ADMIN.password),
  ]);

  // Two LKS, each with its admin (registered) and an operator; LKS A has a spare operator.
  const lks = async (n: number) => {
    const registered = expectStatus(
      await send(url, { kind: "public" }, "POST", "/v1/partners", { body: registration(n) }),
      201,
      "register",
    );
    expectStatus(await send(url, reviewer, "POST", `/v1/partners/${registered.id}/verify`), 200, "verify");
    const operator = { email: `operator${n}@lks.example`, name: `Operator ${n}`, password: TEST_PASSWORD };
    await user(operator, ["lks_operator"], registered.id);
    return {
      partnerID: registered.id as string,
      admin: await signIn(url, `admin${n}@lks.example`, TEST_PASSWORD),
      operator: await signIn(url, operator.email, operator.password),
      operatorEmail: operator.email,
    };
  };
  const a = await lks(701);
  const b = await lks(702);
  const spare = await user(
    { email: "operator701b@lks.example", name: "Operator Cadangan", password: TEST_PASSWORD },
    ["lks_operator"],
    a.partnerID,
  );

  // Programmes: PKH with a webhook endpoint, its key and a spare key; BPNT with its own key.
  const program = async (code: string, endpointUrl?: string) => {
    const created = expectStatus(
      await send(url, admin, "POST", "/v1/programs", {
        body: {
          code,
          name: `Program ${code}`,
          owningUnit: "Direktorat Jaminan Sosial Keluarga",
          kind: "perlindungan_sosial",
          allowedFields: ["nik", "name", "birthDate", "sex", "region", "criteria", "needs"],
        },
      }),
      201,
      "program",
    );
    const key = expectStatus(
      await send(url, admin, "POST", `/v1/programs/${created.id}/keys`, { body: { name: "production" } }),
      201,
      "key",
    );
    const endpoint = endpointUrl
      ? expectStatus(
          await send(url, admin, "POST", `/v1/programs/${created.id}/endpoints`, {
            body: { url: endpointUrl, eventTypes: [] },
          }),
          201,
          "endpoint",
        )
      : undefined;
    return { id: created.id as string, code, key: key.secret as string, endpoint };
  };
  const pkh = await program("PKH", receiver.url);
  receiver.useSecret(pkh.endpoint.secret);
  const bpnt = await program("BPNT");
  const spareKey = expectStatus(
    await send(url, admin, "POST", `/v1/programs/${pkh.id}/keys`, { body: { name: "cadangan" } }),
    201,
    "spare key",
  );

  // LKS A's agreements: one active (this year, with an uploaded document), a draft, an addendum.
  const post = (who: Credential, path: string, body?: unknown, status = 200) =>
    send(url, who, "POST", path, body === undefined ? {} : { body }).then((r) =>
      expectStatus(r, status, path),
    );
  const agreement = (await post(a.admin, "/v1/agreements", thisYearAgreement(), 201)).id as string;
  await post(a.admin, `/v1/agreements/${agreement}/submit`);
  await post(reviewer, `/v1/agreements/${agreement}/recommend`);
  const approved = await post(approver, `/v1/agreements/${agreement}/approve`);
  if (approved.status !== "active") throw new Error(`agreement is ${approved.status}`);
  const declared = await post(
    a.admin,
    `/v1/agreements/${agreement}/documents`,
    { kind: "signed_agreement", fileName: "pks.pdf", contentType: "application/pdf", size: PDF.length },
    201,
  );
  await upload(url, declared.upload.url, "application/pdf", PDF);
  await post(a.admin, `/v1/agreements/${agreement}/documents/${declared.document.id}/complete`);
  const download = expectStatus(
    await send(url, admin, "GET", `/v1/agreements/${agreement}/documents/${declared.document.id}`),
    200,
    "download url",
  );
  const draft = (await post(a.operator, "/v1/agreements", agreementInput(), 201)).id as string;
  const amendment = (await post(a.admin, `/v1/agreements/${agreement}/amendments`, undefined, 201))
    .id as string;

  // A submitted report with an uploaded attachment.
  const period = startedPeriods()[0]!;
  const report = (await post(a.operator, "/v1/reports", { agreementID: agreement, period }, 201))
    .id as string;
  const attachment = await post(
    a.operator,
    `/v1/reports/${report}/attachments`,
    { kind: "photo", fileName: "kegiatan.png", contentType: "image/png", size: PNG.length },
    201,
  );
  await upload(url, attachment.upload.url, "image/png", PNG);
  await post(a.operator, `/v1/reports/${report}/attachments/${attachment.attachment.id}/complete`);
  expectStatus(
    await send(url, a.operator, "PUT", `/v1/reports/${report}`, { body: { content: reportContent() } }),
    200,
    "save report",
  );
  await post(a.admin, `/v1/reports/${report}/submit`);

  // A referral of LKS A to PKH, delivered to PKH's endpoint.
  const referral = (await post(a.admin, "/v1/referrals", referralInput(pkh.id), 201)).id as string;
  const delivery = await eventually(async () => {
    const res = await send(url, admin, "GET", `/v1/endpoints/${pkh.endpoint.id}/deliveries`);
    return (res.json?.items as { id: string; status: string }[] | undefined)?.find(
      (d) => d.status === "delivered",
    );
  });

  const fixtures: Omit<Fixtures, "unit" | "socialWorker"> = {
    year: YEAR,
    partnerA: a.partnerID,
    spareUser: spare.id,
    takenOperatorEmail: a.operatorEmail,
    takenStaffEmail: REVIEWER.email,
    signInEmail: SIGN_IN_ONLY.email,
    password: TEST_PASSWORD,
    program: pkh.id,
    programCode: pkh.code,
    spareKey: spareKey.id,
    endpoint: pkh.endpoint.id,
    delivery: delivery.id,
    receiverUrl: receiver.url,
    referral,
    agreement,
    document: declared.document.id,
    draft,
    amendment,
    report,
    period,
    attachment: attachment.attachment.id,
    fileToken: (download.url as string).replace("/v1/files/", ""),
    registrationA: registration(701),
    agreementDraft: agreementInput(),
    // A new person each time: the same person's second open referral to PKH is a duplicate (409).
    get referralInput() {
      return referralInput(pkh.id);
    },
  };
  // Regional staff: two Sentra (reviewer + approver) and two dinas sosial (reviewer), each with
  // its unit's region. LKS A is in Kota Bekasi (32/3275); the referral's person in Kota Bandung (32/3273).
  const units: string[] = [];
  const regional = async (key: string, kind: string, name: string, regions: string[], roles: Role[]) => {
    const unit = expectStatus(
      await send(url, admin, "POST", "/v1/units", { body: { kind, name, regions } }),
      201,
      "unit",
    );
    const who = { email: `${key}@kemensos.example`, name: `Staf ${name}`, password: TEST_PASSWORD };
    await hub.createUser({ ...who, roles, unitID: unit.id as string });
    units.push(unit.id as string);
    return signIn(url, who.email, who.password);
  };
  const both: Role[] = ["kemensos_reviewer", "kemensos_approver"];
  const socialWorker = (
    await post(
      admin,
      "/v1/social-workers",
      {
        name: "Ratna Sari, S.Sos.",
        certificateNumber: "PEKSOS-32-2021-0457",
        certificateValidFrom: "2021-01-01",
        certificateValidUntil: "2031-01-01",
        clusters: ["penyandang_disabilitas"],
      },
      201,
    )
  ).id as string;
  const scoped: Record<ScopedCaller, Credential> = {
    sentraIn: await regional("sentra-jabar", "sentra", "Sentra Wyata Guna Bandung", ["32", "36"], both),
    sentraOut: await regional("sentra-sumsel", "sentra", "Sentra Budi Perkasa Palembang", ["16"], both),
    dinsosBekasi: await regional(
      "dinsos-bekasi",
      "dinsos_kabkota",
      "Dinas Sosial Kota Bekasi",
      ["3275"],
      ["kemensos_reviewer"],
    ),
    dinsosBandung: await regional(
      "dinsos-bandung",
      "dinsos_kabkota",
      "Dinas Sosial Kota Bandung",
      ["3273"],
      ["kemensos_reviewer"],
    ),
  };
  const callers: Record<Caller, Credential> = {
    public: { kind: "public" },
    lksAdminOwn: a.admin,
    lksAdminForeign: b.admin,
    lksOperatorOwn: a.operator,
    lksOperatorForeign: b.operator,
    reviewer,
    approver,
    auditor,
    admin,
    programOwn: { kind: "program", key: pkh.key },
    programOther: { kind: "program", key: bpnt.key },
  };
  return {
    url,
    // Descriptors, not a spread: a spread would fix the referral input's getter to one person.
    fixtures: Object.defineProperties(
      { unit: units[0]!, socialWorker },
      Object.getOwnPropertyDescriptors(fixtures),
    ) as Fixtures,
    callers,
    scoped,
    partnerB: b.partnerID,
    receiver,
    mail: hub.mail!,
    /** A session of the same user opened just now (for cells that end their session). */
    freshSession: async (who: Credential): Promise<Credential> =>
      who.kind === "user" ? signIn(url, who.email, who.password) : who,
    stop: async () => {
      await hub.stop();
      await receiver.close();
    },
  };
};

export { YEAR };
