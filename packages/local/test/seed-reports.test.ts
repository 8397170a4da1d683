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

// `pnpm start` seeds 12 months; 3 here keep the test well inside its timeout (12 took 80 s of 120).
it("a fresh hub's demo data has months of accepted reports behind its dashboards", async () => {
  await seed("kata-sandi-demo-yang-panjang");
  const result = await seedReports({ months: 3 });
  const months = lastMonths(3);
  expect(result).toEqual({ reports: 15, from: months[0], to: months[2] });
  await Actor.provide(staff, async () => {
    const accepted = await Report.list({ status: "accepted", limit: "100" });
    expect(accepted.items).toHaveLength(15);
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
    expect(persons).toBeGreaterThan(200);
  });
}, 120_000);
