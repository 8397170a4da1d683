import type { AgreementStatus } from "./agreement";
import type { Role } from "./enums";
import type { ReportStatus } from "./report";

/** The list status each queue page opens on: what waits for the person's next step. */
export type Queues = { agreements?: AgreementStatus; reports?: ReportStatus };

/**
 * What waits for each staff role, most senior first (a person with several roles gets the first
 * that applies): an approver decides recommended agreements (four-eyes: someone else
 * recommended them), a reviewer recommends submitted ones; both review submitted reports. LKS
 * roles and auditors have no queue: their lists open on everything, newest first.
 */
const QUEUES: readonly (readonly [Role, Queues])[] = [
  ["kemensos_approver", { agreements: "recommended", reports: "submitted" }],
  ["admin", { agreements: "recommended", reports: "submitted" }],
  ["kemensos_reviewer", { agreements: "submitted", reports: "submitted" }],
];

export const queuesFor = (roles: readonly Role[]): Queues =>
  QUEUES.find(([role]) => roles.includes(role))?.[1] ?? {};
