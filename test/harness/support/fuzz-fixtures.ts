import { agreementInput } from "../../support/agreements";
import {
  ADMIN,
  APPROVER,
  Client,
  REVIEWER,
  registration,
  SECOND_APPROVER,
  signedIn,
  TEST_PASSWORD,
  verifiedLks,
} from "../../support/hub";
import { eventually, nikFor, referralInput, setUpProgram } from "../../support/programs";
import { FuzzCaller } from "./fuzz-http";
import type { FuzzHub } from "./fuzz-hub";

/** Users only the fuzzer signs in as, so what it does to their sessions touches nobody else. */
const PASSWORD_USER = {
  email: "fuzz-password@kemensos.example",
  name: "Dewi Lestari",
  password: TEST_PASSWORD,
};
const SIGN_OUT_USER = {
  email: "fuzz-sign-out@kemensos.example",
  name: "Joko Widodo",
  password: TEST_PASSWORD,
};
const VICTIM = { email: "fuzz-victim@kemensos.example", name: "Hendra Gunawan", password: TEST_PASSWORD };

const expectStatus = <T extends { status: number; text: string }>(what: string, res: T, status: number) => {
  if (res.status !== status) throw new Error(`fixture ${what}: ${res.status} ${res.text.slice(0, 300)}`);
  return res;
};

/**
 * Records to fuzz against: an active LKS (whose admin is the LKS caller), a pending one, a
 * programme with a key, a spare key and a webhook endpoint, referrals with a failed delivery,
 * a draft and an active agreement with a declared document, a report, a staff invitation.
 * Returns the callers, the known ids by prefix, and working inputs (examples for generation).
 */
