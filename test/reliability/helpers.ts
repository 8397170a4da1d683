import { AttemptEntity } from "@atensi/core/webhook";

/** Runs `task(0 … count-1)` with at most `concurrency` at a time; results in index order. */
export const inBatches = async <T>(count: number, concurrency: number, task: (i: number) => Promise<T>) => {
  const results: T[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
};

/** The attempt log of each delivery, read straight from the table. */
export const attemptLog = async (deliveryIDs: string[]) => {
  const logs = await inBatches(deliveryIDs.length, 16, async (i) => {
    const { data } = await AttemptEntity.query
      .byDelivery({ deliveryID: deliveryIDs[i]! })
      .go({ pages: "all" });
    return data;
  });
  return new Map(deliveryIDs.map((id, i) => [id, logs[i]!]));
};
