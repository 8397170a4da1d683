import { PROVINCES, provinceList, REGENCIES, regencyList } from "@atensi/contracts";
import { type Accessor, createMemo } from "solid-js";

/**
 * Regions come from the contracts package (the Kemendagri codes the API validates against),
 * so the form works without a round trip; `/v1/regions` serves the same lists to other clients.
 */
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, "id");

const provinces = provinceList().sort(byName);

export const useProvinces = () => provinces;

export const useRegencies = (province: Accessor<string | undefined>) =>
  createMemo(() => {
    const code = province();
    return code && /^\d{2}$/.test(code) ? regencyList(code).sort(byName) : [];
  });

export const provinceName = (code: string | undefined) => (code ? (PROVINCES[code] ?? code) : "");
export const regencyName = (code: string | undefined) => (code ? (REGENCIES[code] ?? code) : "");

/** Provinces as the options of a select (value: the Kemendagri code). */
export const provinceOptions = provinces.map((p) => ({ value: p.code, label: p.name }));