export const setUpFuzzFixtures = async (hub: FuzzHub) => {
  const year = new Date().getUTCFullYear();
  await hub.createUser({ ...REVIEWER, roles: ["kemensos_reviewer"] });
  await hub.createUser({ ...ADMIN, roles: ["admin"] });
  await hub.createUser({ ...APPROVER, roles: ["kemensos_reviewer", "kemensos_approver"] });
  await hub.createUser({ ...SECOND_APPROVER, roles: ["kemensos_approver"] });
  await hub.createUser({ ...PASSWORD_USER, roles: ["kemensos_reviewer"] });
  await hub.createUser({ ...SIGN_OUT_USER, roles: ["auditor"] });
  const victim = await hub.createUser({ ...VICTIM, roles: ["kemensos_reviewer"] });

  const admin = await signedIn(hub.url, ADMIN);
  const approver = await signedIn(hub.url, APPROVER);
  const secondApprover = await signedIn(hub.url, SECOND_APPROVER);
  const reviewer = await signedIn(hub.url, REVIEWER);
  const { client: lks, partnerID } = await verifiedLks(hub.url, 901);
  const pending = expectStatus(
    "pending LKS",
    await new Client(hub.url).post("/v1/partners", registration(902)),
    201,
  );

  const { program, apiKey, endpoint } = await setUpProgram(admin, {
    code: "FUZZ",
    // Nothing listens there: deliveries fail, which is what the delivery routes need.
    endpointUrl: "http://localhost:9/hooks/atensi",
  });
  const spareKey = expectStatus(
    "spare key",
    await admin.post(`/v1/programs/${program.id}/keys`, { name: "spare" }),
    201,
  );

  const worker = hub.startWorker();
  const referrals: string[] = [];
  for (let serial = 1; serial <= 3; serial++) {
    const created = await lks.post(
      "/v1/referrals",
      referralInput(program.id, {
        beneficiary: {
          ...referralInput(program.id).beneficiary,
          nik: nikFor("1985-07-12", "female", serial),
        },
      }),
    );
    referrals.push(expectStatus("referral", created, 201).json.id);
  }
  const deliveries = await eventually(async () => {
    const page = await admin.get(`/v1/endpoints/${endpoint!.id}/deliveries`);
    const failed = (page.json?.items ?? []).filter((d: { attempts: number }) => d.attempts > 0);
    return failed.length ? (failed as { id: string }[]) : undefined;
  });
  await worker.stop();

  const draft = expectStatus("draft agreement", await lks.post("/v1/agreements", agreementInput()), 201).json
    .id as string;
  const active = expectStatus(
    "agreement",
    await lks.post(
      "/v1/agreements",
      agreementInput({
        startDate: `${year}-01-01`,
        endDate: `${year}-12-31`,
        reportingCadence: "monthly",
        yearlyTargets: [{ year, cluster: "penyandang_disabilitas", target: 100 }],
      }),
    ),
    201,
  ).json.id as string;
  expectStatus("submit", await lks.post(`/v1/agreements/${active}/submit`), 200);
  expectStatus("recommend", await approver.post(`/v1/agreements/${active}/recommend`), 200);
  expectStatus("approve", await secondApprover.post(`/v1/agreements/${active}/approve`), 200);
  const documentUpload = {
    kind: "annex",
    fileName: "lampiran.pdf",
    contentType: "application/pdf",
    size: 2048,
  };
  const document = expectStatus(
    "document",
    await lks.post(`/v1/agreements/${draft}/documents`, documentUpload),
    201,
  ).json.document.id as string;
  const reportInput = { agreementID: active, period: `${year}-01` };
  const report = expectStatus("report", await lks.post("/v1/reports", reportInput), 201).json.id as string;
  const staffInvitation = { email: "fuzz-invited@kemensos.example", name: "Putri Ayu", roles: ["auditor"] };
  const invitation = expectStatus(
    "invitation",
    await admin.post("/v1/users/staff", staffInvitation),
    201,
  ).json;

  const callers = {
    public: new FuzzCaller("public", "public"),
    program: new FuzzCaller("program", "program", apiKey),
    admin: FuzzCaller.session("admin", admin),
    approver: FuzzCaller.session("approver", approver),
    secondApprover: FuzzCaller.session("secondApprover", secondApprover),
    reviewer: FuzzCaller.session("reviewer", reviewer),
    lks: FuzzCaller.session("lks", lks),
    password: FuzzCaller.session("password", await signedIn(hub.url, PASSWORD_USER)),
    signOut: FuzzCaller.session("signOut", await signedIn(hub.url, SIGN_OUT_USER)),
  };

  const ids = new Map<string, string[]>([
    ["lks_", [partnerID, pending.json.id]],
    ["usr_", [victim.id, invitation.user.id]],
    ["prg_", [program.id]],
    ["key_", [spareKey.json.id]],
    ["whe_", [endpoint!.id]],
    ["dlv_", deliveries.map((d) => d.id)],
    ["ref_", referrals],
    ["agr_", [draft, active]],
    ["doc_", [document]],
    ["rpt_", [report]],
  ]);
  /**
   * Ids in a path that only some callers get, with what others get instead: a staff caller that
   * suspended the active LKS would lock the LKS caller out for the rest of the run.
   */
  const reserved = [{ id: partnerID as string, for: ["lks"], otherwise: pending.json.id as string }];

  const examples = [
    registration(903),
    referralInput(program.id),
    agreementInput(),
    documentUpload,
    reportInput,
    staffInvitation,
    { email: "fuzz-operator@lks.example", name: "Operator Satu" },
    // The link goes by e-mail only; a well-formed token stands in for it.
    { token: "t".repeat(43), password: "kata-sandi-baru-yang-panjang" },
    { email: ADMIN.email, password: TEST_PASSWORD },
    { currentPassword: "not-the-password", newPassword: "kata-sandi-baru-yang-panjang" },
    {
      code: "PKH2",
      name: "Program Keluarga Harapan",
      owningUnit: "Direktorat Jaminan Sosial Keluarga",
      kind: "perlindungan_sosial",
      allowedFields: ["nik", "name", "birthDate", "sex", "region", "criteria", "needs"],
    },
    { url: "https://program.example/hooks/atensi", eventTypes: ["referral.sent"], description: "Produksi" },
    { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() },
    { name: "cadangan" },
    { reason: "Dokumen legalitas belum lengkap" },
    { note: "Diterima untuk ditindaklanjuti" },
    { action: "acknowledge", note: "Diterima" },
    { action: "reject", reasonCode: "not_eligible", note: "Tidak memenuhi syarat" },
    { body: "Mohon lengkapi lampiran" },
    { section: "services", body: "Jumlah sesi terapi tampak terlalu tinggi" },
    {
      content: {
        beneficiaries: { totals: [{ cluster: "penyandang_disabilitas", count: 10 }] },
        services: [{ form: "terapi_fisik_psikososial_mental_spiritual", count: 12 }],
      },
    },
  ];

  return {
    callers,
    ids,
    reserved,
    examples,
    apiKey,
  };
};
