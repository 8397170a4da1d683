/** Small readers over synthesized templates, shared by the infra tests. */
import { type Stack, Template } from "../../infra/testing";

/** CloudFormation properties are free-form JSON; tests read them by path. */
// biome-ignore lint/suspicious/noExplicitAny: template JSON is untyped by nature
type Json = any;

export type Resource = {
  Type: string;
  Properties?: Record<string, Json>;
  Metadata?: Record<string, Json>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

export const template = (stack: Stack) => Template.fromStack(stack);

export const resources = (stack: Stack, type?: string): [string, Resource][] =>
  Object.entries((template(stack).toJSON().Resources ?? {}) as Record<string, Resource>).filter(
    ([, r]) => !type || r.Type === type,
  );

/** The one resource of a type (whose logical id matches `id`: a prefix, or a pattern). */
export const only = (stack: Stack, type: string, idPrefix?: string | RegExp): Resource => {
  const found = resources(stack, type).filter(
    ([id]) => !idPrefix || (typeof idPrefix === "string" ? id.startsWith(idPrefix) : idPrefix.test(id)),
  );
  if (found.length !== 1)
    throw new Error(`expected one ${type}${idPrefix ? ` ${idPrefix}*` : ""}, found ${found.length}`);
  return found[0]![1];
};

export type Statement = {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
  Sid?: string;
};

export const actionsOf = (statement: Statement) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];
export const resourcesOf = (statement: Statement) =>
  statement.Resource === undefined
    ? []
    : Array.isArray(statement.Resource)
      ? statement.Resource
      : [statement.Resource];

/** Allow statements of the policies attached to roles whose logical id starts with `rolePrefix`. */
export const roleStatements = (stack: Stack, rolePrefix: string): Statement[] => {
  const statements: Statement[] = [];
  for (const [, policy] of resources(stack, "AWS::IAM::Policy")) {
    const roles = (policy.Properties?.Roles ?? []) as { Ref?: string }[];
    if (!roles.some((role) => role.Ref?.startsWith(rolePrefix))) continue;
    statements.push(...(policy.Properties?.PolicyDocument?.Statement ?? []));
  }
  return statements.filter((s) => s.Effect === "Allow");
};

export const allActions = (statements: Statement[]) => [...new Set(statements.flatMap(actionsOf))].sort();

/** Every cdk-nag suppression recorded in a stack's template, with the resource it applies to. */
export const nagSuppressions = (stack: Stack) => {
  const found: { stack: string; resource: string; id: string; reason: string; appliesTo?: unknown[] }[] = [];
  const json = template(stack).toJSON();
  const collect = (resource: string, metadata: Record<string, Json> | undefined) => {
    for (const rule of metadata?.cdk_nag?.rules_to_suppress ?? []) {
      const reason = rule.is_reason_encoded ? Buffer.from(rule.reason, "base64").toString() : rule.reason;
      found.push({ stack: stack.stackName, resource, id: rule.id, reason, appliesTo: rule.applies_to });
    }
  };
  collect("(stack)", json.Metadata);
  for (const [id, r] of Object.entries((json.Resources ?? {}) as Record<string, Resource>))
    collect(id, r.Metadata);
  return found;
};

export const stringify = (value: unknown) => JSON.stringify(value);
