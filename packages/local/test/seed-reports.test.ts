import { Actor, Dashboard, Report } from "@atensi/core";
import { expect, it } from "vitest";
import { seed } from "../src/seed";
import { lastMonths, seedReports } from "../src/seed-reports";

const staff = {
  type: "user" as const,
  properties: {
    userID: "usr_test",
    email: "auditor@test",
    name: "Auditor",
    roles: ["auditor" as const],
    sessionID: "t",
  },
};

it("a fresh hub's demo data has a year of accepted reports behind its dashboards", async () => {
  await seed("kata-sandi-demo-yang-panjang");
  const result = await seedReports();
  const months = lastMonths(12);
  expect(result).toEqual({ reports: 60, from: months[0], to: months[11] });
  await Actor.provide(staff, async () => {
    const accepted = await Report.list({ status: "accepted", limit: "100" });
    expect(accepted.items).toHaveLength(60);
    const years = [...new Set(months.map((m) => m.slice(0, 4)))];
    let realised = 0;
    for (const year of years) {
      const summary = await Dashboard.summary({ year });
      realised += summary.total.realised;
      expect(summary.provinces.map((p) => p.key).sort()).toEqual(expect.arrayContaining(["31", "32", "36"]));
      expect(summary.total.target).toBeGreaterThan(0);
    }
    const persons = accepted.items.reduce(
      (sum, r) => sum + (r.content.beneficiaries?.totals ?? []).reduce((s, t) => s + t.count, 0),
      0,
    );
    expect(realised).toBe(persons);
    expect(persons).toBeGreaterThan(1000);
  });
}, 120_000);
