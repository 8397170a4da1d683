/**
 * Indonesian non-working days for service-level clocks: national holidays (hari libur nasional)
 * and collective leave (cuti bersama), on which government offices are closed.
 *
 * Maintained list: the years below are taken from the joint decree (SKB) of the Minister of
 * Religious Affairs, the Minister of Manpower and the Minister of State Apparatus Empowerment and
 * Bureaucratic Reform that sets each year's days. They are authoritative for their year, because
 * the computed Islamic dates of `date-holidays` can differ from the government's by a day
 * (Idulfitri 1447 H: the SKB says 21–22 March 2026, the computation 20–21 March), and because
 * `date-holidays` has no cuti bersama at all. Add the next year's lists when its SKB is signed
 * (usually in September of the year before). A year not listed here falls back to the public
 * holidays `date-holidays` computes, without cuti bersama.
 */
export const MAINTAINED: Record<number, { source: string; holidays: string[]; cutiBersama: string[] }> = {
  2026: {
    source:
      "SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun 2025 tentang Hari Libur Nasional dan Cuti Bersama Tahun 2026",
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
};

const cache = new Map<number, ReadonlySet<string>>();

/**
 * The non-working days (other than weekends) of a year, as `YYYY-MM-DD`. `date-holidays` (its
 * data is 800 KB) is imported only for a year that is not maintained here.
 */
export const nonWorkingDays = async (year: number): Promise<ReadonlySet<string>> => {
  const cached = cache.get(year);
  if (cached) return cached;
  const maintained = MAINTAINED[year];
  let days: Set<string>;
  if (maintained) {
    days = new Set([...maintained.holidays, ...maintained.cutiBersama]);
  } else {
    const { default: Holidays } = await import("date-holidays");
    const computed = new Holidays("ID", { types: ["public"] }).getHolidays(year);
    days = new Set(computed.map((h) => h.date.slice(0, 10)));
  }
  cache.set(year, days);
  return days;
};
