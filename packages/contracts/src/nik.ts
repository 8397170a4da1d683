import { type Coded, coded } from "./field-error";
import { isProvinceCode } from "./region";

export type Sex = "male" | "female";

/**
 * What the 16 digits of a NIK (Nomor Induk Kependudukan) encode: province (2), regency (2),
 * district (2), birth date as DDMMYY with 40 added to the day for women, and a 4-digit serial.
 */
export type NikParts = { provinceCode: string; sex: Sex; day: number; month: number; yy: number };

const daysIn = (month: number, year: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Why a NIK is not valid, or undefined when it is. With a birth date and sex, also checks that
 * the NIK agrees with them. Each cause has its code, so the portal can say it while typing.
 */
export const nikProblem = (
  nik: string,
  person: { birthDate?: string; sex?: Sex } = {},
): Coded | undefined => {
  if (!/^\d{16}$/.test(nik)) return coded("nik_digits", "NIK has exactly 16 digits");
  const parts = nikParts(nik);
  if (!isProvinceCode(parts.provinceCode))
    return coded("nik_province", `Unknown province code ${parts.provinceCode} in the NIK`, {
      province: parts.provinceCode,
    });
  if (parts.month < 1 || parts.month > 12)
    return coded("nik_month", "Impossible birth date in the NIK (month)");
  // The century is not encoded: a day is possible if it exists in either 19YY or 20YY.
  const maxDay = Math.max(daysIn(parts.month, 1900 + parts.yy), daysIn(parts.month, 2000 + parts.yy));
  if (parts.day < 1 || parts.day > maxDay) return coded("nik_day", "Impossible birth date in the NIK (day)");
  if (nik.endsWith("0000")) return coded("nik_serial", "The NIK's serial number cannot be 0000");
  if (person.sex && person.sex !== parts.sex) {
    return parts.sex === "female"
      ? coded("nik_female", "The NIK is a woman's (day of birth + 40) but the sex given is male")
      : coded("nik_male", "The NIK is a man's but the sex given is female");
  }
  if (person.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(person.birthDate)) {
    const [y, m, d] = person.birthDate.split("-").map(Number) as [number, number, number];
    if (d !== parts.day || m !== parts.month || y % 100 !== parts.yy) {
      return coded("nik_birth_date", "The birth date in the NIK does not match the birth date given");
    }
  }
  return undefined;
};

export const nikParts = (nik: string): NikParts => {
  const rawDay = Number(nik.slice(6, 8));
  return {
    provinceCode: nik.slice(0, 2),
    sex: rawDay > 40 ? "female" : "male",
    day: rawDay > 40 ? rawDay - 40 : rawDay,
    month: Number(nik.slice(8, 10)),
    yy: Number(nik.slice(10, 12)),
  };
};

/** `3273********0001`: enough to recognise a record, not enough to use it. */
export const maskIdentity = (digits: string) => `${digits.slice(0, 4)}********${digits.slice(-4)}`;
