/**
 * THE AUTHORIZATION MATRIX: every route of the app × every kind of caller, with the answer each
 * caller must get. `authz.test.ts` checks every cell against the running hub and fails for a
 * route of the app without a row here (and for a row whose route is gone).
 *
 * Callers (columns, in this order):
 *   pub  no credentials
 *   aA   lks_admin of LKS A (the LKS that owns every fixture record: "own")
 *   aB   lks_admin of LKS B ("foreign")
 *   oA   lks_operator of LKS A      oB  lks_operator of LKS B
 *   rev  kemensos_reviewer          apr kemensos_approver (approver only)
 *   aud  auditor                    adm admin
 *   pA   API key of programme PKH (the programme the fixture referral is addressed to)
 *   pB   API key of programme BPNT (another programme)
 *
 * Outcomes:
 *   A    allowed: the answer is one of the row's `allowed` statuses (see below)
 *   401  not signed in (problem `unauthenticated`)
 *   403  signed in / authenticated, but the role or the kind of caller may not (`forbidden`)
 *   404  tenant isolation: another LKS's record (or another programme's referral) is answered as
 *        if it did not exist, so ids cannot be probed (never `route_not_found`)
 *   400  only for POST /v1/reports, where the record is named in the body: another LKS's
 *        agreement is refused as "not an agreement of your LKS"
 *
 * How a write is checked without destroying the fixtures. The API validates the body (and path
 * parameters) before core's `Policy.assert` runs, so an invalid body would be answered 400 to
 * everyone and hide the authorization decision. Every row therefore sends a VALID body, and an
 * allowed caller is stopped after authorization by one of these, named in the row as `allowed`:
 *   - a stale `If-Match` ("9999") on versioned writes: core checks the version after the policy
 *     and before writing, so the caller gets 412 and nothing changes (decisions, edits, saves,
 *     cancellations, programme answers, endpoint and programme changes);
 *   - a uniqueness guard or a state rule checked after the policy: 409 (registering an existing
 *     LKS or programme code, inviting an existing email, opening an existing report, amending a
 *     draft, an attachment for a submitted report);
 *   - an idempotent target: 200 (revoking a revoked spare key, disabling/enabling a spare
 *     operator who is neither a caller nor needed elsewhere, completing a completed upload,
 *     redelivering);
 *   - additive creates that harm nothing: 201 (comments, drafts, referrals, keys, endpoints that
 *     listen to an event the suite never raises, declared documents);
 *   - wrong-but-well-formed secrets: 400 after authentication (a wrong current password, an
 *     unknown invitation token).
 * A deny cell can thus only be matched by the authorization decision itself, and an allow cell
 * only by a request that got past it. Cells run one after another, in table order.
 */

export const CALLERS = [
  "public",
  "lksAdminOwn",
  "lksAdminForeign",
  "lksOperatorOwn",
  "lksOperatorForeign",
  "reviewer",
  "approver",
  "auditor",
  "admin",
  "programOwn",
  "programOther",
] as const;
export type Caller = (typeof CALLERS)[number];
export type Outcome = "allow" | 400 | 401 | 403 | 404;

/** Ids and values the rows refer to as `{name}` in paths, created once by the suite. */
export type Fixtures = {
  year: number;
  partnerA: string;
  /** An operator of LKS A who is not a caller: the target of disable/enable. */
  spareUser: string;
  /** The LKS A operator's email (taken: an invitation to it conflicts). */
  takenOperatorEmail: string;
  /** A staff email that is taken. */
  takenStaffEmail: string;
  /** A staff user only the sign-in row uses. */
  signInEmail: string;
  password: string;
  program: string;
  programCode: string;
  /** A second key of PKH, revoked by the revoke row (no caller uses it). */
  spareKey: string;
  endpoint: string;
  delivery: string;
  receiverUrl: string;
  /** A referral of LKS A to PKH, status sent. */
  referral: string;
  /** An active agreement of LKS A with an uploaded document. */
  agreement: string;
  document: string;
  /** A regional unit (the in-region Sentra of the scoped callers, authz-scope-matrix.ts). */
  unit: string;
  /** A registered social worker (no portal user). */
  socialWorker: string;
  /** A draft agreement of LKS A. */
  draft: string;
  /** A draft addendum to `agreement`. */
  amendment: string;
  /** A submitted report of LKS A on `agreement` for `period`, with an uploaded attachment. */
  report: string;
  period: string;
  attachment: string;
  /** The token of a signed download URL (/v1/files/{token}) of `document`. */
  fileToken: string;
  /** A registration of LKS A again (its number and email are taken). */
  registrationA: Record<string, unknown>;
  /** A valid agreement draft. */
  agreementDraft: Record<string, unknown>;
  /** A valid referral to PKH. */
  referralInput: Record<string, unknown>;
};

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Row = {
  /** The route exactly as the app registers it (`app.routes`): method and Hono path. */
  route: `${Method} /${string}`;
  /** The concrete request path; `{name}` is replaced by the fixture of that name. */
  path: string;
  body?: Record<string, unknown> | ((f: Fixtures) => unknown);
  /** Send `If-Match: "9999"` (a version the record does not have). */
  stale?: true;
  /** Users call with a session opened for this cell only (the row ends the session). */
  freshSession?: true;
  /** The statuses that count as allowed for this row. */
  allowed: number[];
  expect: Record<Caller, Outcome>;
  note?: string;
};

