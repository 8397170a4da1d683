import { afterEach, describe, expect, it } from "vitest";
import { computedHolidays } from "../scripts/computed-holidays";
import { Clock, MAINTAINED_HOLIDAYS } from "../src/clock";

// Instants are written in WIB (UTC+7), the calendar the SKB's days are in.
const wib = (local: string) => Date.parse(`${local}+07:00`);
const iso = (ms: number) => new Date(ms).toISOString();

afterEach(() => Clock.reset());

describe("working days", () => {
  it("skip a weekend: Friday + 3 working days ends on Wednesday night", async () => {
    expect(iso(await Clock.addWorkingDays(wib("2026-07-10T10:00:00"), 3))).toBe("2026-07-15T16:59:59.999Z");
  });

  it("skip national holidays and cuti bersama: Nyepi and Idulfitri 2026 (SKB 2026)", async () => {
    // Mon 16, Tue 17 count; Wed 18 cuti Nyepi, Thu 19 Nyepi, Fri 20 cuti, weekend with
    // Idulfitri 21–22, Mon 23 and Tue 24 cuti; Wed 25 is the third working day.
    expect(iso(await Clock.addWorkingDays(wib("2026-03-13T15:30:00"), 3))).toBe("2026-03-25T16:59:59.999Z");
    // 14 working days from the same Friday: 16, 17, 25, 26, 27, 30, 31 Mar, 1, 2 Apr, (3 Good
    // Friday), 6, 7, 8, 9, 10 Apr.
    expect(iso(await Clock.addWorkingDays(wib("2026-03-13T15:30:00"), 14))).toBe("2026-04-10T16:59:59.999Z");
  });

  it("count from the day in Jakarta, not in UTC", async () => {
    // 18:30 UTC on Thursday is 01:30 on Friday in Jakarta: the next working day is Monday.
    expect(iso(await Clock.addWorkingDays(Date.parse("2026-07-09T18:30:00Z"), 1))).toBe(
      "2026-07-13T16:59:59.999Z",
    );
    // Received on a Sunday: Monday is the first working day.
    expect(iso(await Clock.addWorkingDays(wib("2026-07-12T09:00:00"), 1))).toBe("2026-07-13T16:59:59.999Z");
  });

  it("know the maintained 2026 list with its source, and the 2027 days date-holidays computes", async () => {
    expect(MAINTAINED_HOLIDAYS[2026]?.source).toMatch(/SKB .*1497 Tahun 2025/);
    expect(MAINTAINED_HOLIDAYS[2026]?.cutiBersama).toHaveLength(8);
    expect(await Clock.isWorkingDay(wib("2026-12-24T12:00:00"))).toBe(false); // cuti bersama Natal
    expect(await Clock.isWorkingDay(wib("2026-12-25T12:00:00"))).toBe(false); // Natal
    expect(await Clock.isWorkingDay(wib("2026-12-23T12:00:00"))).toBe(true);
    // Idulfitri 1447 H is 21–22 March by the SKB; date-holidays computes 20–21, so the
    // maintained list must win: 21 March is a Saturday anyway, 20 March is cuti bersama.
    expect(await Clock.isWorkingDay(wib("2026-03-20T12:00:00"))).toBe(false);
    expect(await Clock.isWorkingDay(wib("2027-08-17T12:00:00"))).toBe(false); // computed for 2027
    expect(await Clock.isWorkingDay(wib("2027-08-18T12:00:00"))).toBe(true);
  });
});

describe("the controllable clock", () => {
  it("stands still when set and moves only when advanced", () => {
    Clock.set("2026-12-23T02:00:00Z");
    expect(Clock.nowISO()).toBe("2026-12-23T02:00:00.000Z");
    Clock.advance(36 * 3600e3);
    expect(Clock.nowISO()).toBe("2026-12-24T14:00:00.000Z");
    Clock.reset();
    expect(Math.abs(Clock.now() - Date.now())).toBeLessThan(1000);
  });
});

describe("the maintained list", () => {
  it("keeps an undecreed year equal to what date-holidays computes; a decreed one differs only where the SKB does", () => {
    for (const [year, entry] of Object.entries(MAINTAINED_HOLIDAYS)) {
      const computed = computedHolidays(Number(year));
      if (!entry.decreed) {
        expect(entry.holidays, `${year}`).toEqual(computed);
        expect(entry.cutiBersama).toEqual([]);
      }
    }
    // 2026: the SKB has Idulfitri a day later than computed, and Easter Sunday; the other days agree.
    const decreed = new Set(MAINTAINED_HOLIDAYS[2026]!.holidays);
    const computed = new Set(computedHolidays(2026));
    expect([...computed].filter((d) => !decreed.has(d))).toEqual(["2026-03-20"]);
    expect([...decreed].filter((d) => !computed.has(d))).toEqual(["2026-03-22", "2026-04-05"]);
  });

  it("counts weekends only in a year it does not have", () => {
    // 2030-01-01 is a Tuesday: no list for 2030, so it counts as a working day.
    expect(Clock.isWorkingDay(wib("2030-01-01T12:00:00"))).toBe(true);
  });
});
