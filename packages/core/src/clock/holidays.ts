/**
 * Indonesian non-working days for service-level clocks: national holidays (hari libur nasional)
 * and collective leave (cuti bersama), on which government offices are closed.
 *
 * A maintained list, one entry per year, each naming its source. The authority is the joint
 * decree (SKB) of the Minister of Religious Affairs, the Minister of Manpower and the Minister of
 * State Apparatus Empowerment and Bureaucratic Reform, signed in the September before. The npm
 * package `date-holidays` computes Indonesia's public holidays but has no cuti bersama, and its
 * computed Islamic dates can differ from the SKB's by a day (Idulfitri 1447 H: 21–22 March 2026
 * by the SKB, 20–21 March computed): a year not yet decreed starts from its computation
 * (`pnpm exec tsx packages/core/scripts/holidays.ts <year>` prints it; test/clock.test.ts checks the entry
 * still matches) and is replaced by the SKB's days once signed. It is not loaded at run time:
 * its data is 800 KB, more than the whole API bundle.
 *
 * A year missing from the list counts weekends only, and says so once in the log.
 */
export const MAINTAINED: Record<
  number,
  { source: string; decreed: boolean; holidays: string[]; cutiBersama: string[] }
> = {
  2026: {
    source:
      "SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun 2025 tentang Hari Libur Nasional dan Cuti Bersama Tahun 2026",
    decreed: true,
    holidays: [
      "2026-01-01", // Tahun Baru 2026 Masehi
      "2026-01-16", // Isra Mikraj Nabi Muhammad SAW
      "2026-02-17", // Tahun Baru Imlek 2577 Kongzili
      "2026-03-19", // Hari Suci Nyepi (Tahun Baru Saka 1948)
      "2026-03-21", // Idulfitri 1447 H
      "2026-03-22", // Idulfitri 1447 H
      "2026-04-03", // Wafat Yesus Kristus
      "2026-04-05", // Kebangkitan Yesus Kristus (Paskah)
      "2026-05-01", // Hari Buruh Internasional
      "2026-05-14", // Kenaikan Yesus Kristus
      "2026-05-27", // Iduladha 1447 H
      "2026-05-31", // Hari Raya Waisak 2570 BE
      "2026-06-01", // Hari Lahir Pancasila
      "2026-06-16", // 1 Muharam Tahun Baru Islam 1448 H
      "2026-08-17", // Proklamasi Kemerdekaan
      "2026-08-25", // Maulid Nabi Muhammad SAW
      "2026-12-25", // Kelahiran Yesus Kristus
    ],
    cutiBersama: [
      "2026-02-16", // Tahun Baru Imlek
      "2026-03-18", // Hari Suci Nyepi
      "2026-03-20", // Idulfitri
      "2026-03-23", // Idulfitri
      "2026-03-24", // Idulfitri
      "2026-05-15", // Kenaikan Yesus Kristus
      "2026-05-28", // Iduladha
      "2026-12-24", // Kelahiran Yesus Kristus
    ],
  },
  2027: {
    source:
      "date-holidays 3.37.0, public holidays of Indonesia as computed; the SKB for 2027 is not entered yet (replace these days and add its cuti bersama once signed)",
    decreed: false,
    holidays: [
      "2027-01-01",
      "2027-01-05",
      "2027-02-06",
      "2027-03-08",
      "2027-03-09",
      "2027-03-10",
      "2027-03-26",
      "2027-05-01",
      "2027-05-06",
      "2027-05-16",
      "2027-05-20",
      "2027-06-01",
      "2027-06-06",
      "2027-08-14",
      "2027-08-17",
      "2027-12-25",
    ],
    cutiBersama: [],
  },
};

const warned = new Set<number>();

/** The non-working days (other than weekends) of a year, as `YYYY-MM-DD`. */
export const nonWorkingDays = (year: number): ReadonlySet<string> => {
  const entry = MAINTAINED[year];
  if (!entry && !warned.has(year)) {
    warned.add(year);
    console.warn(
      JSON.stringify({ level: "warn", msg: "no holiday list for this year: weekends only", year }),
    );
  }
  return SETS.get(year) ?? EMPTY;
};

const EMPTY: ReadonlySet<string> = new Set();
const SETS = new Map(
  Object.entries(MAINTAINED).map(([year, e]) => [Number(year), new Set([...e.holidays, ...e.cutiBersama])]),
);
