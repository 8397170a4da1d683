import * as v from "valibot";

/**
 * Field errors are data: a stable `code` with `params`, and an English `message` beside them for
 * people reading the raw API. The portal translates by code from its catalogues, so changing a
 * sentence here never breaks a translation.
 */
export type FieldParams = Record<string, string | number>;
export type Coded = { code: string; params?: FieldParams; message: string };
export type FieldError = Coded & { field: string };

/** The wire shape of a coded message (field errors, agreement warnings) for the OpenAPI document. */
export const CodedMessage = v.object({
  code: v.string(),
  params: v.optional(v.record(v.string(), v.union([v.string(), v.number()]))),
  message: v.string(),
});
export const FieldErrorSchema = v.object({ field: v.string(), ...CodedMessage.entries });

export const coded = (code: string, message: string, params?: FieldParams): Coded =>
  params ? { code, params, message } : { code, message };

type CodedIssue = v.BaseIssue<unknown> & { code?: string; params?: FieldParams };

/**
 * A valibot message that also names its code. Valibot calls the message function with the issue
 * it is about to report, so the code travels on the issue to whoever reads it (core's `parse`,
 * the portal's form validator) without a table from sentences back to codes.
 */
export const says =
  (code: string, message: string, params?: FieldParams) =>
  (issue: v.BaseIssue<unknown>): string => {
    (issue as CodedIssue).code = code;
    if (params) (issue as CodedIssue).params = params;
    return message;
  };

/** The same for a problem already worked out as `Coded` (e.g. `nikProblem`). */
export const saysCoded = (problem: Coded) => says(problem.code, problem.message, problem.params);

const FORMATS = new Set([
  "email",
  "url",
  "iso_date",
  "iso_date_time",
  "iso_time",
  "iso_timestamp",
  "iso_week",
  "uuid",
  "ulid",
  "digits",
  "hexadecimal",
]);

const bound = (requirement: unknown) =>
  typeof requirement === "number" || typeof requirement === "string"
    ? requirement
    : requirement instanceof Date
      ? requirement.toISOString()
      : String(requirement);

/**
 * The code and params of a valibot issue: the one the schema named with `says`, or else one
 * derived from the kind of check that failed. Never a param from the input itself (it may be a
 * NIK or a password typed into the wrong field): only the schema's own bounds.
 */
export const issueCode = (issue: v.BaseIssue<unknown>): { code: string; params?: FieldParams } => {
  const tagged = issue as CodedIssue;
  if (tagged.code)
    return tagged.params ? { code: tagged.code, params: tagged.params } : { code: tagged.code };
  const list = Array.isArray(issue.input);
  if (issue.kind === "schema") {
    const objectIssue = issue.type === "strict_object" || issue.type === "object";
    if (objectIssue && issue.expected === "never") return { code: "unknown_field" };
    if (issue.received === "undefined") return { code: "required" };
    if (["picklist", "enum", "literal", "variant", "union"].includes(issue.type)) return { code: "enum" };
    return issue.expected ? { code: "type", params: { expected: issue.expected } } : { code: "type" };
  }
  switch (issue.type) {
    case "min_length":
    case "non_empty":
      return {
        code: list ? "too_few" : "too_short",
        params: { min: issue.type === "non_empty" ? 1 : bound(issue.requirement) },
      };
    case "max_length":
      return { code: list ? "too_many" : "too_long", params: { max: bound(issue.requirement) } };
    case "length":
      return { code: "length", params: { length: bound(issue.requirement) } };
    case "min_value":
    case "gt_value":
      return { code: "min_value", params: { min: bound(issue.requirement) } };
    case "max_value":
    case "lt_value":
      return { code: "max_value", params: { max: bound(issue.requirement) } };
    case "integer":
      return { code: "integer" };
    case "regex":
      return { code: "pattern" };
    default:
      return FORMATS.has(issue.type)
        ? { code: "format", params: { format: issue.type } }
        : { code: "invalid" };
  }
};
