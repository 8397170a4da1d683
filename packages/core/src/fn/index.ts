import type * as v from "valibot";
import { parse } from "../validate";

type Schema = v.GenericSchema;

/**
 * A core operation that carries the schema of its input. Calling it validates whatever it is
 * given (tests, workers and seed scripts pass what they have, hence `unknown`); a route validates
 * the request with the same `schema` object and calls `trusted` with the typed result, so a
 * request is validated once and the API and core cannot drift apart.
 */
export type Fn<S extends Schema, Rest extends unknown[], R> = ((input: unknown, ...rest: Rest) => R) & {
  readonly schema: S;
  /** The operation on input already validated with `schema`. */
  readonly trusted: (input: v.InferOutput<S>, ...rest: Rest) => R;
};

/** An operation on one record: `(id, input, …)`, the shape of every change to an existing record. */
export type RecordFn<S extends Schema, Rest extends unknown[], R> = ((
  id: string,
  input: unknown,
  ...rest: Rest
) => R) & {
  readonly schema: S;
  readonly trusted: (id: string, input: v.InferOutput<S>, ...rest: Rest) => R;
};

/**
 * `fn(schema, handler)`: `handler` receives the parsed input; extra arguments pass through. The
 * operation is async, so invalid input is a rejected promise like every other refusal.
 */
export const fn = <S extends Schema, Rest extends unknown[], R extends Promise<unknown>>(
  schema: S,
  handler: (input: v.InferOutput<S>, ...rest: Rest) => R,
): Fn<S, Rest, R> =>
  Object.assign(async (input: unknown, ...rest: Rest) => handler(parse(schema, input), ...rest), {
    schema,
    trusted: handler,
  }) as unknown as Fn<S, Rest, R>;

/** `fn.on(schema, (id, input, …) => …)`: the same for operations on one record. */
fn.on = <S extends Schema, Rest extends unknown[], R extends Promise<unknown>>(
  schema: S,
  handler: (id: string, input: v.InferOutput<S>, ...rest: Rest) => R,
): RecordFn<S, Rest, R> =>
  Object.assign(
    async (id: string, input: unknown, ...rest: Rest) => handler(id, parse(schema, input), ...rest),
    { schema, trusted: handler },
  ) as unknown as RecordFn<S, Rest, R>;
