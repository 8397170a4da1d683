import { HubError } from "../error";
import type { AttributeRef, Operators } from "./entity";
import { Database } from "./index";

/** Shared entity configuration: the one table, named at call time (tests switch tables). */
export const entityConfig = () => ({ table: () => Database.tableName() });

export const nowISO = () => new Date().toISOString();
export const epochSeconds = (date = new Date()) => Math.floor(date.getTime() / 1000);

/** The TransactWriteItems form of a write chain, for `Database.commit`. */
export const txStep = (chain: { commit: () => Record<string, unknown> }): Record<string, unknown> =>
  chain.commit();

/**
 * Runs one page of a list query. The entity layer refuses a cursor that does not decode to a key
 * of the queried partition; DynamoDB refuses a starting key outside the key condition. Both are
 * the client's input error, not ours.
 */
export const page = async <T>(run: () => Promise<{ data: T[]; cursor: string | null }>) => {
  try {
    const result = await run();
    return { items: result.data, nextCursor: result.cursor };
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    if (/cursor|starting key|ExclusiveStartKey/i.test(message)) {
      throw HubError.input("Invalid cursor", [
        { field: "cursor", code: "cursor", message: "Not a cursor from this list" },
      ]);
    }
    throw error;
  }
};

type Where = (attr: { version: AttributeRef }, op: Operators) => string;

/**
 * A write step that succeeds only on the version the caller read (optimistic locking); a
 * concurrent change makes the whole transaction fail as 412 Precondition Failed.
 */
export const atVersion = (
  chain: { where: (fn: Where) => { commit: () => Record<string, unknown> } },
  version: number,
) => ({
  step: chain.where((attr, op) => op.eq(attr.version, version)).commit(),
  onConditionFailed: () => HubError.precondition(),
});

/** Throws 412 when the client's `If-Match` names another version than the stored one. */
export const expectVersion = (expected: number | undefined, actual: number) => {
  if (expected !== undefined && expected !== actual) throw HubError.precondition();
};
