import type { EntityConfiguration } from "electrodb";
import { HubError } from "../error";
import { Database } from "./index";

/** Shared ElectroDB configuration: one client, one table. */
export const entityConfig = (): EntityConfiguration => ({
  client: Database.documents(),
  table: Database.tableName(),
});

export const nowISO = () => new Date().toISOString();
export const epochSeconds = (date = new Date()) => Math.floor(date.getTime() / 1000);

/**
 * ElectroDB exposes `.commit()` (the TransactWriteItems form of a write) on every write chain
 * at runtime but types it only inside its own transaction helper; this gives it a type.
 */
export const txStep = (chain: { params: (...args: never[]) => unknown }): Record<string, unknown> =>
  (chain as unknown as { commit: () => Record<string, unknown> }).commit();

/**
 * Runs one page of a list query. A cursor the client altered or took from another list fails
 * inside ElectroDB (undecodable) or DynamoDB (a starting key outside the index): both are the
 * client's input error, not ours.
 */
export const page = async <T>(run: () => Promise<{ data: T[]; cursor: string | null }>) => {
  try {
    const result = await run();
    return { items: result.data, nextCursor: result.cursor };
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    if (/cursor|starting key|ExclusiveStartKey/i.test(message)) {
      throw HubError.input("Invalid cursor", [{ field: "cursor", message: "Not a cursor from this list" }]);
    }
    throw error;
  }
};

type Where = (attr: { version: unknown }, op: { eq: (a: unknown, b: unknown) => string }) => string;

/**
 * A write step that succeeds only on the version the caller read (optimistic locking); a
 * concurrent change makes the whole transaction fail as 412 Precondition Failed.
 */
export const atVersion = (chain: { where: (fn: Where) => unknown }, version: number) => ({
  step: txStep(chain.where((attr, op) => op.eq(attr.version, version)) as never),
  onConditionFailed: () => HubError.precondition(),
});

/** Throws 412 when the client's `If-Match` names another version than the stored one. */
export const expectVersion = (expected: number | undefined, actual: number) => {
  if (expected !== undefined && expected !== actual) throw HubError.precondition();
};
