import { describe, expect, it } from "vitest";
import { toCsv } from "../src/csv";

describe("CSV exports", () => {
  it("open formula-like text as text in a spreadsheet, and leave numbers alone", () => {
    const csv = toCsv(
      [
        { key: "lks_1", label: '=HYPERLINK("http://evil.example","klik")', target: -5 },
        { key: "lks_2", label: "+62 812 3456", target: 10 },
        { key: "lks_3", label: "@SUM(A1:A9)", target: 0 },
        { key: "lks_4", label: "Yayasan Balarenik, Bandung", target: 3 },
      ],
      ["key", "label", "target"],
    );
    expect(csv.trim().split("\n")).toEqual([
      "key,label,target",
      `lks_1,"'=HYPERLINK(""http://evil.example"",""klik"")",-5`,
      "lks_2,'+62 812 3456,10",
      "lks_3,'@SUM(A1:A9),0",
      'lks_4,"Yayasan Balarenik, Bandung",3',
    ]);
  });
});
