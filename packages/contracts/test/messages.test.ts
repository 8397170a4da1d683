import { expect, it } from "vitest";
import { renderNotification } from "../src";

// Server-written text (in-app notices and e-mail) reads as each language writes dates and periods.
it("writes periods and dates in the reader's language, never as ISO strings", () => {
  const params = { period: "2026-02", agreement: "001/NK/REHSOS/32/2026", dueDate: "2026-03-10", days: 3 };
  expect(renderNotification("id", "report.overdue", params)).toEqual({
    title: "Laporan Februari 2026 terlambat",
    body: "Laporan pengawasan Februari 2026 untuk perjanjian 001/NK/REHSOS/32/2026 belum dikirim dan sudah melewati tenggat 10 Maret 2026.",
  });
  expect(renderNotification("en", "report.overdue", params)).toEqual({
    title: "The February 2026 report is overdue",
    body: "The February 2026 supervision report for agreement 001/NK/REHSOS/32/2026 has not been submitted and its deadline 10 March 2026 has passed.",
  });
  expect(renderNotification("id", "report.overdue", { ...params, period: "2026-Q3" }).title).toBe(
    "Laporan Triwulan III 2026 terlambat",
  );
  expect(renderNotification("en", "report.overdue", { ...params, period: "2026-Q3" }).title).toBe(
    "The Q3 2026 report is overdue",
  );
});
