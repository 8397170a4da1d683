import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PartnerRegistrationInput, Role, StaffRole, UnitCreate } from "@atensi/contracts";
import { Actor, ApiKey, Database, Endpoint, Partner, Program, Referral, Unit, User } from "@atensi/core";

/**
 * Demo data from the domain sources: the six LKS that signed MoUs with Kemensos in December 2020
 * (Art Therapy Center Widyatama Bandung, and five foundations serving waste-picker communities in
 * Jabodetabek). Registration numbers, NPWPs, addresses and people are invented for the demo.
 */
type DemoPartner = Omit<PartnerRegistrationInput, "admin" | "contacts"> & {
  slug: string;
  contact: string;
  verify: boolean;
};

export const PARTNERS: DemoPartner[] = [
  {
    slug: "widyatama",
    name: "Art Therapy Center Widyatama Bandung",
    legalForm: "yayasan",
    registrationNumber: "AHU-0012873.AH.01.04.TAHUN 2016",
    accreditation: { grade: "A", accreditedOn: "2023-03-14" },
    npwp: "01.000.013.1-093.000",
    provinceCode: "32",
    regencyCode: "3273",
    address: "Jl. Cikutra No. 204A, Cibeunying Kidul, Kota Bandung",
    clusters: ["penyandang_disabilitas"],
    serviceBases: ["komunitas", "keluarga"],
    contact: "Dewi Kartika",
    verify: true,
  },
  {
    slug: "balarenik",
    name: "Yayasan Balarenik",
    legalForm: "yayasan",
    registrationNumber: "AHU-0004512.AH.01.04.TAHUN 2012",
    accreditation: { grade: "B", accreditedOn: "2024-06-20" },
    provinceCode: "32",
    regencyCode: "3275",
    address: "Jl. Pangkalan II, Bantar Gebang, Kota Bekasi",
    clusters: ["anak", "ppks_lainnya"],
    serviceBases: ["komunitas"],
    contact: "Agus Salim",
    verify: true,
  },
  {
    slug: "nurul-iman",
    name: "Yayasan Bhakti Nurul Iman",
    legalForm: "yayasan",
    registrationNumber: "AHU-0021974.AH.01.04.TAHUN 2014",
    accreditation: { grade: "B", accreditedOn: "2023-11-02" },
    provinceCode: "32",
    regencyCode: "3201",
    address: "Jl. Raya Parung No. 17, Parung, Kabupaten Bogor",
    clusters: ["anak", "lanjut_usia", "ppks_lainnya"],
    serviceBases: ["komunitas", "residensial"],
    contact: "Siti Nurhaliza",
    verify: true,
  },
  {
    slug: "swara-peduli",
    name: "Yayasan Swara Peduli Indonesia",
    legalForm: "yayasan",
    registrationNumber: "AHU-0030145.AH.01.04.TAHUN 2015",
    accreditation: { grade: "C", accreditedOn: "2025-01-08" },
    provinceCode: "31",
    regencyCode: "3175",
    address: "Jl. Raya Bekasi Km. 18, Cakung, Jakarta Timur",
    clusters: ["anak", "tuna_sosial_korban_perdagangan_orang"],
    serviceBases: ["komunitas", "keluarga"],
    contact: "Yohanes Pardede",
    verify: true,
  },
  {
    slug: "erbe",
    name: "Yayasan ERBE",
    legalForm: "yayasan",
    registrationNumber: "AHU-0017730.AH.01.04.TAHUN 2013",
    accreditation: { grade: "B", accreditedOn: "2024-02-27" },
    provinceCode: "36",
    regencyCode: "3674",
    address: "Jl. Cipayung Raya No. 9, Ciputat, Kota Tangerang Selatan",
    clusters: ["ppks_lainnya"],
    serviceBases: ["komunitas"],
    contact: "Rudi Hartono",
    verify: true,
  },
  {
    slug: "kuma",
    name: "Yayasan Kreatif Usaha Mandiri Alami",
    legalForm: "yayasan",
    registrationNumber: "AHU-0042218.AH.01.04.TAHUN 2018",
    accreditation: { grade: "C", accreditedOn: "2025-05-19" },
    provinceCode: "32",
    regencyCode: "3276",
    address: "Jl. Tanah Baru No. 33, Beji, Kota Depok",
    clusters: ["ppks_lainnya", "lanjut_usia"],
    serviceBases: ["komunitas"],
    contact: "Lestari Wulandari",
    verify: false,
  },
];

