/**
 * THE AUTHORIZATION MATRIX FOR REGIONAL STAFF: every route of the app × staff of regional units
 * (Balai / Loka / Sentra, dinas sosial), who hold their roles only within their unit's region.
 * `authz.test.ts` runs each route's row of ./authz-matrix.ts (same path, body and If-Match) for
 * these callers too, and fails for a route without an entry here.
 *
 * Callers (columns, in this order), with the places of the fixtures: LKS A and its agreements and
 * reports are in Kota Bekasi (province 32, regency 3275); the fixture referral's person lives in
 * Kota Bandung (32, 3273).
 *   sIn  reviewer + approver of a Sentra for Jawa Barat and Banten (32, 36): everything in region
 *   sOut reviewer + approver of a Sentra for Sumatera Selatan (16): nothing of the fixtures in region
 *   dBk  reviewer of the Dinas Sosial Kota Bekasi (3275): LKS A's records, not the referral
 *   dBd  reviewer of the Dinas Sosial Kota Bandung (3273): the referral, not LKS A's records
 *
 * Outcomes as in ./authz-matrix.ts. Outside its region a regional caller reading a record gets
 * 404 (it may not know the record exists) and deciding on one gets 403 (`outside_scope`); rules
 * marked `national` in the policy (approving and terminating agreements, unlocking reports,
 * suspending partners, programmes and integrations, mail, units, staff invitations) are 403 for
 * every regional caller. Lists answer 200 with what is in the caller's region only (checked in
 * test/e2e/regional.test.ts).
 */
import type { Outcome } from "./authz-matrix";

export const SCOPED_CALLERS = ["sentraIn", "sentraOut", "dinsosBekasi", "dinsosBandung"] as const;
export type ScopedCaller = (typeof SCOPED_CALLERS)[number];

export const parseScoped = (table: string): Record<ScopedCaller, Outcome> => {
  const cells = table.trim().split(/\s+/);
  if (cells.length !== SCOPED_CALLERS.length) throw new Error(`"${table}" has ${cells.length} cells, not 4`);
  return Object.fromEntries(
    SCOPED_CALLERS.map((caller, i) => {
      const cell = cells[i]!;
      if (cell === "A") return [caller, "allow"];
      if (!["400", "401", "403", "404"].includes(cell)) throw new Error(`unknown outcome ${cell}`);
      return [caller, Number(cell) as Outcome];
    }),
  ) as Record<ScopedCaller, Outcome>;
};

