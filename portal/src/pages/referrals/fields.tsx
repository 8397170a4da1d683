import { nikParts, nikProblem, PROVINCES, type Sex } from "@atensi/contracts";
import { Field, type FormStore, getValue } from "@modular-forms/solid";
import { createMemo, createUniqueId, Show } from "solid-js";
import { codedError, t, tm, tx } from "../../i18n";

// biome-ignore lint/suspicious/noExplicitAny: any form with a `beneficiary` group (the referral form)
type BeneficiaryForm = FormStore<any, undefined>;

/**
 * Where a partly typed NIK stands. The digits typed so far are completed with a neutral filler
 * (a possible province, day, month, year and serial) and checked with the contracts' `nikProblem`,
 * so a part is reported as soon as it is complete and cannot become valid any more (an unknown
 * province after two digits, day 32 after eight, month 13 after ten). The birth date and sex
 * given are compared once all 16 digits are there.
 */
const FILLER = "3201010101000001";

export type NikCheck =
  | { state: "empty" }
  | { state: "typing"; count: number }
  | { state: "problem"; error: string; count: number }
  | { state: "ok"; parts: ReturnType<typeof nikParts> };

export const checkNik = (raw: string, person: { birthDate?: string; sex?: string }): NikCheck => {
  const digits = raw.replace(/[\s.-]/g, "");
  if (!digits) return { state: "empty" };
  const count = digits.length;
  if (/\D/.test(digits))
    return { state: "problem", error: codedError({ code: "digits_only", message: "Digits only" }), count };
  if (count > 16)
    return {
      state: "problem",
      error: codedError({ code: "nik_digits", message: "NIK has exactly 16 digits" }),
      count,
    };
  const complete = count === 16;
  const sex = person.sex === "male" || person.sex === "female" ? (person.sex as Sex) : undefined;
  const problem = nikProblem(
    complete ? digits : digits + FILLER.slice(count),
    complete ? { sex, birthDate: person.birthDate || undefined } : {},
  );
  if (problem) return { state: "problem", error: codedError(problem), count };
  return complete ? { state: "ok", parts: nikParts(digits) } : { state: "typing", count };
};

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The NIK input with feedback while typing: a digit counter, and in a polite live region the
 * first problem found (unknown province, impossible birth date, the sex or birth date not
 * matching those given) or, once valid, what the NIK says about the person.
 */
export const NikField = (props: { of: BeneficiaryForm }) => {
  const ids = {
    input: createUniqueId(),
    hint: createUniqueId(),
    live: createUniqueId(),
    error: createUniqueId(),
  };
  return (
    <Field of={props.of} name="beneficiary.nik">
      {(field, input) => {
        const check = createMemo(() =>
          checkNik((field.value as string | undefined) ?? "", {
            birthDate: getValue(props.of, "beneficiary.birthDate") as string | undefined,
            sex: getValue(props.of, "beneficiary.sex") as string | undefined,
          }),
        );
        const problem = () => {
          const c = check();
          return c.state === "problem" ? c.error : undefined;
        };
        const liveText = () => {
          const c = check();
          if (c.state === "problem") return tm(c.error);
          if (c.state === "ok") {
            const p = c.parts;
            return t("nik.ok", {
              sex: tx(`sex.${p.sex}`),
              date: `${pad(p.day)}-${pad(p.month)}-${pad(p.yy)}`,
              province: PROVINCES[p.provinceCode] ?? p.provinceCode,
            });
          }
          return "";
        };
        const count = () => {
          const c = check();
          return c.state === "typing" || c.state === "problem" ? c.count : c.state === "ok" ? 16 : 0;
        };
        // The schema's error (shown once the field was left, or the API's) when it says something else.
        const otherError = () => (field.error && tm(field.error) !== tm(problem()) ? field.error : "");
        const invalid = () => !!field.error || !!problem();
        return (
          <div class="field nik-field" classList={{ invalid: invalid() }}>
            <label for={ids.input}>{t("field.nik")}</label>
            <p id={ids.hint} class="hint">
              {t("hint.nik")}
            </p>
            <input
              {...input}
              id={ids.input}
              type="text"
              inputmode="numeric"
              autocomplete="off"
              maxLength={24}
              spellcheck={false}
              required
              value={(field.value as string | undefined) ?? ""}
              aria-invalid={invalid() ? "true" : "false"}
              aria-describedby={[ids.hint, ids.live, otherError() && ids.error].filter(Boolean).join(" ")}
              data-testid="nik-input"
            />
            <p class="nik-count small muted" aria-hidden="true">
              {t("nik.count", { n: count() })}
            </p>
            <p
              id={ids.live}
              class="nik-feedback"
              classList={{ "field-error": !!problem(), "field-ok": check().state === "ok" }}
              aria-live="polite"
              data-testid="nik-feedback"
            >
              {liveText()}
            </p>
            <Show when={otherError()}>
              <p id={ids.error} class="field-error">
                {tm(otherError())}
              </p>
            </Show>
          </div>
        );
      }}
    </Field>
  );
};

/** A person's age in whole years on a date (both `YYYY-MM-DD`). */
export const ageOn = (birthDate: string, on: string) => {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = on.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
};

export const isIsoDate = (s: unknown): s is string => typeof s === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s);
