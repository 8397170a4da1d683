import type { EntityConfiguration } from "electrodb";
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