const STAFF: { email: string; name: string; roles: StaffRole[] }[] = [
  { email: "admin@kemensos.example", name: "Admin Pusdatin Kesos", roles: ["admin"] },
  { email: "reviewer@kemensos.example", name: "Rina Pratiwi", roles: ["kemensos_reviewer"] },
  { email: "approver@kemensos.example", name: "Budi Santoso", roles: ["kemensos_approver"] },
  { email: "auditor@kemensos.example", name: "Wahyu Hidayat", roles: ["auditor"] },
];

/**
 * Regional units: Sentra Wyata Guna in Bandung (the ministry's UPT for West Java), Sentra Budi
 * Perkasa in Palembang (named in the domain sources; South Sumatra, so outside West Java), and the
 * dinas sosial of Kota Bandung. Their staff hold their roles only within the unit's region.
 */
const UNITS: { key: string; kind: UnitCreate["kind"]; name: string; regions: string[] }[] = [
  { key: "wyataguna", kind: "sentra", name: "Sentra Wyata Guna Bandung", regions: ["32"] },
  { key: "budiperkasa", kind: "sentra", name: "Sentra Budi Perkasa Palembang", regions: ["16"] },
  { key: "dinsos-bandung", kind: "dinsos_kabkota", name: "Dinas Sosial Kota Bandung", regions: ["3273"] },
];

const REGIONAL_STAFF: { email: string; name: string; roles: StaffRole[]; unit: string }[] = [
  {
    email: "sentra.bandung@kemensos.example",
    name: "Asep Sunandar",
    roles: ["kemensos_reviewer"],
    unit: "wyataguna",
  },
  {
    email: "kepala.sentra.bandung@kemensos.example",
    name: "Neneng Suryani",
    roles: ["kemensos_reviewer", "kemensos_approver"],
    unit: "wyataguna",
  },
  {
    email: "sentra.palembang@kemensos.example",
    name: "Rahmat Hidayat",
    roles: ["kemensos_reviewer"],
    unit: "budiperkasa",
  },
  {
    email: "dinsos@bandung.example",
    name: "Euis Komalasari",
    roles: ["kemensos_reviewer"],
    unit: "dinsos-bandung",
  },
];

export type DemoSignIn = { email: string; roles: Role[]; who: string };

/** The demo accounts, for the start banner and the README. */
export const demoSignIns = (): DemoSignIn[] => [
  ...STAFF.map((s) => ({ email: s.email, roles: s.roles, who: s.name })),
  ...REGIONAL_STAFF.map((s) => ({
    email: s.email,
    roles: s.roles,
    who: `${s.name} (${UNITS.find((u) => u.key === s.unit)!.name})`,
  })),
  ...PARTNERS.map((p) => ({
    email: `${p.slug}@lks.example`,
    roles: ["lks_admin" as const],
    who: `${p.name}${p.verify ? "" : " (waiting for verification)"}`,
  })),
];

export const isSeeded = async () => (await User.fromEmail(STAFF[0]!.email)) !== undefined;

/** Seeds through the same core functions the API uses, so the demo has real audit trails. */
export const seed = async (password: string) => {
  const staff = await Actor.provide({ type: "system", properties: { name: "seed" } }, async () => {
    const created = [];
    for (const s of STAFF) {
      const user = await User.prepare({ ...s, password, status: "active" });
      await Database.commit(user.steps);
      created.push(user.item);
    }
    return created;
  });
  const reviewer = staff[1]!;
  await actingAs(STAFF[0]!.email, async () => {
    const units = new Map<string, string>();
    for (const { key, ...unit } of UNITS) units.set(key, (await Unit.create(unit)).id);
    await Actor.provide({ type: "system", properties: { name: "seed" } }, async () => {
      for (const { unit, ...s } of REGIONAL_STAFF) {
        const user = await User.prepare({ ...s, unitID: units.get(unit)!, password, status: "active" });
        await Database.commit(user.steps);
      }
    });
  });
  for (const p of PARTNERS) {
    const { slug, contact, verify, ...profile } = p;
    const email = `${slug}@lks.example`;
    const partner = await Actor.provide({ type: "public", properties: {} }, () =>
      Partner.register({
        ...profile,
        contacts: [{ name: contact, position: "Ketua Yayasan", email, phone: "081234567890" }],
        admin: { name: contact, email, password },
      }),
    );
    if (verify) {
      await Actor.provide(
        {
          type: "user",
          properties: {
            userID: reviewer.userID,
            email: reviewer.email,
            name: reviewer.name,
            roles: reviewer.roles as Role[],
            sessionID: "seed",
          },
        },
        () => Partner.verify(partner.id),
      );
    }
  }
};

