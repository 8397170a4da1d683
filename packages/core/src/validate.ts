import * as v from "valibot";
import { HubError } from "./error";

/** Validates input with its schema; failures become one input error listing every field. */
export const parse = <S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> => {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return result.output;
  throw HubError.input("The request has invalid fields", issuesToFields(result.issues));
};

export const issuesToFields = (issues: readonly v.BaseIssue<unknown>[]) =>
  issues.map((issue) => {
    const path = v.getDotPath(issue);
    const unknownKey = issue.kind === "schema" && issue.type === "strict_object" && issue.expected === "never";
    return {
      field: path ?? (unknownKey ? String(issue.input) : "body"),
      message: unknownKey ? "Unknown field" : issue.message,
    };
  });
