import { describe, expect, it } from "vitest";
import { HubError } from "../src";
import { Change } from "../src/change";

/** A write that finds another version committed first `stale` times, then succeeds. */
const racing = (stale: number) => {
  let calls = 0;
  const write = async () => {
    calls++;
    if (calls <= stale) throw HubError.precondition();
    return `written on attempt ${calls}`;
  };
  return { write, calls: () => calls };
};

describe("Change.latest: a write without If-Match applies to the record as it now is", () => {
  it("makes the write again when another change committed between its read and its commit", async () => {
    const race = racing(Change.STALE_ATTEMPTS - 1);
    await expect(Change.latest(undefined, race.write)).resolves.toBe(
      `written on attempt ${Change.STALE_ATTEMPTS}`,
    );
    expect(race.calls()).toBe(Change.STALE_ATTEMPTS);
  });

  it("answers 412 at once to a caller that named the version it read (If-Match)", async () => {
    const race = racing(1);
    await expect(Change.latest(3, race.write)).rejects.toMatchObject({
      kind: "precondition",
      code: "version_mismatch",
    });
    expect(race.calls()).toBe(1);
  });

  it("gives up after a bounded number of attempts, and never repeats other refusals", async () => {
    const busy = racing(Number.POSITIVE_INFINITY);
    await expect(Change.latest(undefined, busy.write)).rejects.toMatchObject({ code: "version_mismatch" });
    expect(busy.calls()).toBe(Change.STALE_ATTEMPTS);

    let calls = 0;
    const refused = async () => {
      calls++;
      throw HubError.conflict("not now", "illegal_transition", []);
    };
    await expect(Change.latest(undefined, refused)).rejects.toMatchObject({ code: "illegal_transition" });
    expect(calls).toBe(1);
  });
});