const PROGRAMS = [
  {
    code: "PKH",
    name: "Program Keluarga Harapan",
    owningUnit: "Direktorat Jaminan Sosial Keluarga",
    kind: "perlindungan_sosial",
    allowedFields: ["nik", "kk", "name", "birthDate", "sex", "address", "region", "criteria", "needs"],
  },
  {
    code: "BPNT",
    name: "Bantuan Pangan Non Tunai (Program Sembako)",
    owningUnit: "Direktorat Penanganan Fakir Miskin",
    kind: "penanganan_fakir_miskin",
    allowedFields: ["nik", "kk", "name", "region", "criteria"],
  },
  {
    code: "PBI-JK",
    name: "Penerima Bantuan Iuran Jaminan Kesehatan",
    owningUnit: "Direktorat Jaminan Sosial",
    kind: "jaminan_sosial",
    allowedFields: ["nik", "kk", "name", "birthDate", "sex", "region"],
  },
  {
    code: "PENA",
    name: "Pahlawan Ekonomi Nusantara",
    owningUnit: "Direktorat Pemberdayaan Sosial Perorangan, Keluarga dan Kelembagaan Masyarakat",
    kind: "pemberdayaan_sosial",
    allowedFields: ["name", "region", "criteria", "needs"],
  },
] as const;

type SampleProgram = { name: string; programID: string; endpointID: string; apiKey: string; secret: string };

export const actingAs = async <T>(email: string, fn: () => Promise<T>) => {
  const user = await User.fromEmail(email);
  if (!user) throw new Error(`Seed: ${email} is missing`);
  const regions = user.unitID ? (await Unit.get(user.unitID))?.regions : undefined;
  return Actor.provide(
    {
      type: "user",
      properties: {
        userID: user.userID,
        email: user.email,
        name: user.name,
        roles: user.roles as Role[],
        ...(user.partnerID ? { partnerID: user.partnerID } : {}),
        ...(user.unitID ? { unitID: user.unitID } : {}),
        ...(regions?.length ? { regions } : {}),
        sessionID: "seed",
      },
    },
    fn,
  );
};

/**
 * The receiving programmes (PKH, BPNT, PBI-JK, PENA) and, for PKH, an API key and a webhook
 * endpoint for the sample programme `pnpm start` runs, kept in DATA_DIR so restarts reuse them.
 * On first start also a demo referral, which the sample programme then receives and acknowledges.
 */
export const seedPrograms = async (options: {
  dataDir: string;
  password: string;
  receiverUrl: string;
}): Promise<SampleProgram> => {
  const file = join(options.dataDir, "sample-program.json");
  const admin = STAFF[0]!.email;
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as SampleProgram;
    await actingAs(admin, async () => {
      const endpoint = await Endpoint.fromID(saved.endpointID);
      if (endpoint.url !== options.receiverUrl)
        await Endpoint.update(saved.endpointID, { url: options.receiverUrl });
    });
    return saved;
  }
  const sample = await actingAs(admin, async () => {
    const existing = (await Program.list({ limit: "100" })).items;
    const programs = [];
    for (const p of PROGRAMS) {
      programs.push(existing.find((e) => e.code === p.code) ?? (await Program.create(p)));
    }
    const pkh = programs[0]!;
    const key = await ApiKey.create(pkh.id, { name: "Sample receiver (local demo)" });
    const endpoint = await Endpoint.create(pkh.id, {
      url: options.receiverUrl,
      description: "Sample receiving programme started by pnpm start",
      eventTypes: [],
    });
    return {
      name: pkh.code,
      programID: pkh.id,
      endpointID: endpoint.id,
      apiKey: key.secret,
      secret: endpoint.secret,
    };
  });
  writeFileSync(file, `${JSON.stringify(sample, null, 2)}\n`, { mode: 0o600 });
  await actingAs(`${PARTNERS[0]!.slug}@lks.example`, () =>
    Referral.create({
      programID: sample.programID,
      beneficiary: {
        nik: "3273015207850001",
        kk: "3273010101090007",
        name: "Siti Aminah",
        birthDate: "1985-07-12",
        sex: "female",
        address: { street: "Jl. Cikutra No. 12, Cibeunying Kidul", provinceCode: "32", regencyCode: "3273" },
        disability: false,
      },
      criteria: ["kemiskinan", "disabilitas"],
      needs: "Bantuan sosial bersyarat untuk pendidikan dua anak usia sekolah",
      reason:
        "Kepala keluarga penyandang disabilitas netra, penghasilan tidak tetap; keluarga belum menerima PKH",
      urgency: "routine",
      legalBasis: {
        type: "consent",
        givenBy: "beneficiary",
        givenAt: new Date().toISOString().slice(0, 10),
        method: "written",
      },
    }),
  );
  return sample;
};
