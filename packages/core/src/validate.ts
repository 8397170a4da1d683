import { type FieldError, issueCode } from "@atensi/contracts";
import * as v from "valibot";
import { HubError } from "./error";

/** Validates input with its schema; failures become one input error listing every field. */
export const parse = <S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> => {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  throw HubError.input("The request has invalid fields", issuesToFields(result.issues));
};

/**
 * Valibot's default messages end with the value received (`… but received "3273…"`). That value
 * is the caller's input, which may be a NIK, or a password typed into the wrong field, so it is
 * not sent back: a type error names the kind of value that came instead, other errors drop it.
 */
const withoutInput = (issue: v.BaseIssue<unknown>) => {
  const { input, received, message } = issue;
  const kind = typeof input;
  if (kind !== "string" && kind !== "number" && kind !== "bigint") return message;
  if (!received || !message.endsWith(received) || !received.includes(String(input))) return message;
  const stem = message.slice(0, -received.length).replace(/(?:: R| but r)eceived $/, "");
  return issue.kind === "schema" ? `${stem} but received a ${kind === "bigint" ? "number" : kind}` : stem;
};

/** One message per field: the first, which is the most basic (type before format before range). */
export const issuesToFields = (issues: readonly v.BaseIssue<unknown>[]): FieldError[] => {
  const fields = issues.map((issue) => {
    const path = v.getDotPath(issue);
    const objectIssue =
      issue.kind === "schema" && (issue.type === "strict_object" || issue.type === "object");
    const unknownKey = objectIssue && issue.expected === "never";
    const missingKey = objectIssue && issue.received === "undefined" && path !== null;
    return {
      field: path ?? "body",
      ...issueCode(issue),
      message: unknownKey ? "Unknown field" : missingKey ? "Required" : withoutInput(issue),
    };
  });
  return fields.filter((f, i) => fields.findIndex((g) => g.field === f.field) === i);
};
