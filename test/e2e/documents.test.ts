import { extractText, getDocumentProxy } from "unpdf";
import { expect, it } from "vitest";
import { agreementInput } from "../support/agreements";
import { ADMIN, APPROVER, Client, SECOND_APPROVER, signedIn, useTestHub, verifiedLks } from "../support/hub";
import { nikFor, referralInput, setUpProgram } from "../support/programs";
import { reportContent } from "../support/reports";

const hub = useTestHub();
const year = new Date().getUTCFullYear();

/** Fetches a PDF as a signed-in user and extracts its text (all pages, joined). */
const pdf = async (client: Client, path: string) => {
  const res = await fetch(hub.url + path, { headers: { cookie: client.cookie } });
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (res.status !== 200)
    return {
      status: res.status,
      res,
      text: "",
      pages: 0,
      problem: JSON.parse(Buffer.from(bytes).toString()),
    };
  const document = await getDocumentProxy(bytes);
  const { text, totalPages } = await extractText(document, { mergePages: true });
  return { status: 200, res, text: text.replace(/\s+/g, " "), pages: totalPages, problem: undefined };
};

const verify = (code: string) => fetch(`${hub.url}/v1/verify/${code}`);

it("an accepted report, its agreement and a referral letter print with version and a code that /v1/verify resolves", async () => {
  const { client: lks } = await verifiedLks(hub.url, 81);
  const input = agreementInput({
    startDate: `${year}-01-01`,
    endDate: `${year}-12-31`,
    reportingCadence: "monthly",
    yearlyTargets: [{ year, cluster: "penyandang_disabilitas", target: 100 }],
  });
  const agreementID = (await lks.post("/v1/agreements", input)).json.id as string;
  await lks.post(`/v1/agreements/${agreementID}/submit`);
  const reviewer = await signedIn(hub.url, APPROVER);
  await reviewer.post(`/v1/agreements/${agreementID}/recommend`);
  const approved = await (await signedIn(hub.url, SECOND_APPROVER)).post(
    `/v1/agreements/${agreementID}/approve`,
  );
  expect(approved.json.status).toBe("active");

  const reportID = (await lks.post("/v1/reports", { agreementID, period: `${year}-01` })).json.id as string;
  await lks.request("PUT", `/v1/reports/${reportID}`, { content: reportContent(60) });
  await lks.post(`/v1/reports/${reportID}/submit`);
  // Not accepted yet: nothing to print.
  const early = await pdf(lks, `/v1/documents/reports/${reportID}`);
  expect(early.status).toBe(409);
  expect(early.problem.code).toBe("not_accepted");
  const accepted = await reviewer.post(`/v1/reports/${reportID}/accept`);
  expect(accepted.json.status).toBe("accepted");

  const report = await pdf(lks, `/v1/documents/reports/${reportID}`);
  expect(report.status).toBe(200);
  expect(report.res.headers.get("content-type")).toBe("application/pdf");
  const code = report.res.headers.get("x-verification-code")!;
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const t = report.text;
  for (const expected of [
    "Laporan Supervisi ATENSI",
    approved.json.number,
    `${year}-01`,
    "Penyandang disabilitas",
    "Terapi fisik, psikososial, mental, dan spiritual",
    "Implementasi",
    "Penerima manfaat terlayani",
    "Ratna Sari, S.Sos.",
    "PEKSOS-32-2021-0457",
    "Keterbatasan transportasi peserta",
    "Diterima",
    `versi ${accepted.json.version}`,
    `kode verifikasi ${code}`,
  ])
    expect(t).toContain(expected);
  // The sign-offs come from the audit trail: who submitted and who accepted.
  expect(t).toMatch(/Diajukan .*Agus Salim/);
  expect(t).toContain("Diterima");
  // The same version prints the same code (portal and API hand out the same document).
  const again = await pdf(reviewer, `/v1/documents/reports/${reportID}`);
  expect(again.res.headers.get("x-verification-code")).toBe(code);

  const checked = await verify(code);
  expect(checked.status).toBe(200);
  const facts = await checked.json();
  expect(facts).toEqual({
    code,
    kind: "report",
    number: `${approved.json.number}/${year}-01`,
    date: accepted.json.acceptedAt.slice(0, 10),
  });
  // Typed by a person: lower case, no dashes.
  expect((await verify(code.toLowerCase().replace(/-/g, ""))).status).toBe(200);
  // An unknown code: 404 with nothing else.
  const unknown = await verify("ZZZZ-ZZZZ-ZZZZ");
  expect(unknown.status).toBe(404);
  const body = await unknown.json();
  expect(Object.keys(body).sort()).toEqual(["code", "detail", "status", "title", "type"]);
  expect((await verify("not a code at all")).status).toBe(404);

  const agreement = await pdf(lks, `/v1/documents/agreements/${agreementID}`);
  expect(agreement.status).toBe(200);
  for (const expected of [
    "Ringkasan Perjanjian Kerja Sama",
    approved.json.number,
    "Kementerian Sosial Republik Indonesia",
    "Yayasan Balarenik 81",
    "Sentra Wyata Guna Bandung",
    `1 Januari ${year}`,
    `31 Desember ${year}`,
    "Rp250.000.000",
    "Direkomendasikan",
    "Disetujui",
  ])
    expect(agreement.text).toContain(expected);
  const agreementCode = agreement.res.headers.get("x-verification-code")!;
  expect(agreement.text).toContain(agreementCode);
  expect(await (await verify(agreementCode)).json()).toMatchObject({
    kind: "agreement",
    number: approved.json.number,
  });
  // Another LKS cannot print it (tenant isolation answers as if it did not exist).
  const { client: other } = await verifiedLks(hub.url, 82);
  expect((await pdf(other, `/v1/documents/agreements/${agreementID}`)).status).toBe(404);
}, 90_000);

it("a referral letter carries only the data the receiving programme may receive", async () => {
  const admin = await signedIn(hub.url, ADMIN);
  const { program } = await setUpProgram(admin, { code: "PENA", allowedFields: ["name", "region", "needs"] });
  const { client: lks } = await verifiedLks(hub.url, 83);
  const nik = nikFor("1985-07-12", "female", 7);
  const created = await lks.post(
    "/v1/referrals",
    referralInput(program.id, { beneficiary: { ...referralInput(program.id).beneficiary, nik } }),
  );
  expect(created.status).toBe(201);
  const letter = await pdf(lks, `/v1/documents/referrals/${created.json.id}`);
  expect(letter.status).toBe(200);
  const t = letter.text;
  expect(t).toContain("Surat Rujukan");
  expect(t).toContain("Program PENA");
  expect(t).toContain("Siti Aminah");
  expect(t).toContain("Jawa Barat");
  expect(t).toContain("Bantuan sosial bersyarat");
  // Not allowed to this programme: identity numbers, birth date, address, reason.
  expect(t).not.toContain(nik);
  expect(t).not.toContain("3273********");
  expect(t).not.toContain("NIK");
  expect(t).not.toContain("Jl. Cikutra");
  expect(t).not.toContain("12 Juli 1985");
  expect(t).not.toContain("kepala keluarga penyandang disabilitas");
  const code = letter.res.headers.get("x-verification-code")!;
  expect(t).toContain(code);
  const facts = await (await verify(code)).json();
  expect(facts.kind).toBe("referral_letter");
  expect(JSON.stringify(facts)).not.toContain("Siti");
  expect((await pdf(new Client(hub.url), `/v1/documents/referrals/${created.json.id}`)).status).toBe(401);
}, 60_000);
