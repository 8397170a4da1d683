import { AsyncLocalStorage } from "node:async_hooks";
import { join } from "node:path";
import type { Role } from "@atensi/contracts";
import { Actor, Database, User } from "@atensi/core";
import { createWebApp, freePort, listen, startDeliveryWorker } from "@atensi/local";

/**
 * A hub like test/support/hub.ts's, plus a record of the DynamoDB writes each request made:
 * requests are told apart by their `x-request-id` (the API's own correlation header), carried
 * through the request's async context to a middleware on core's DynamoDB client. A write is
 * recorded only when DynamoDB accepted it, so a transaction that failed its condition is not one.
 */

const WRITE_COMMAND = /^(Put|Update|Delete|BatchWrite|TransactWrite|ExecuteStatement|BatchExecuteStatement)/;

type Key = Record<string, unknown> | undefined;
const text = (value: unknown) =>
  typeof value === "string" ? value : ((value as { S?: string } | undefined)?.S ?? String(value));

/** One line per written item: the operation, its key and (for updates) the attributes it sets. */
const describeWrites = (command: string, input: Record<string, unknown>): string[] => {
  const one = (kind: string, body: Record<string, unknown>) => {
    const key = (body.Key ?? body.Item) as Key;
    const names = Object.values((body.ExpressionAttributeNames as Record<string, string>) ?? {});
    return `${kind} ${text(key?.pk)} ${text(key?.sk)}${kind === "Update" ? ` [${names.join(",")}]` : ""}`;
  };
  if (/^TransactWrite/.test(command)) {
    return ((input.TransactItems as Record<string, Record<string, unknown>>[]) ?? []).flatMap((item) =>
      Object.entries(item)
        .filter(([kind]) => kind !== "ConditionCheck")
        .map(([kind, body]) => one(kind, body)),
    );
  }
  if (/^BatchWrite/.test(command)) {
    const requests = Object.values((input.RequestItems as Record<string, Record<string, unknown>[]>) ?? {});
    return requests.flat().map((r) => JSON.stringify(r).slice(0, 200));
  }
  const kind = command.replace(/(Item)?Command$/, "");
  return [one(kind, input)];
};

/**
 * Writes that are not changes anyone made, so a refused request may do them: counting a failed
 * sign-in (throttling) and an API key's last-use time (bookkeeping, at most once a minute).
 */
const API_KEY_TOUCH = "__edb_e__,__edb_v__,keyID,lastUsedAt,pk,sk";

export const isBookkeeping = (write: string) => {
  if (/^(Put|Update|Delete) \S+ \$throttle_1/.test(write)) return true;
  // The names an update mentions (what it sets, and the key its condition checks), in any order.
  const touched = write.match(/^Update \S+ \$apikey_1 \[([^\]]*)\]$/)?.[1];
  return touched !== undefined && touched.split(",").sort().join(",") === API_KEY_TOUCH;
};

export const startFuzzHub = async () => {
  const requestIDs = new AsyncLocalStorage<string>();
  const writes = new Map<string, string[]>();
  const reached = new Set<string>();
  const stack = Database.raw().middlewareStack;
  stack.remove("fuzzWriteRecorder");
  stack.add(
    (next, context) => async (args) => {
      const output = await next(args);
      const requestID = requestIDs.getStore();
      const command = (context as { commandName?: string }).commandName ?? "";
      if (requestID && WRITE_COMMAND.test(command)) {
        const list = writes.get(requestID) ?? [];
        list.push(...describeWrites(command, args.input as Record<string, unknown>));
        writes.set(requestID, list);
      }
      return output;
    },
    { step: "initialize", name: "fuzzWriteRecorder" },
  );

  // No portal: only the API answers (other paths get the "not built" page).
  const web = createWebApp(join(import.meta.dirname, "no-portal"));
  const server = await listen(
    {
      fetch: (request, env) => {
        const id = request.headers.get("x-request-id");
        if (!id) return web.fetch(request, env);
        reached.add(id);
        return requestIDs.run(id, () => web.fetch(request, env));
      },
    },
    await freePort(),
  );
  // Client and server share one event loop here, and a loaded machine delays both: a socket the
  // server closes for idling (5 s by default) can be the one the client is reusing that moment.
  // Idle sockets are kept a minute instead, longer than any pause in the run.
  (server.server as { keepAliveTimeout: number }).keepAliveTimeout = 65_000;
  return {
    url: server.url,
    stop: async () => {
      stack.remove("fuzzWriteRecorder");
      await server.close();
    },
    /**
     * Whether the request with this id reached the app. One that failed in transport without
     * reaching it met a kept-alive connection closing as it was reused: sending it again is safe.
     */
    reached: (requestID: string) => reached.has(requestID),
    /** The writes the request with this `x-request-id` made (and forgets them). */
    takeWrites: (requestID: string) => {
      const list = writes.get(requestID) ?? [];
      writes.delete(requestID);
      return list;
    },
    createUser: (input: {
      email: string;
      name: string;
      roles: Role[];
      password: string;
      partnerID?: string;
    }) =>
      Actor.provide({ type: "system", properties: { name: "fuzz" } }, async () => {
        const user = await User.prepare({ ...input, status: "active" });
        await Database.commit(user.steps);
        return User.toView(user.item);
      }),
    startWorker: () => startDeliveryWorker({ sweepIntervalMs: 100 }),
  };
};

export type FuzzHub = Awaited<ReturnType<typeof startFuzzHub>>;
