import { type FieldPath, type FieldValues, type FormStore, getValue, setValue } from "@modular-forms/solid";
import { createEffect, on } from "solid-js";
import { provinceOptions, useRegencies } from "../data/regions";
import { t } from "../i18n";
import { FormSelect } from "./fields";

/**
 * A province and one of its regencies, side by side, for any form that holds the two codes under
 * `province` and `regency` (registration, referrals' addresses, agreements' service areas). A
 * regency of another province no longer fits: it is cleared when the province changes.
 * `wholeProvince` makes the regency optional, its empty choice meaning the whole province.
 */
export const RegionSelects = <T extends FieldValues>(props: {
  of: FormStore<T, undefined>;
  province: FieldPath<T>;
  regency: FieldPath<T>;
  wholeProvince?: boolean;
  regencyHint?: string;
}) => {
  const province = () => getValue(props.of, props.province) as string | undefined;
  const regencies = useRegencies(province);
  createEffect(
    on(
      province,
      (code) => {
        const regency = getValue(props.of, props.regency) as string | undefined;
        if (regency && !regency.startsWith(code ?? "")) {
          // biome-ignore lint/suspicious/noExplicitAny: the regency field holds a string
          setValue(props.of, props.regency, "" as any, {
            shouldValidate: false,
            shouldTouched: false,
            shouldFocus: false,
          });
        }
      },
      { defer: true },
    ),
  );
  return (
    <div class="grid-2">
      <FormSelect
        of={props.of}
        name={props.province}
        label={t("field.province")}
        options={provinceOptions}
        placeholder={t("form.chooseProvince")}
        required
      />
      <FormSelect
        of={props.of}
        name={props.regency}
        label={t("field.regency")}
        hint={props.regencyHint}
        options={regencies().map((r) => ({ value: r.code, label: r.name }))}
        placeholder={
          !province()
            ? t("form.chooseProvinceFirst")
            : props.wholeProvince
              ? t("agreementForm.wholeProvince")
              : t("form.chooseRegency")
        }
        disabled={!province()}
        required={!props.wholeProvince}
      />
    </div>
  );
};
