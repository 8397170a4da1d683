import * as v from "valibot";
import { HubError } from "./error";

/** Validates input with its schema; failures become one input error listing every field. */
export const parse = <S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> => {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw HubError.input("The request has invalid fields", issuesToFields(result.issues));
};

/** One message per field: the first, which is the most basic (type before format before range). */
export const issuesToFields = (issues: readonly v.BaseIssue<unknown>[]) => {
  const fields = issues.map((issue) => {
    const path = v.getDotPath(issue);
    const objectIssue =
      issue.kind === "schema" && (issue.type === "strict_object" || issue.type === "object");
    const unknownKey = objectIssue && issue.expected === "never";
    const missingKey = objectIssue && issue.received === "undefined" && path !== null;
    return {
      field: path ?? "body",
      message: unknownKey ? "Unknown field" : missingKey ? "Required" : issue.message,
    };
  });
  return fields.filter((f, i) => fields.findIndex((g) => g.field === f.field) === i);
};
