import { parse } from "@atensi/core/validate";
import { validator } from "hono/validator";
import { resolver, uniqueSymbol } from "hono-openapi";
import type * as v from "valibot";

type Target = "json" | "query" | "param";

/**
 * Validates one part of the request with a valibot schema through core's `parse`, so the API
 * and core report invalid fields identically, and registers the schema with hono-openapi so
 * the OpenAPI document is generated from the same schema.
 */
const withSchema = <T extends Target, S extends v.GenericSchema>(target: T, schema: S) => {
  // Typing the value as the schema's input makes the typed `hc` client ask for what goes over
  // the wire (e.g. `limit` as a string), not what the handler receives after parsing.
  const middleware = validator(target, (value: v.InferInput<S>) => parse(schema, value) as v.InferOutput<S>);
  return Object.assign(middleware, { [uniqueSymbol]: { target, ...resolver(schema) } });
};

export const body = <S extends v.GenericSchema>(schema: S) => withSchema("json", schema);
export const query = <S extends v.GenericSchema>(schema: S) => withSchema("query", schema);
export const params = <S extends v.GenericSchema>(schema: S) => withSchema("param", schema);