// biome-ignore format: the table is aligned by hand
export const SCOPED: Record<string, string> = {
  //                                                                                        sIn sOut dBk dBd
  "POST /v1/auth/sign-in":                                                                "A   A   A   A",
  "POST /v1/auth/sign-out":                                                               "A   A   A   A",
  "GET /v1/auth/me":                                                                      "A   A   A   A",
  "POST /v1/auth/password":                                                               "A   A   A   A",
  "POST /v1/auth/invitations/accept":                                                     "A   A   A   A",
  "POST /v1/auth/password-reset":                                                         "A   A   A   A",
  "POST /v1/auth/password-reset/confirm":                                                 "A   A   A   A",
  "POST /v1/auth/email":                                                                  "A   A   A   A",
  "POST /v1/auth/email/confirm":                                                          "A   A   A   A",
  "POST /v1/partners":                                                                    "A   A   A   A",
  "GET /v1/partners":                                                                     "A   A   A   A",
  "GET /v1/partners/me":                                                                  "404 404 404 404",
  "GET /v1/partners/:id":                                                                 "A   404 A   404",
  "PATCH /v1/partners/:id":                                                               "403 403 403 403",
  "POST /v1/partners/:id/verify":                                                         "A   403 A   403",
  "POST /v1/partners/:id/reject":                                                         "A   403 A   403",
  "POST /v1/partners/:id/suspend":                                                        "403 403 403 403",
  "POST /v1/partners/:id/reinstate":                                                      "403 403 403 403",
  "GET /v1/partners/:id/audit":                                                           "A   404 A   404",
  "GET /v1/users":                                                                        "403 403 403 403",
  "POST /v1/users/staff":                                                                 "403 403 403 403",
  "POST /v1/users/:id/disable":                                                           "403 403 403 403",
  "POST /v1/users/:id/enable":                                                            "403 403 403 403",
  "POST /v1/users/operators":                                                             "403 403 403 403",
  "POST /v1/users/:id/invitation/resend":                                                 "403 403 403 403",
  "POST /v1/users/:id/invitation/revoke":                                                 "403 403 403 403",
  "GET /v1/mail":                                                                         "403 403 403 403",
  "GET /v1/mail/:id":                                                                     "403 403 403 403",
  "POST /v1/mail/:id/resend":                                                             "403 403 403 403",
  "GET /v1/units":                                                                        "A   A   A   A",
  "POST /v1/units":                                                                       "403 403 403 403",
  "GET /v1/units/:id":                                                                    "A   A   A   A",
  "GET /v1/social-workers":                                                               "A   A   A   A",
  "POST /v1/social-workers":                                                              "A   A   A   A",
  "GET /v1/social-workers/:id":                                                           "A   A   A   A",
  "GET /v1/regions/provinces":                                                            "A   A   A   A",
  "GET /v1/regions/provinces/:code/regencies":                                            "A   A   A   A",
  "POST /v1/programs":                                                                    "403 403 403 403",
  "GET /v1/programs":                                                                     "A   A   A   A",
  "GET /v1/programs/:id":                                                                 "A   A   A   A",
  "PATCH /v1/programs/:id":                                                               "403 403 403 403",
  "POST /v1/programs/:id/keys":                                                           "403 403 403 403",
  "GET /v1/programs/:id/keys":                                                            "403 403 403 403",
  "POST /v1/programs/:id/keys/:keyID/revoke":                                             "403 403 403 403",
  "POST /v1/programs/:id/endpoints":                                                      "403 403 403 403",
  "GET /v1/programs/:id/endpoints":                                                       "403 403 403 403",
  "GET /v1/endpoints/:id":                                                                "403 403 403 403",
  "PATCH /v1/endpoints/:id":                                                              "403 403 403 403",
  "POST /v1/endpoints/:id/rotate-secret":                                                 "403 403 403 403",
  "GET /v1/endpoints/:id/deliveries":                                                     "403 403 403 403",
  "POST /v1/endpoints/:id/redeliver":                                                     "403 403 403 403",
  "GET /v1/deliveries/:id":                                                               "403 403 403 403",
  "POST /v1/deliveries/:id/redeliver":                                                    "403 403 403 403",
  "POST /v1/referrals":                                                                   "A   A   A   A",
  "GET /v1/referrals":                                                                    "A   A   A   A",
  "GET /v1/referrals/inbox":                                                              "403 403 403 403",
  "GET /v1/referrals/overdue":                                                            "403 403 403 403",
  "GET /v1/referrals/sla":                                                                "403 403 403 403",
  "GET /v1/referrals/:id":                                                                "A   404 404 A",
  "GET /v1/referrals/:id/timeline":                                                       "A   404 404 A",
  "POST /v1/referrals/:id/cancel":                                                        "A   403 403 A",
  "POST /v1/referrals/:id/withdraw-consent":                                              "A   403 403 A",
  "POST /v1/referrals/:id/erasure":                                                       "403 403 403 403",
  "POST /v1/referrals/:id/responses":                                                     "403 403 403 403",
  "GET /v1/notifications":                                                                "A   A   A   A",
  "GET /v1/notifications/unread-count":                                                   "A   A   A   A",
  "POST /v1/notifications/read-all":                                                      "A   A   A   A",
  "POST /v1/notifications/:id/read":                                                      "A   A   A   A",
  "GET /v1/notifications/preferences":                                                    "A   A   A   A",
  "PUT /v1/notifications/preferences":                                                    "A   A   A   A",
  "POST /v1/agreements":                                                                  "403 403 403 403",
  "GET /v1/agreements":                                                                   "A   A   A   A",
  "GET /v1/agreements/:id":                                                               "A   404 A   404",
  "PUT /v1/agreements/:id":                                                               "403 403 403 403",
  "POST /v1/agreements/:id/submit":                                                       "403 403 403 403",
  "POST /v1/agreements/:id/resubmit":                                                     "403 403 403 403",
  "POST /v1/agreements/:id/request-changes":                                              "A   403 A   403",
  "POST /v1/agreements/:id/recommend":                                                    "A   403 A   403",
  "POST /v1/agreements/:id/approve":                                                      "403 403 403 403",
  "POST /v1/agreements/:id/reject":                                                       "A   403 A   403",
  "POST /v1/agreements/:id/terminate":                                                    "403 403 403 403",
  "POST /v1/agreements/:id/amendments":                                                   "403 403 403 403",
  "GET /v1/agreements/:id/diff":                                                          "A   404 A   404",
  "GET /v1/agreements/:id/comments":                                                      "A   404 A   404",
  "POST /v1/agreements/:id/comments":                                                     "A   403 A   403",
  "POST /v1/agreements/:id/documents":                                                    "A   403 A   403",
  "POST /v1/agreements/:id/documents/:documentID/complete":                               "A   403 A   403",
  "GET /v1/agreements/:id/documents/:documentID":                                         "A   404 A   404",
  "GET /v1/agreements/:id/audit":                                                         "A   404 A   404",
  "POST /v1/reports":                                                                     "403 403 403 403",
  "GET /v1/reports":                                                                      "A   A   A   A",
  "GET /v1/reports/outstanding":                                                          "403 403 403 403",
  "GET /v1/reports/queue":                                                                "A   A   A   A",
  "PUT /v1/reports/:id/social-worker":                                                     "403 403 403 403",
  "POST /v1/reports/:id/sign-off":                                                        "A   403 A   403",
  "POST /v1/reports/:id/forward":                                                         "A   403 A   403",
  "POST /v1/reports/:id/claim":                                                           "A   403 A   403",
  "POST /v1/reports/:id/assign":                                                          "A   403 A   403",
  "GET /v1/reports/:id":                                                                  "A   404 A   404",
  "PUT /v1/reports/:id":                                                                  "403 403 403 403",
  "POST /v1/reports/:id/submit":                                                          "403 403 403 403",
  "POST /v1/reports/:id/request-revision":                                                "A   403 A   403",
  "POST /v1/reports/:id/accept":                                                          "A   403 A   403",
  "POST /v1/reports/:id/unlock":                                                          "403 403 403 403",
  "GET /v1/reports/:id/diff":                                                             "A   404 A   404",
  "GET /v1/reports/:id/comments":                                                         "A   404 A   404",
  "POST /v1/reports/:id/comments":                                                        "A   403 A   403",
  "POST /v1/reports/:id/attachments":                                                     "403 403 403 403",
  "POST /v1/reports/:id/attachments/:attachmentID/complete":                              "403 403 403 403",
  "GET /v1/reports/:id/attachments/:attachmentID":                                        "A   404 A   404",
  "GET /v1/reports/:id/audit":                                                            "A   404 A   404",
  "GET /v1/dashboard":                                                                    "A   A   A   A",
  "GET /v1/dashboard/partners":                                                           "A   A   A   A",
  "GET /v1/dashboard/export":                                                             "A   A   A   A",
  "GET /v1/analytics/drill":                                                              "A   A   A   A",
  "GET /v1/exports/partners.xlsx":                                                        "A   A   A   A",
  "GET /v1/exports/agreements.xlsx":                                                      "A   A   A   A",
  "GET /v1/exports/reports.xlsx":                                                         "A   A   A   A",
  "GET /v1/exports/referrals.xlsx":                                                       "A   A   A   A",
  "GET /v1/exports/deliveries.xlsx":                                                      "403 403 403 403",
  "GET /v1/exports/dashboard.xlsx":                                                       "A   A   A   A",
  "GET /v1/documents/reports/:id":                                                        "A   404 A   404",
  "GET /v1/documents/agreements/:id":                                                     "A   404 A   404",
  "GET /v1/documents/referrals/:id":                                                      "A   404 404 A",
  "GET /v1/verify/:code":                                                                 "A   A   A   A",
  "GET /v1/open-data/schema":                                                             "A   A   A   A",
  "GET /v1/open-data/atensi.json":                                                        "A   A   A   A",
  "GET /v1/open-data/atensi.csv":                                                         "A   A   A   A",
  "GET /v1/open-data/files/:year/atensi.csv":                                             "A   A   A   A",
  "GET /v1/open-data/files/:year/atensi.json":                                            "A   A   A   A",
  "PUT /v1/files/:token":                                                                 "403 403 403 403",
  "GET /v1/files/:token":                                                                 "A   A   A   A",
  "GET /health":                                                                          "A   A   A   A",
  "GET /v1/openapi.json":                                                                 "A   A   A   A",
  "GET /docs":                                                                            "A   A   A   A",
};
