import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { IsoDate, isRegencyCode, Npwp, PartnerRegistration, regencyList } from "../src";

const valid = {
  name: "Art Therapy Center Widyatama Bandung",
  legalForm: "yayasan",
  registrationNumber: "ahu-0012873.ah.01.04.tahun 2016",
  accreditation: { grade: "A", accreditedOn: "2023-03-14" },
  provinceCode: "32",
  regencyCode: "3273",
  address: "Jl. Cikutra No. 204A, Kota Bandung",
  clusters: ["penyandang_disabilitas"],
  serviceBases: ["komunitas"],
  contacts: [{ name: "Dewi Kartika", email: "Dewi@Example.org ", phone: "+6281234567890" }],
  admin: { name: "Dewi Kartika", email: "dewi@example.org", password: "panjang-sekali-123" },
};

const fields = (input: unknown) => {
  const r = v.safeParse(PartnerRegistration, input);
  return r.success ? [] : r.issues.map((i) => v.getDotPath(i));
};

describe("PartnerRegistration", () => {
  it("accepts a valid registration and normalises it", () => {
    const out = v.parse(PartnerRegistration, valid);
    expect(out.registrationNumber).toBe("AHU-0012873.AH.01.04.TAHUN 2016");
    expect(out.contacts[0]!.email).toBe("dewi@example.org");
  });

  it("names the failing fields", () => {
    expect(fields({ ...valid, regencyCode: "3175" })).toEqual(["regencyCode"]);
    expect(fields({ ...valid, clusters: ["anak", "anak"] })).toEqual(["clusters"]);
    expect(fields({ ...valid, clusters: ["pengemis"] })).toEqual(["clusters.0"]);
    expect(fields({ ...valid, provinceCode: "99", regencyCode: "9999" })).toEqual(
      expect.arrayContaining(["provinceCode", "regencyCode"]),
    );
    expect(fields({ ...valid, admin: { ...valid.admin, password: "short" } })).toEqual(["admin.password"]);
    expect(fields({ ...valid, extra: true })).toEqual(["extra"]);
    expect(fields({ ...valid, contacts: [] })).toEqual(["contacts"]);
  });
});

describe("field formats", () => {
  it("checks the NPWP check digit (15 digits) and accepts the 16-digit form", () => {
    expect(v.parse(Npwp, "01.000.013.1-093.000")).toBe("010000131093000");
    expect(v.safeParse(Npwp, "01.000.013.2-093.000").success).toBe(false);
    expect(v.safeParse(Npwp, "3273012345678901").success).toBe(true);
    expect(v.safeParse(Npwp, "12345").success).toBe(false);
  });

  it("accepts only real calendar dates", () => {
    expect(v.safeParse(IsoDate, "2024-02-29").success).toBe(true);
    expect(v.safeParse(IsoDate, "2023-02-29").success).toBe(false);
    expect(v.safeParse(IsoDate, "2024-13-01").success).toBe(false);
  });

  it("knows the Kemendagri regions from idn-area-data", () => {
    expect(isRegencyCode("3273")).toBe(true);
    expect(isRegencyCode("3299")).toBe(false);
    expect(regencyList("31").map((r) => r.code)).toContain("3175");
  });
});