const parse = (table: string): Record<Caller, Outcome> => {
  const cells = table.trim().split(/\s+/);
  if (cells.length !== CALLERS.length) throw new Error(`"${table}" has ${cells.length} cells, not 11`);
  return Object.fromEntries(
    CALLERS.map((caller, i) => {
      const cell = cells[i]!;
      if (cell === "A") return [caller, "allow"];
      if (!["400", "401", "403", "404"].includes(cell)) throw new Error(`unknown outcome ${cell}`);
      return [caller, Number(cell) as Outcome];
    }),
  ) as Record<Caller, Outcome>;
};

const row = (
  route: Row["route"],
  path: string,
  allowed: number[],
  table: string,
  options: Omit<Row, "route" | "path" | "allowed" | "expect"> = {},
): Row => ({ route, path, allowed, expect: parse(table), ...options });

const STALE = { stale: true } as const;
const reason = { reason: "Alasan uji matriks otorisasi" };

// biome-ignore format: the table is aligned by hand
export const MATRIX: Row[] = [
  //                                                                                  pub aA  aB  oA  oB  rev apr aud adm pA  pB
  // ── auth ──
  row("POST /v1/auth/sign-in", "/v1/auth/sign-in", [200],                            "A   A   A   A   A   A   A   A   A   A   A",
    { body: (f) => ({ email: f.signInEmail, password: f.password }), note: "public" }),
  row("POST /v1/auth/sign-out", "/v1/auth/sign-out", [204],                          "A   A   A   A   A   A   A   A   A   A   A",
    { freshSession: true, note: "ends the caller's session if it has one; idempotent" }),
  row("GET /v1/auth/me", "/v1/auth/me", [200],                                       "401 A   A   A   A   A   A   A   A   401 401",
    { note: "a programme has no session" }),
  row("POST /v1/auth/password", "/v1/auth/password", [400],                          "401 A   A   A   A   A   A   A   A   403 403",
    { body: { currentPassword: "bukan-kata-sandi-ini", newPassword: "kata-sandi-baru-yang-panjang" },
      note: "wrong current password: 400 after authentication" }),
  row("POST /v1/auth/invitations/accept", "/v1/auth/invitations/accept", [400],      "A   A   A   A   A   A   A   A   A   A   A",
    { body: { token: "t".repeat(43), password: "kata-sandi-yang-panjang" }, note: "public; the token is the authority" }),
  row("POST /v1/auth/password-reset", "/v1/auth/password-reset", [202, 429],        "A   A   A   A   A   A   A   A   A   A   A",
    { body: { email: "tidak.terdaftar@kemensos.example" }, note: "public; the same 202 for any address (429 after five an hour)" }),
  row("POST /v1/auth/password-reset/confirm", "/v1/auth/password-reset/confirm", [400],
                                                                                     "A   A   A   A   A   A   A   A   A   A   A",
    { body: { token: "t".repeat(43), password: "kata-sandi-yang-panjang" }, note: "public; the token is the authority" }),
  row("POST /v1/auth/email", "/v1/auth/email", [400],                                "401 A   A   A   A   A   A   A   A   403 403",
    { body: { newEmail: "alamat.baru@kemensos.example", password: "bukan-kata-sandi-ini" },
      note: "wrong password: 400 after authentication" }),
  row("POST /v1/auth/email/confirm", "/v1/auth/email/confirm", [400],                "A   A   A   A   A   A   A   A   A   A   A",
    { body: { token: "t".repeat(43) }, note: "public; the token is the authority" }),

  // ── partners ──
  row("POST /v1/partners", "/v1/partners", [409],                                    "A   A   A   A   A   A   A   A   A   A   A",
    { body: (f) => f.registrationA, note: "public registration; LKS A again → 409" }),
  row("GET /v1/partners", "/v1/partners", [200],                                     "401 403 403 403 403 A   A   A   A   403 403"),
  row("GET /v1/partners/me", "/v1/partners/me", [200],                               "401 A   A   A   A   404 404 404 404 403 403",
    { note: "each LKS user gets its own LKS; staff have none" }),
  row("GET /v1/partners/:id", "/v1/partners/{partnerA}", [200],                      "401 A   404 A   404 A   A   A   A   403 403"),
  row("PATCH /v1/partners/:id", "/v1/partners/{partnerA}", [412],                    "401 A   404 403 404 403 403 403 403 403 403",
    { ...STALE, body: { address: "Jl. Matriks Otorisasi No. 1, Kota Bekasi" } }),
  row("POST /v1/partners/:id/verify", "/v1/partners/{partnerA}/verify", [412],       "401 403 404 403 404 A   A   403 A   403 403", STALE),
  row("POST /v1/partners/:id/reject", "/v1/partners/{partnerA}/reject", [412],       "401 403 404 403 404 A   A   403 A   403 403",
    { ...STALE, body: reason }),
  row("POST /v1/partners/:id/suspend", "/v1/partners/{partnerA}/suspend", [412],     "401 403 404 403 404 403 A   403 A   403 403",
    { ...STALE, body: reason }),
  row("POST /v1/partners/:id/reinstate", "/v1/partners/{partnerA}/reinstate", [412], "401 403 404 403 404 403 A   403 A   403 403", STALE),
  row("GET /v1/partners/:id/audit", "/v1/partners/{partnerA}/audit", [200],          "401 A   404 403 404 A   A   A   A   403 403"),

  // ── users ──
  row("GET /v1/users", "/v1/users?partnerID={partnerA}", [200],                      "401 A   A   403 403 403 403 A   A   403 403",
    { note: "an LKS admin always gets its own LKS's users: aB asking for A's gets B's (checked in security.test.ts)" }),
  row("POST /v1/users/staff", "/v1/users/staff", [409],                              "401 403 403 403 403 403 403 403 A   403 403",
    { body: (f) => ({ email: f.takenStaffEmail, name: "Staf Uji", roles: ["kemensos_reviewer"] }) }),
  row("POST /v1/users/:id/disable", "/v1/users/{spareUser}/disable", [200],          "401 A   404 403 404 403 403 403 A   403 403"),
  row("POST /v1/users/:id/enable", "/v1/users/{spareUser}/enable", [200],            "401 A   404 403 404 403 403 403 A   403 403"),
  row("POST /v1/users/operators", "/v1/users/operators", [409],                      "401 A   A   403 403 403 403 403 403 403 403",
    { body: (f) => ({ email: f.takenOperatorEmail, name: "Operator Uji" }), note: "into the caller's own LKS" }),
  row("POST /v1/users/:id/invitation/resend", "/v1/users/{spareUser}/invitation/resend", [409],
                                                                                     "401 A   404 403 404 403 403 403 A   403 403",
    { note: "the spare operator accepted long ago: 409 after authorization" }),
  row("POST /v1/users/:id/invitation/revoke", "/v1/users/{spareUser}/invitation/revoke", [409],
                                                                                     "401 A   404 403 404 403 403 403 A   403 403",
    { note: "the spare operator accepted long ago: 409 after authorization" }),

  // ── mail delivery log ──
  row("GET /v1/mail", "/v1/mail", [200],                                             "401 403 403 403 403 403 403 A   A   403 403"),
  row("GET /v1/mail/:id", "/v1/mail/eml_00000000000000000000000000", [404],          "401 403 403 403 403 403 403 A   A   403 403",
    { note: "no such mail: 404 after authorization" }),
  row("POST /v1/mail/:id/resend", "/v1/mail/eml_00000000000000000000000000/resend", [404],
                                                                                     "401 403 403 403 403 403 403 403 A   403 403",
    { note: "no such mail: 404 after authorization" }),

  // ── organisation units ──
  row("GET /v1/units", "/v1/units", [200],                                           "401 403 403 403 403 A   A   A   A   403 403"),
  row("POST /v1/units", "/v1/units", [201],                                          "401 403 403 403 403 403 403 403 A   403 403",
    { body: { kind: "loka", name: "Loka Uji Matriks", regions: ["51"] }, note: "additive: a new unit harms nothing" }),
  row("GET /v1/units/:id", "/v1/units/{unit}", [200],                                "401 403 403 403 403 A   A   A   A   403 403"),

  // ── pekerja sosial registry ──
  row("GET /v1/social-workers", "/v1/social-workers", [200],                         "401 A   A   A   A   A   A   A   A   403 403"),
  row("POST /v1/social-workers", "/v1/social-workers", [201],                        "401 A   A   403 403 A   403 403 A   403 403",
    { body: { name: "Ratna Sari, S.Sos.", certificateNumber: "PEKSOS-32-2021-0999", certificateValidFrom: "2021-01-01",
      certificateValidUntil: "2031-01-01", clusters: ["anak"] }, note: "additive; an LKS admin registers into its own LKS" }),
  row("GET /v1/social-workers/:id", "/v1/social-workers/{socialWorker}", [200],      "401 A   A   A   A   A   A   A   A   403 403"),

  // ── regions (public reference data) ──
  row("GET /v1/regions/provinces", "/v1/regions/provinces", [200],                   "A   A   A   A   A   A   A   A   A   A   A"),
  row("GET /v1/regions/provinces/:code/regencies", "/v1/regions/provinces/32/regencies", [200],
                                                                                     "A   A   A   A   A   A   A   A   A   A   A"),

  // ── programmes, keys, endpoints ──
  row("POST /v1/programs", "/v1/programs", [409],                                    "401 403 403 403 403 403 403 403 A   403 403",
    { body: (f) => ({ code: f.programCode, name: "Program Keluarga Harapan", owningUnit: "Direktorat Jaminan Sosial Keluarga",
      kind: "perlindungan_sosial", allowedFields: ["nik", "name"] }) }),
  row("GET /v1/programs", "/v1/programs", [200],                                     "401 A   A   A   A   A   A   A   A   403 403"),
  row("GET /v1/programs/:id", "/v1/programs/{program}", [200],                       "401 A   A   A   A   A   A   A   A   403 403"),
  row("PATCH /v1/programs/:id", "/v1/programs/{program}", [412],                     "401 403 403 403 403 403 403 403 A   403 403",
    { ...STALE, body: { name: "Program Keluarga Harapan (uji)" } }),
  row("POST /v1/programs/:id/keys", "/v1/programs/{program}/keys", [201],            "401 403 403 403 403 403 403 403 A   403 403",
    { body: { name: "kunci uji matriks" } }),
  row("GET /v1/programs/:id/keys", "/v1/programs/{program}/keys", [200],             "401 403 403 403 403 A   A   A   A   403 403"),
  row("POST /v1/programs/:id/keys/:keyID/revoke", "/v1/programs/{program}/keys/{spareKey}/revoke", [200],
                                                                                     "401 403 403 403 403 403 403 403 A   403 403"),
  row("POST /v1/programs/:id/endpoints", "/v1/programs/{program}/endpoints", [201],  "401 403 403 403 403 403 403 403 A   403 403",
    { body: (f) => ({ url: f.receiverUrl, eventTypes: ["agreement.expired"] }) }),
  row("GET /v1/programs/:id/endpoints", "/v1/programs/{program}/endpoints", [200],   "401 403 403 403 403 A   A   A   A   403 403"),
  row("GET /v1/endpoints/:id", "/v1/endpoints/{endpoint}", [200],                    "401 403 403 403 403 A   A   A   A   403 403"),
  row("PATCH /v1/endpoints/:id", "/v1/endpoints/{endpoint}", [412],                  "401 403 403 403 403 403 403 403 A   403 403",
    { ...STALE, body: { description: "Uji matriks" } }),
  row("POST /v1/endpoints/:id/rotate-secret", "/v1/endpoints/{endpoint}/rotate-secret", [412],
                                                                                     "401 403 403 403 403 403 403 403 A   403 403", STALE),
  row("GET /v1/endpoints/:id/deliveries", "/v1/endpoints/{endpoint}/deliveries", [200],
                                                                                     "401 403 403 403 403 A   A   A   A   403 403"),
  row("POST /v1/endpoints/:id/redeliver", "/v1/endpoints/{endpoint}/redeliver", [200],
                                                                                     "401 403 403 403 403 403 403 403 A   403 403",
    { body: { from: "2020-01-01T00:00:00Z", to: "2020-01-02T00:00:00Z" } }),
  row("GET /v1/deliveries/:id", "/v1/deliveries/{delivery}", [200],                  "401 403 403 403 403 A   A   A   A   403 403"),
  row("POST /v1/deliveries/:id/redeliver", "/v1/deliveries/{delivery}/redeliver", [200],
                                                                                     "401 403 403 403 403 403 403 403 A   403 403"),

  // ── referrals ──
  row("POST /v1/referrals", "/v1/referrals", [201],                                  "401 A   A   A   A   A   A   403 A   403 403",
    { body: (f) => f.referralInput, note: "LKS users refer for their own LKS; staff for Kemensos" }),
  row("GET /v1/referrals", "/v1/referrals", [200],                                   "401 A   A   A   A   A   A   A   A   A   A",
    { note: "each sees its own: an LKS its own, a programme those addressed to it" }),
  row("GET /v1/referrals/inbox", "/v1/referrals/inbox?programID={program}", [200], "401 403 403 403 403 A   A   A   A   A   A",
    { note: "a programme reads its own inbox (the query's programme is ignored); staff name one" }),
  row("GET /v1/referrals/overdue", "/v1/referrals/overdue?programID={program}", [200],
                                                                                     "401 403 403 403 403 A   A   A   A   403 403"),
  row("GET /v1/referrals/sla", "/v1/referrals/sla?programID={program}", [200],     "401 403 403 403 403 A   A   A   A   403 403"),
  row("GET /v1/referrals/:id", "/v1/referrals/{referral}", [200],                    "401 A   404 A   404 A   A   A   A   A   404"),
  row("GET /v1/referrals/:id/timeline", "/v1/referrals/{referral}/timeline", [200],  "401 A   404 A   404 A   A   A   A   403 403"),
  row("POST /v1/referrals/:id/cancel", "/v1/referrals/{referral}/cancel", [412],     "401 A   404 A   404 A   A   403 A   403 403",
    { ...STALE, body: { note: "Dibatalkan dalam uji matriks" } }),
  row("POST /v1/referrals/:id/withdraw-consent", "/v1/referrals/{referral}/withdraw-consent", [412],
                                                                                     "401 A   404 A   404 A   A   403 A   403 403",
    { ...STALE, body: { note: "Persetujuan ditarik dalam uji" } }),
  row("POST /v1/referrals/:id/erasure", "/v1/referrals/{referral}/erasure", [409],
                                                                                     "401 403 403 403 403 403 403 403 403 A   404",
    { body: { measure: "erased" }, note: "programmes only; the fixture referral's consent was not withdrawn: 409" }),
  row("POST /v1/referrals/:id/responses", "/v1/referrals/{referral}/responses", [412],
                                                                                     "401 403 403 403 403 403 403 403 403 A   404",
    { ...STALE, body: { action: "acknowledge" }, note: "programmes only" }),

  // ── notifications ──
  row("GET /v1/notifications", "/v1/notifications", [200],                           "401 A   A   A   A   A   A   A   A   403 403",
    { note: "each gets its own inbox" }),
  row("GET /v1/notifications/unread-count", "/v1/notifications/unread-count", [200], "401 A   A   A   A   A   A   A   A   403 403"),
  row("POST /v1/notifications/read-all", "/v1/notifications/read-all", [200],       "401 A   A   A   A   A   A   A   A   403 403"),
  row("POST /v1/notifications/:id/read", "/v1/notifications/ntf_00000000000000000000000000/read", [404],
                                                                                     "401 A   A   A   A   A   A   A   A   403 403",
    { note: "only the caller's own inbox is searched: an id not in it is 404 for everyone" }),
  row("GET /v1/notifications/preferences", "/v1/notifications/preferences", [200],  "401 A   A   A   A   A   A   A   A   403 403"),
  row("PUT /v1/notifications/preferences", "/v1/notifications/preferences", [200],  "401 A   A   A   A   A   A   A   A   403 403",
    { body: { language: "id" } }),

  // ── agreements ──
  row("POST /v1/agreements", "/v1/agreements", [201],                                "401 A   A   A   A   403 403 403 403 403 403",
    { body: (f) => f.agreementDraft, note: "into the caller's own LKS" }),
  row("GET /v1/agreements", "/v1/agreements", [200],                                 "401 A   A   A   A   A   A   A   A   403 403"),
  row("GET /v1/agreements/:id", "/v1/agreements/{agreement}", [200],                 "401 A   404 A   404 A   A   A   A   403 403"),
  row("PUT /v1/agreements/:id", "/v1/agreements/{draft}", [412],                     "401 A   404 A   404 403 403 403 403 403 403",
    { ...STALE, body: (f) => f.agreementDraft }),
  row("POST /v1/agreements/:id/submit", "/v1/agreements/{draft}/submit", [412],      "401 A   404 403 404 403 403 403 403 403 403", STALE),
  row("POST /v1/agreements/:id/resubmit", "/v1/agreements/{draft}/resubmit", [412],  "401 A   404 403 404 403 403 403 403 403 403", STALE),
  row("POST /v1/agreements/:id/request-changes", "/v1/agreements/{agreement}/request-changes", [412],
                                                                                     "401 403 404 403 404 A   A   403 A   403 403",
    { ...STALE, body: reason }),
  row("POST /v1/agreements/:id/recommend", "/v1/agreements/{agreement}/recommend", [412],
                                                                                     "401 403 404 403 404 A   A   403 A   403 403", STALE),
  row("POST /v1/agreements/:id/approve", "/v1/agreements/{agreement}/approve", [412],
                                                                                     "401 403 404 403 404 403 A   403 A   403 403", STALE),
  row("POST /v1/agreements/:id/reject", "/v1/agreements/{agreement}/reject", [412],  "401 403 404 403 404 A   A   403 A   403 403",
    { ...STALE, body: reason }),
  row("POST /v1/agreements/:id/terminate", "/v1/agreements/{agreement}/terminate", [412],
                                                                                     "401 403 404 403 404 403 A   403 A   403 403",
    { ...STALE, body: reason }),
  row("POST /v1/agreements/:id/amendments", "/v1/agreements/{draft}/amendments", [409],
                                                                                     "401 A   404 A   404 403 403 403 403 403 403",
    { note: "a draft cannot be amended: 409 after authorization" }),
  row("GET /v1/agreements/:id/diff", "/v1/agreements/{amendment}/diff", [200],       "401 A   404 A   404 A   A   A   A   403 403"),
  row("GET /v1/agreements/:id/comments", "/v1/agreements/{agreement}/comments", [200],
                                                                                     "401 A   404 A   404 A   A   A   A   403 403"),
  row("POST /v1/agreements/:id/comments", "/v1/agreements/{agreement}/comments", [201],
                                                                                     "401 A   404 A   404 A   A   403 A   403 403",
    { body: { body: "Komentar dari uji matriks otorisasi" } }),
  row("POST /v1/agreements/:id/documents", "/v1/agreements/{agreement}/documents", [201],
                                                                                     "401 A   404 A   404 A   A   403 A   403 403",
    { body: { kind: "annex", fileName: "lampiran-uji.pdf", contentType: "application/pdf", size: 1000 } }),
  row("POST /v1/agreements/:id/documents/:documentID/complete", "/v1/agreements/{agreement}/documents/{document}/complete", [200],
                                                                                     "401 A   404 A   404 A   A   403 A   403 403"),
  row("GET /v1/agreements/:id/documents/:documentID", "/v1/agreements/{agreement}/documents/{document}", [200],
                                                                                     "401 A   404 A   404 A   A   A   A   403 403"),
  row("GET /v1/agreements/:id/audit", "/v1/agreements/{agreement}/audit", [200],     "401 A   404 A   404 A   A   A   A   403 403"),

  // ── reports ──
  row("POST /v1/reports", "/v1/reports", [409],                                      "401 A   400 A   400 403 403 403 403 403 403",
    { body: (f) => ({ agreementID: f.agreement, period: f.period }), note: "the period's report exists: 409" }),
  row("GET /v1/reports", "/v1/reports", [200],                                       "401 A   A   A   A   A   A   A   A   403 403"),
  row("GET /v1/reports/outstanding", "/v1/reports/outstanding", [200],               "401 A   A   A   A   403 403 403 403 403 403"),
  row("GET /v1/reports/queue", "/v1/reports/queue", [200],                          "401 403 403 403 403 A   A   403 A   403 403"),
  row("PUT /v1/reports/:id/social-worker", "/v1/reports/{report}/social-worker", [412],
                                                                                     "401 A   404 A   404 403 403 403 403 403 403",
    { ...STALE, body: (f) => ({ socialWorkerID: f.socialWorker }) }),
  row("POST /v1/reports/:id/sign-off", "/v1/reports/{report}/sign-off", [412],       "401 A   404 A   404 A   A   403 A   403 403", STALE),
  row("POST /v1/reports/:id/forward", "/v1/reports/{report}/forward", [412],         "401 403 404 403 404 A   A   403 A   403 403", STALE),
  row("POST /v1/reports/:id/claim", "/v1/reports/{report}/claim", [412],             "401 403 404 403 404 A   A   403 A   403 403", STALE),
  row("POST /v1/reports/:id/assign", "/v1/reports/{report}/assign", [412],           "401 403 404 403 404 A   A   403 A   403 403",
    { ...STALE, body: (f) => ({ userID: f.spareUser }) }),
  row("GET /v1/reports/:id", "/v1/reports/{report}", [200],                          "401 A   404 A   404 A   A   A   A   403 403"),
  row("PUT /v1/reports/:id", "/v1/reports/{report}", [412],                          "401 A   404 A   404 403 403 403 403 403 403",
    { ...STALE, body: { content: {} } }),
  row("POST /v1/reports/:id/submit", "/v1/reports/{report}/submit", [412],           "401 A   404 403 404 403 403 403 403 403 403", STALE),
  row("POST /v1/reports/:id/request-revision", "/v1/reports/{report}/request-revision", [412],
                                                                                     "401 403 404 403 404 A   A   403 A   403 403",
    { ...STALE, body: reason }),
  row("POST /v1/reports/:id/accept", "/v1/reports/{report}/accept", [412],           "401 403 404 403 404 A   A   403 A   403 403", STALE),
  row("POST /v1/reports/:id/unlock", "/v1/reports/{report}/unlock", [412],           "401 403 404 403 404 403 A   403 A   403 403",
    { ...STALE, body: reason }),
  row("GET /v1/reports/:id/diff", "/v1/reports/{report}/diff", [200],                "401 A   404 A   404 A   A   A   A   403 403"),
  row("GET /v1/reports/:id/comments", "/v1/reports/{report}/comments", [200],        "401 A   404 A   404 A   A   A   A   403 403"),
  row("POST /v1/reports/:id/comments", "/v1/reports/{report}/comments", [201],       "401 A   404 A   404 A   A   403 A   403 403",
    { body: { section: "services", body: "Komentar dari uji matriks otorisasi" } }),
  row("POST /v1/reports/:id/attachments", "/v1/reports/{report}/attachments", [409], "401 A   404 A   404 403 403 403 403 403 403",
    { body: { kind: "photo", fileName: "kegiatan.png", contentType: "image/png", size: 1000 },
      note: "the report is submitted: 409 after authorization" }),
  row("POST /v1/reports/:id/attachments/:attachmentID/complete", "/v1/reports/{report}/attachments/{attachment}/complete", [200],
                                                                                     "401 A   404 A   404 403 403 403 403 403 403"),
  row("GET /v1/reports/:id/attachments/:attachmentID", "/v1/reports/{report}/attachments/{attachment}", [200],
                                                                                     "401 A   404 A   404 A   A   A   A   403 403"),
  row("GET /v1/reports/:id/audit", "/v1/reports/{report}/audit", [200],              "401 A   404 A   404 A   A   A   A   403 403"),

  // ── dashboard ──
  row("GET /v1/dashboard", "/v1/dashboard?year={year}", [200],                       "401 403 403 403 403 A   A   A   A   403 403"),
  row("GET /v1/dashboard/partners", "/v1/dashboard/partners?year={year}", [200],     "401 403 403 403 403 A   A   A   A   403 403"),
  row("GET /v1/dashboard/export", "/v1/dashboard/export?year={year}&table=clusters", [200],
                                                                                     "401 403 403 403 403 A   A   A   A   403 403"),

  row("GET /v1/analytics/drill", "/v1/analytics/drill?year={year}&by=province", [200],
                                                                                     "401 403 403 403 403 A   A   A   A   403 403"),

  // ── exports (each export is its list: the same authorization and tenant scoping) ──
  row("GET /v1/exports/partners.xlsx", "/v1/exports/partners.xlsx", [200],           "401 403 403 403 403 A   A   A   A   403 403"),
  row("GET /v1/exports/agreements.xlsx", "/v1/exports/agreements.xlsx", [200],       "401 A   A   A   A   A   A   A   A   403 403"),
  row("GET /v1/exports/reports.xlsx", "/v1/exports/reports.xlsx", [200],             "401 A   A   A   A   A   A   A   A   403 403"),
  row("GET /v1/exports/referrals.xlsx", "/v1/exports/referrals.xlsx", [200],         "401 A   A   A   A   A   A   A   A   A   A",
    { note: "each sees its own, as in the list" }),
  row("GET /v1/exports/deliveries.xlsx", "/v1/exports/deliveries.xlsx?endpointID={endpoint}", [200],
                                                                                     "401 403 403 403 403 A   A   A   A   403 403"),
  row("GET /v1/exports/dashboard.xlsx", "/v1/exports/dashboard.xlsx?year={year}&table=clusters", [200],
                                                                                     "401 403 403 403 403 A   A   A   A   403 403"),

  // ── printable documents (whoever may read the record may print it) and their public check ──
  row("GET /v1/documents/reports/:id", "/v1/documents/reports/{report}", [409],     "401 A   404 A   404 A   A   A   A   403 403",
    { note: "the fixture report is submitted, not accepted: 409 after authorization" }),
  row("GET /v1/documents/agreements/:id", "/v1/documents/agreements/{agreement}", [200],
                                                                                     "401 A   404 A   404 A   A   A   A   403 403"),
  row("GET /v1/documents/referrals/:id", "/v1/documents/referrals/{referral}", [200],
                                                                                     "401 A   404 A   404 A   A   A   A   A   404"),
  row("GET /v1/verify/:code", "/v1/verify/ZZZZ-ZZZZ-ZZZZ", [404],                    "A   A   A   A   A   A   A   A   A   A   A",
    { note: "public; an unknown code is 404 to everyone" }),

  // ── open data (public aggregates, small counts suppressed) ──
  row("GET /v1/open-data/schema", "/v1/open-data/schema", [200],                     "A   A   A   A   A   A   A   A   A   A   A"),
  row("GET /v1/open-data/atensi.json", "/v1/open-data/atensi.json?year={year}", [200],
                                                                                     "A   A   A   A   A   A   A   A   A   A   A"),
  row("GET /v1/open-data/atensi.csv", "/v1/open-data/atensi.csv?year={year}", [200], "A   A   A   A   A   A   A   A   A   A   A"),
  row("GET /v1/open-data/files/:year/atensi.csv", "/v1/open-data/files/{year}/atensi.csv", [200, 404],
                                                                                     "A   A   A   A   A   A   A   A   A   A   A",
    { note: "public; 404 until the schedule has published the year" }),
  row("GET /v1/open-data/files/:year/atensi.json", "/v1/open-data/files/{year}/atensi.json", [200, 404],
                                                                                     "A   A   A   A   A   A   A   A   A   A   A",
    { note: "public; 404 until the schedule has published the year" }),

  // ── signed file URLs (the token is the authority; cookies and keys add nothing) ──
  row("PUT /v1/files/:token", "/v1/files/not-a-signed-token", [200],                 "403 403 403 403 403 403 403 403 403 403 403",
    { body: {}, note: "a forged upload token is refused to everyone" }),
  row("GET /v1/files/:token", "/v1/files/{fileToken}", [200],                        "A   A   A   A   A   A   A   A   A   A   A",
    { note: "a valid download token works for anyone holding it (15 minutes)" }),

  // ── service ──
  row("GET /health", "/health", [200],                                               "A   A   A   A   A   A   A   A   A   A   A"),
  row("GET /v1/openapi.json", "/v1/openapi.json", [200],                             "A   A   A   A   A   A   A   A   A   A   A"),
  row("GET /docs", "/docs", [200],                                                   "A   A   A   A   A   A   A   A   A   A   A"),
];
