/** Fixtures the regional-review suites share: staff of a unit, an active agreement of this year, a submitted report. */
import type { Role } from "@atensi/contracts";
import { Actor, Database, User } from "@atensi/core";
import { expect } from "vitest";
import { agreementInput } from "./agreements";
import { APPROVER, type Client, SECOND_APPROVER, signedIn, TEST_PASSWORD } from "./hub";
import { reportContent } from "./reports";

const year = new Date().getUTCFullYear();

/** Creates an active portal user directly (as the test hub does for national staff); answers its id. */
export const createUser = (input: {
  email: string;
  name: string;
  roles?: Role[];
  unitID?: string;
  partnerID?: string;
}) =>
  Actor.provide({ type: "system", properties: { name: "test" } }, async () => {
    const user = await User.prepare({
      roles: ["kemensos_reviewer"],
      ...input,
      password: TEST_PASSWORD,
      status: "active",
    });
    await Database.commit(user.steps);
    return user.item.userID;
  });

/** A monthly agreement of the LKS for this year, through submission, recommendation and approval. */
export const activeAgreement = async (base: string, lks: Client) => {
  const input = agreementInput({
    startDate: `${year}-01-01`,
    endDate: `${year}-12-31`,
    reportingCadence: "monthly",
    yearlyTargets: [{ year, cluster: "penyandang_disabilitas", target: 100 }],
  });
  const agreementID = (await lks.post("/v1/agreements", input)).json.id as string;
  await lks.post(`/v1/agreements/${agreementID}/submit`);
  await (await signedIn(base, APPROVER)).post(`/v1/agreements/${agreementID}/recommend`);
  const approved = await (await signedIn(base, SECOND_APPROVER)).post(
    `/v1/agreements/${agreementID}/approve`,
  );
  expect(approved.json.status).toBe("active");
  return agreementID;
};

/** January's report of the agreement, filled and (unless `submit` is false) submitted. */
export const januaryReport = async (lks: Client, agreementID: string, submit = true) => {
  const id = (await lks.post("/v1/reports", { agreementID, period: `${year}-01` })).json.id as string;
  await lks.request("PUT", `/v1/reports/${id}`, { content: reportContent() });
  if (!submit) return { id, submitted: undefined };
  const submitted = await lks.post(`/v1/reports/${id}/submit`);
  expect(submitted.status).toBe(200);
  return { id, submitted: submitted.json };
};
