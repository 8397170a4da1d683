import { ReportContent } from "@atensi/contracts";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { reportContent } from "../../../test/support/reports";
import { issuesToFields } from "../src";
import { dueDateOf, periodRange, periodsBetween } from "../src/report";

describe("reporting periods", () => {
  it("knows months, quarters, their due dates and the periods of a term", () => {
    expect(periodRange("2026-02")).toEqual({ start: "2026-02-01", end: "2026-02-28" });
    expect(periodRange("2024-Q1")).toEqual({ start: "2024-01-01", end: "2024-03-31" });
    expect(dueDateOf("2026-12")).toBe("2027-01-10");
    expect(dueDateOf("2026-Q2")).toBe("2026-07-10");
    expect(periodsBetween("2026-02-15", "2026-05-01", "monthly")).toEqual([
      "2026-02",
      "2026-03",
      "2026-04",
      "2026-05",
    ]);
    expect(periodsBetween("2026-02-15", "2026-12-31", "quarterly")).toEqual([
      "2026-Q1",
      "2026-Q2",
      "2026-Q3",
      "2026-Q4",
    ]);
  });
});

describe("report content rules", () => {
  const fields = (content: unknown) => {
    const result = v.safeParse(ReportContent, content);
    return result.success ? [] : issuesToFields(result.issues).map((e) => e.field);
  };

  it("accepts consistent content", () => {
    expect(fields(reportContent())).toEqual([]);
  });

  it("names the field of each broken rule", () => {
    const c = reportContent();
    c.beneficiaries.breakdown[1]!.count = 29; // breakdown no longer sums to the total
    c.caseFlow[0]!.atEnd = 47; // the flow no longer balances
    c.indicators[0] = { ...c.indicators[0]!, realised: 10, narrative: " " }; // under 50%, no narrative
    c.services.push({ form: c.services[0]!.form, count: 1 }); // a form twice
    expect(fields(c).sort()).toEqual(
      ["beneficiaries.totals.0.count", "caseFlow.0.atEnd", "indicators.0.narrative", "services"].sort(),
    );
    const fractional = reportContent();
    fractional.services[0]!.count = 1.5;
    expect(fields(fractional)).toEqual(["services.0.count"]);
  });
});
