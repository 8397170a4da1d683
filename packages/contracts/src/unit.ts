import * as v from "valibot";
import { pageQueryEntries, Text } from "./common";
import { says } from "./field-error";
import { isProvinceCode, isRegencyCode } from "./region";

/**
 * The organisation units staff belong to (Permensos 7/2021): the directorate (national), the
 * ministry's technical units (Balai / Loka / Sentra, UPT) with their region of work, and the
 * social services of a province or a regency/city (dinas sosial).
 */
export const UNIT_KINDS = [
  "directorate",
  "balai",
  "loka",
  "sentra",
  "dinsos_provinsi",
  "dinsos_kabkota",
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** A Kemendagri code of a province (2 digits) or a regency/city (4 digits). */
export const RegionCode = v.pipe(
  v.string(),
  v.regex(/^\d{2}(\d{2})?$/, "A province (2 digits) or regency/city (4 digits) code"),
  v.check((c) => (c.length === 2 ? isProvinceCode(c) : isRegencyCode(c)), "Unknown region code"),
);

export const UnitID = v.pipe(
  v.string(),
  v.regex(/^unt_[0-9a-z]{26}$/, says("id_format", "Not a unit id", { kind: "unt" })),
);

export const UnitCreate = v.pipe(
  v.strictObject({
    kind: v.picklist(UNIT_KINDS, "Not a kind of unit"),
    name: Text(3, 160),
    /** The region of work; empty only for the directorate (national). */
    regions: v.pipe(
      v.array(RegionCode),
      v.maxLength(100, "At most 100 regions"),
      v.check((xs) => new Set(xs).size === xs.length, says("unique", "Each region only once")),
    ),
  }),
  v.forward(
    v.check(
      (u) =>
        u.kind === "directorate"
          ? u.regions.length === 0
          : u.kind === "dinsos_provinsi"
            ? u.regions.length === 1 && u.regions[0]!.length === 2
            : u.kind === "dinsos_kabkota"
              ? u.regions.length === 1 && u.regions[0]!.length === 4
              : u.regions.length > 0,
      "The directorate has no region; a dinas sosial has its one province or regency/city; a Balai, Loka or Sentra at least one",
    ),
    ["regions"],
  ),
);
export type UnitCreate = v.InferOutput<typeof UnitCreate>;

export const Unit = v.object({
  id: v.string(),
  kind: v.picklist(UNIT_KINDS),
  name: v.string(),
  regions: v.array(v.string()),
  createdAt: v.string(),
  version: v.number(),
});
export type Unit = v.InferOutput<typeof Unit>;

export const UnitListQuery = v.strictObject({ ...pageQueryEntries });
export type UnitListQuery = v.InferOutput<typeof UnitListQuery>;

/** Whether a region of work covers a record's province or regency/city. */
export const regionsCover = (
  regions: readonly string[],
  record: { provinceCode?: string | undefined; regencyCode?: string | undefined },
) => regions.some((r) => r === record.provinceCode || (!!record.regencyCode && r === record.regencyCode));
