/**
 * WRITES COMPLETED FOR REAL. The matrix (./authz-matrix.ts) stops most allowed callers after the
 * authorization decision (a stale If-Match, a uniqueness rule, a wrong secret) so the shared
 * fixtures survive; that proves the caller got past the policy, not that the write works for it.
 * For every write route whose allowed cells never answer 2xx, an entry here sets up its OWN fresh
 * subject through the API (a new draft, a new registration, a new referral, a new invitation)
 * and performs the write as one caller the matrix allows, with the record's current version as
 * If-Match. Each entry also reads back what it wrote (the body, the record again, a mail, a
 * sign-in), so a route that answers 2xx without writing fails here. `authz.test.ts` runs them
 * after the matrix, concurrently (they share no record), and fails for a write route with
 * neither a 2xx cell nor an entry.
 *
 * Two entries cannot have a subject of their own: PATCH /v1/partners/:id (only LKS A's admin may
 * edit, and only LKS A) edits LKS A's address; the self-service password and e-mail changes act
 * on the caller's own account (the auditor, LKS B's operator: callers no other entry uses). The
 * matrix has run by then.
 */
import { Mail } from "@atensi/core";
import { agreementInput } from "../support/agreements";
import { linkIn, registration, TEST_PASSWORD } from "../support/hub";
import { eventually, referralInput } from "../support/programs";
import type { Caller, Row } from "./authz-matrix";
import type { ScopedCaller } from "./authz-scope-matrix";
import type { World } from "./support/authz-world";
import {
  type Answer,
  type Credential,
  expectStatus,
  PNG,
  reportContent,
  send,
  signIn,
  startedPeriods,
  thisYearAgreement,
  upload,
} from "./support/sec-fixtures";

export type Completion = {
  /** A caller of ./authz-matrix.ts, or a regional one of ./authz-scope-matrix.ts (regional steps). */
  as: Caller | ScopedCaller;
  run: (world: World, who: Credential) => Promise<{ status: number; json?: any; text?: string }>;
};

const PUBLIC: Credential = { kind: "public" };
const reason = { reason: "Alasan uji penyelesaian otorisasi" };

/**
 * Approvals number agreements from one counter, and concurrent ones can take the same number:
 * the API answers 409 `sequence_taken`, "try again", and so does a client.
 */
const retryTaken = async <T extends { status: number; json?: any }>(write: () => Promise<T>) => {
  for (let attempt = 1; ; attempt++) {
    const res = await write();
    if (res.status !== 409 || res.json?.code !== "sequence_taken" || attempt === 5) return res;
  }
};

/** A request that must answer `status`; its JSON. */
const must = async (w: World, who: Credential, method: string, path: string, body: unknown, status: number) =>
  expectStatus(
    await retryTaken(() => send(w.url, who, method, path, body === undefined ? {} : { body })),
    status,
    `${method} ${path}`,
  );
const post = (w: World, who: Credential, path: string, body?: unknown, status = 200) =>
  must(w, who, "POST", path, body, status);
const read = (w: World, who: Credential, path: string) => must(w, who, "GET", path, undefined, 200);

/** Fails the completion when a 2xx answer does not show the change. */
const shows = <T extends { status: number; json?: any }>(res: T, holds: boolean, what: string): T => {
  if (res.status >= 200 && res.status < 300 && !holds)
    throw new Error(`answered ${res.status} but ${what}: ${JSON.stringify(res.json)}`);
  return res;
};

/**
 * A versioned write as `who`: reads the record at `record` for its current ETag, writes with it
 * as If-Match, then reads the record again so `check` sees what was stored, not only what was said.
 */
const versioned = async (
  w: World,
  who: Credential,
  record: string,
  method: string,
  path: string,
  body: unknown,
  check: (stored: any, answered: any) => boolean,
  what: string,
  reader: Credential = who,
) => {
  const before = await send(w.url, reader, "GET", record);
  expectStatus(before, 200, `GET ${record}`);
  const etag = before.headers.get("etag");
  if (!etag) throw new Error(`GET ${record} answered no ETag`);
  const res = await retryTaken(() =>
    send(w.url, who, method, path, {
      ...(body !== undefined ? { body } : {}),
      headers: { "if-match": etag },
    }),
  );
  if (res.status < 200 || res.status >= 300) return res;
  const stored = await read(w, reader, record);
  return shows(res, check(stored, res.json), what);
};

/** A decision on a record (`…/:id/<action>`), checked by the status it stores. */
const decide = (
  w: World,
  who: Credential,
  record: string,
  action: string,
  status: string | ((s: string) => boolean),
  body?: unknown,
  reader?: Credential,
) =>
  versioned(
    w,
    who,
    record,
    "POST",
    `${record}/${action}`,
    body,
    (stored, answered) =>
      typeof status === "string"
        ? stored.status === status && answered?.status === status
        : status(stored.status) && status(answered?.status),
    `${action} did not store the status`,
    reader,
  );

// Fresh subjects, each through the API.
let serial = 0;
/** A number no other completion (nor the world's 701/702) uses. */
const fresh = () => 800 + ++serial;

const c = (w: World) => w.callers;

const draftAgreement = async (w: World, input = agreementInput()) =>
  (await post(w, c(w).lksAdminOwn, "/v1/agreements", input, 201)).id as string;
const submittedAgreement = async (w: World, input = agreementInput()) => {
  const id = await draftAgreement(w, input);
  await post(w, c(w).lksAdminOwn, `/v1/agreements/${id}/submit`);
  return id;
};
const recommendedAgreement = async (w: World) => {
  const id = await submittedAgreement(w, thisYearAgreement());
  await post(w, c(w).reviewer, `/v1/agreements/${id}/recommend`);
  return id;
};
const activeAgreement = async (w: World) => {
  const id = await recommendedAgreement(w);
  const approved = await post(w, c(w).approver, `/v1/agreements/${id}/approve`);
  if (approved.status !== "active") throw new Error(`agreement is ${approved.status}`);
  return id;
};
const draftReport = async (w: World) => {
  const agreementID = await activeAgreement(w);
  return (
    await post(w, c(w).lksOperatorOwn, "/v1/reports", { agreementID, period: startedPeriods()[0] }, 201)
  ).id as string;
};
const submittedReport = async (w: World) => {
  const id = await draftReport(w);
  const saved = await send(w.url, c(w).lksOperatorOwn, "PUT", `/v1/reports/${id}`, {
    body: { content: reportContent() },
  });
  expectStatus(saved, 200, "save report");
  await post(w, c(w).lksAdminOwn, `/v1/reports/${id}/submit`);
  return id;
};
/** LKS A is in Jawa Barat: its reports go to the Sentra first, which passes them on. */
const nationalReport = async (w: World) => {
  const id = await submittedReport(w);
  await post(w, w.scoped.sentraIn, `/v1/reports/${id}/forward`);
  return id;
};
const acceptedReport = async (w: World) => {
  const id = await nationalReport(w);
  await post(w, c(w).reviewer, `/v1/reports/${id}/accept`);
  return id;
};

const userID = async (w: World, who: Credential) => (await read(w, who, "/v1/auth/me")).user.id as string;

const registered = async (w: World) =>
  (await post(w, PUBLIC, "/v1/partners", registration(fresh()), 201)).id as string;
const verifiedPartner = async (w: World) => {
  const id = await registered(w);
  await post(w, c(w).reviewer, `/v1/partners/${id}/verify`);
  return id;
};

const referral = async (w: World) =>
  (await post(w, c(w).lksAdminOwn, "/v1/referrals", referralInput(w.fixtures.program), 201)).id as string;

const program = async (w: World) => {
  const code = `UJI-${fresh()}`;
  return (
    await post(
      w,
      c(w).admin,
      "/v1/programs",
      {
        code,
        name: `Program Uji ${code}`,
        owningUnit: "Direktorat Jaminan Sosial Keluarga",
        kind: "perlindungan_sosial",
        allowedFields: ["nik", "name"],
      },
      201,
    )
  ).id as string;
};
const endpoint = async (w: World) =>
  (await post(
    w,
    c(w).admin,
    `/v1/programs/${await program(w)}/endpoints`,
    { url: w.fixtures.receiverUrl, eventTypes: ["agreement.expired"] },
    201,
  )) as { id: string; secret: string };

/** The link in the newest mail to `to` whose text has `path`. */
const mailedLink = async (w: World, to: string, path: string) =>
  linkIn(
    (await w.mail.waitFor((m) => m.to.includes(to) && m.text.includes(`${path}#token=`), 15_000)).text,
    path,
  );

const staffInvitation = async (w: World, email: string) => {
  await post(
    w,
    c(w).admin,
    "/v1/users/staff",
    { email, name: "Staf Uji Penyelesaian", roles: ["auditor"] },
    201,
  );
  return (await mailedLink(w, email, "/invitation")).token;
};
const operatorInvitation = async (w: World, email: string) =>
  (await post(w, c(w).lksAdminOwn, "/v1/users/operators", { email, name: "Operator Uji Penyelesaian" }, 201))
    .user.id as string;

const accept = (w: World, token: string, password = TEST_PASSWORD) =>
  send(w.url, PUBLIC, "POST", "/v1/auth/invitations/accept", { body: { token, password } });

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field
const body = (res: Answer): any => res.json;

export const COMPLETIONS: Partial<Record<Row["route"], Completion>> = {
  // ── auth ──
  "POST /v1/auth/password": {
    as: "auditor",
    run: async (w, who) => {
      const newPassword = "kata-sandi-auditor-setelah-uji";
      const res = await send(w.url, who, "POST", "/v1/auth/password", {
        body: { currentPassword: who.kind === "user" ? who.password : "", newPassword },
      });
      if (res.status !== 200 || who.kind !== "user") return res;
      // The new password is the one that signs in now.
      await signIn(w.url, who.email, newPassword);
      return res;
    },
  },
  "POST /v1/auth/invitations/accept": {
    as: "public",
    run: async (w, who) => {
      const token = await staffInvitation(w, "undangan.uji@kemensos.example");
      const res = await send(w.url, who, "POST", "/v1/auth/invitations/accept", {
        body: { token, password: TEST_PASSWORD },
      });
      return shows(res, body(res)?.status === "active", "the invitee is not active");
    },
  },
  "POST /v1/auth/password-reset/confirm": {
    as: "public",
    run: async (w, who) => {
      const email = "reset.uji@kemensos.example";
      expectStatus(await accept(w, await staffInvitation(w, email)), 200, "accept");
      await post(w, PUBLIC, "/v1/auth/password-reset", { email }, 202);
      const { token } = await mailedLink(w, email, "/reset-password");
      const password = "kata-sandi-setelah-reset-uji";
      const res = await send(w.url, who, "POST", "/v1/auth/password-reset/confirm", {
        body: { token, password },
      });
      if (res.status === 204) await signIn(w.url, email, password);
      return res;
    },
  },
  "POST /v1/auth/email": {
    as: "lksOperatorForeign",
    run: async (w, who) => {
      const newEmail = "operator702.baru@lks.example";
      const res = await send(w.url, who, "POST", "/v1/auth/email", {
        body: { newEmail, password: who.kind === "user" ? who.password : "" },
      });
      // The request is stored as a link mailed to the new address.
      if (res.status === 202) await mailedLink(w, newEmail, "/confirm-email");
      return res;
    },
  },
  "POST /v1/auth/email/confirm": {
    as: "public",
    run: async (w, who) => {
      const n = fresh();
      await post(w, PUBLIC, "/v1/partners", registration(n), 201);
      const { token } = await mailedLink(w, `admin${n}@lks.example`, "/confirm-email");
      const res = await send(w.url, who, "POST", "/v1/auth/email/confirm", { body: { token } });
      return shows(res, typeof body(res)?.emailConfirmedAt === "string", "the address is not confirmed");
    },
  },

  // ── partners ──
  "POST /v1/partners": {
    as: "public",
    run: async (w, who) => {
      const res = await send(w.url, who, "POST", "/v1/partners", { body: registration(fresh()) });
      if (res.status !== 201) return res;
      const stored = await read(w, c(w).reviewer, `/v1/partners/${body(res).id}`);
      return shows(res, stored.status === "pending_verification", "the registration is not stored");
    },
  },
  "PATCH /v1/partners/:id": {
    as: "lksAdminOwn",
    run: (w, who) => {
      const address = `Jl. Penyelesaian Uji No. ${fresh()}, Kota Bekasi`;
      const record = `/v1/partners/${w.fixtures.partnerA}`;
      return versioned(
        w,
        who,
        record,
        "PATCH",
        record,
        { address },
        (s) => s.address === address,
        "address unchanged",
      );
    },
  },
  "POST /v1/partners/:id/verify": {
    as: "reviewer",
    run: async (w, who) => decide(w, who, `/v1/partners/${await registered(w)}`, "verify", "active"),
  },
  "POST /v1/partners/:id/reject": {
    as: "reviewer",
    run: async (w, who) =>
      decide(w, who, `/v1/partners/${await registered(w)}`, "reject", "rejected", reason),
  },
  "POST /v1/partners/:id/suspend": {
    as: "approver",
    run: async (w, who) =>
      decide(w, who, `/v1/partners/${await verifiedPartner(w)}`, "suspend", "suspended", reason),
  },
  "POST /v1/partners/:id/reinstate": {
    as: "approver",
    run: async (w, who) => {
      const id = await verifiedPartner(w);
      await post(w, who, `/v1/partners/${id}/suspend`, reason);
      return decide(w, who, `/v1/partners/${id}`, "reinstate", "active");
    },
  },

  // ── users ──
  "POST /v1/users/staff": {
    as: "admin",
    run: async (w, who) => {
      const email = "staf.baru.uji@kemensos.example";
      const res = await send(w.url, who, "POST", "/v1/users/staff", {
        body: { email, name: "Staf Baru Uji", roles: ["kemensos_reviewer"] },
      });
      if (res.status === 201) await mailedLink(w, email, "/invitation");
      return shows(res, body(res)?.user?.status === "invited", "no invited user");
    },
  },
  "POST /v1/users/operators": {
    as: "lksAdminOwn",
    run: async (w, who) => {
      const email = "operator.baru.uji@lks.example";
      const res = await send(w.url, who, "POST", "/v1/users/operators", {
        body: { email, name: "Operator Baru" },
      });
      if (res.status === 201) await mailedLink(w, email, "/invitation");
      return shows(res, body(res)?.user?.status === "invited", "no invited user");
    },
  },
  "POST /v1/users/:id/invitation/resend": {
    as: "lksAdminOwn",
    run: async (w, who) => {
      const email = "operator.kirim.ulang@lks.example";
      const id = await operatorInvitation(w, email);
      const first = await mailedLink(w, email, "/invitation");
      const res = await send(w.url, who, "POST", `/v1/users/${id}/invitation/resend`);
      if (res.status !== 200) return res;
      // A second mail with a new link; the first no longer works.
      await eventually(() => w.mail.messages().filter((m) => m.to.includes(email)).length >= 2, 15_000);
      const stale = await accept(w, first.token);
      return shows(res, stale.status === 400, `the first link still answers ${stale.status}`);
    },
  },
  "POST /v1/users/:id/invitation/revoke": {
    as: "lksAdminOwn",
    run: async (w, who) => {
      const email = "operator.dicabut@lks.example";
      const id = await operatorInvitation(w, email);
      const { token } = await mailedLink(w, email, "/invitation");
      const res = await send(w.url, who, "POST", `/v1/users/${id}/invitation/revoke`);
      if (res.status !== 204) return res;
      const revoked = await accept(w, token);
      return shows(res, revoked.status === 400, `the revoked link still answers ${revoked.status}`);
    },
  },

  // ── mail delivery log ──
  "POST /v1/mail/:id/resend": {
    as: "admin",
    run: async (w, who) => {
      // An address SES reported as bounced (the SNS feedback handler's work): the invitation to it
      // is suppressed, and an admin sends it again.
      const email = "terpental.uji@kemensos.example";
      await Mail.recordFeedback({
        eventType: "Bounce",
        bounce: { bounceType: "Permanent", bouncedRecipients: [{ emailAddress: email }] },
      });
      await post(
        w,
        c(w).admin,
        "/v1/users/staff",
        { email, name: "Staf Terpental", roles: ["auditor"] },
        201,
      );
      const mail = await eventually(async () =>
        (await read(w, who, `/v1/mail?to=${encodeURIComponent(email)}`)).items.find(
          (m: { status: string }) => m.status === "suppressed",
        ),
      );
      const res = await send(w.url, who, "POST", `/v1/mail/${mail.id}/resend`);
      return shows(res, body(res)?.status === "pending", "the mail is not queued again");
    },
  },

  // ── programmes and endpoints ──
  "POST /v1/programs": {
    as: "admin",
    run: async (w, who) => {
      const code = `UJI-${fresh()}`;
      const res = await send(w.url, who, "POST", "/v1/programs", {
        body: {
          code,
          name: "Program Uji Baru",
          owningUnit: "Direktorat Jaminan Sosial Keluarga",
          kind: "perlindungan_sosial",
          allowedFields: ["nik", "name"],
        },
      });
      if (res.status !== 201) return res;
      const stored = await read(w, who, `/v1/programs/${body(res).id}`);
      return shows(res, stored.code === code, "the programme is not stored");
    },
  },
  "PATCH /v1/programs/:id": {
    as: "admin",
    run: async (w, who) => {
      const record = `/v1/programs/${await program(w)}`;
      const name = "Program Uji (nama diganti)";
      return versioned(w, who, record, "PATCH", record, { name }, (s) => s.name === name, "name unchanged");
    },
  },
  "PATCH /v1/endpoints/:id": {
    as: "admin",
    run: async (w, who) => {
      const record = `/v1/endpoints/${(await endpoint(w)).id}`;
      const description = "Diubah oleh uji penyelesaian";
      return versioned(
        w,
        who,
        record,
        "PATCH",
        record,
        { description },
        (s) => s.description === description,
        "description unchanged",
      );
    },
  },
  "POST /v1/endpoints/:id/rotate-secret": {
    as: "admin",
    run: async (w, who) => {
      const created = await endpoint(w);
      const record = `/v1/endpoints/${created.id}`;
      return versioned(
        w,
        who,
        record,
        "POST",
        `${record}/rotate-secret`,
        undefined,
        (s, answered) =>
          typeof answered?.secret === "string" && answered.secret !== created.secret && s.version > 1,
        "no new secret",
      );
    },
  },

  // ── referrals ──
  "POST /v1/referrals/:id/cancel": {
    as: "lksAdminOwn",
    run: async (w, who) =>
      decide(w, who, `/v1/referrals/${await referral(w)}`, "cancel", "cancelled", {
        note: "Dibatalkan oleh uji",
      }),
  },
  "POST /v1/referrals/:id/withdraw-consent": {
    as: "lksAdminOwn",
    run: async (w, who) =>
      decide(w, who, `/v1/referrals/${await referral(w)}`, "withdraw-consent", "consent_withdrawn", {
        note: "Persetujuan ditarik oleh uji",
      }),
  },
  "POST /v1/referrals/:id/responses": {
    as: "programOwn",
    run: async (w, who) => {
      const record = `/v1/referrals/${await referral(w)}`;
      return versioned(
        w,
        who,
        record,
        "POST",
        `${record}/responses`,
        { action: "acknowledge" },
        (s, answered) => s.status === "acknowledged" && answered?.status === "acknowledged",
        "not acknowledged",
      );
    },
  },

  "POST /v1/referrals/:id/erasure": {
    as: "programOwn",
    run: async (w, who) => {
      const id = await referral(w);
      await post(w, c(w).lksAdminOwn, `/v1/referrals/${id}/withdraw-consent`, {
        note: "Persetujuan ditarik oleh uji",
      });
      const res = await send(w.url, who, "POST", `/v1/referrals/${id}/erasure`, {
        body: { measure: "erased" },
      });
      if (res.status !== 200) return res;
      const stored = await read(w, who, `/v1/referrals/${id}`);
      return shows(res, stored.erasure?.measure === "erased", "the erasure is not recorded");
    },
  },

  // ── notifications ──
  "POST /v1/notifications/:id/read": {
    as: "lksAdminOwn",
    run: async (w, who) => {
      // Changes requested on a new agreement of LKS A land unread in its admin's inbox.
      const id = await submittedAgreement(w);
      await post(w, c(w).reviewer, `/v1/agreements/${id}/request-changes`, reason);
      const notice = await eventually(async () =>
        (await read(w, who, "/v1/notifications?unread=true")).items.find((n: { link?: string }) =>
          n.link?.includes(id),
        ),
      );
      const res = await send(w.url, who, "POST", `/v1/notifications/${notice.id}/read`);
      if (res.status !== 200) return res;
      const unread = await read(w, who, "/v1/notifications?unread=true");
      return shows(
        res,
        body(res).read === true && !unread.items.some((n: { id: string }) => n.id === notice.id),
        "the notice is still unread",
      );
    },
  },

  // ── agreements ──
  "PUT /v1/agreements/:id": {
    as: "lksAdminOwn",
    run: async (w, who) => {
      const record = `/v1/agreements/${await draftAgreement(w)}`;
      const title = "Terapi seni vokasional (judul diganti oleh uji)";
      return versioned(
        w,
        who,
        record,
        "PUT",
        record,
        agreementInput({ title }),
        (s) => s.title === title,
        "title unchanged",
      );
    },
  },
  "POST /v1/agreements/:id/submit": {
    as: "lksAdminOwn",
    run: async (w, who) => decide(w, who, `/v1/agreements/${await draftAgreement(w)}`, "submit", "submitted"),
  },
  "POST /v1/agreements/:id/resubmit": {
    as: "lksAdminOwn",
    run: async (w, who) => {
      const id = await submittedAgreement(w);
      await post(w, c(w).reviewer, `/v1/agreements/${id}/request-changes`, reason);
      return decide(w, who, `/v1/agreements/${id}`, "resubmit", "resubmitted");
    },
  },
  "POST /v1/agreements/:id/request-changes": {
    as: "reviewer",
    run: async (w, who) =>
      decide(
        w,
        who,
        `/v1/agreements/${await submittedAgreement(w)}`,
        "request-changes",
        "changes_requested",
        reason,
      ),
  },
  "POST /v1/agreements/:id/recommend": {
    as: "reviewer",
    run: async (w, who) =>
      decide(w, who, `/v1/agreements/${await submittedAgreement(w)}`, "recommend", "recommended"),
  },
  "POST /v1/agreements/:id/approve": {
    as: "approver",
    run: async (w, who) =>
      decide(w, who, `/v1/agreements/${await recommendedAgreement(w)}`, "approve", "active"),
  },
  "POST /v1/agreements/:id/reject": {
    as: "reviewer",
    run: async (w, who) =>
      decide(w, who, `/v1/agreements/${await submittedAgreement(w)}`, "reject", "rejected", reason),
  },
  "POST /v1/agreements/:id/terminate": {
    as: "approver",
    run: async (w, who) =>
      decide(w, who, `/v1/agreements/${await activeAgreement(w)}`, "terminate", "terminated", reason),
  },
  "POST /v1/agreements/:id/amendments": {
    as: "lksAdminOwn",
    run: async (w, who) => {
      const id = await activeAgreement(w);
      const res = await send(w.url, who, "POST", `/v1/agreements/${id}/amendments`);
      if (res.status !== 201) return res;
      const stored = await read(w, who, `/v1/agreements/${body(res).id}`);
      return shows(res, stored.id !== id && stored.status === "draft", "no draft addendum stored");
    },
  },

  // ── reports ──
  "POST /v1/reports": {
    as: "lksOperatorOwn",
    run: async (w, who) => {
      const agreementID = await activeAgreement(w);
      const res = await send(w.url, who, "POST", "/v1/reports", {
        body: { agreementID, period: startedPeriods()[0] },
      });
      if (res.status !== 201) return res;
      const stored = await read(w, who, `/v1/reports/${body(res).id}`);
      return shows(res, stored.status === "draft" && stored.agreementID === agreementID, "no report stored");
    },
  },
  "PUT /v1/reports/:id": {
    as: "lksOperatorOwn",
    run: async (w, who) => {
      const record = `/v1/reports/${await draftReport(w)}`;
      return versioned(
        w,
        who,
        record,
        "PUT",
        record,
        { content: reportContent(80) },
        (s) => s.content?.beneficiaries?.totals?.[0]?.count === 80,
        "content unchanged",
      );
    },
  },
  "POST /v1/reports/:id/submit": {
    as: "lksAdminOwn",
    run: async (w, who) => {
      const id = await draftReport(w);
      expectStatus(
        await send(w.url, c(w).lksOperatorOwn, "PUT", `/v1/reports/${id}`, {
          body: { content: reportContent() },
        }),
        200,
        "save report",
      );
      return decide(w, who, `/v1/reports/${id}`, "submit", "submitted");
    },
  },
  "POST /v1/reports/:id/request-revision": {
    as: "reviewer",
    run: async (w, who) =>
      decide(
        w,
        who,
        `/v1/reports/${await nationalReport(w)}`,
        "request-revision",
        "revision_requested",
        reason,
      ),
  },
  "POST /v1/reports/:id/accept": {
    as: "reviewer",
    run: async (w, who) => decide(w, who, `/v1/reports/${await nationalReport(w)}`, "accept", "accepted"),
  },
  "POST /v1/reports/:id/unlock": {
    as: "approver",
    run: async (w, who) =>
      decide(
        w,
        who,
        `/v1/reports/${await acceptedReport(w)}`,
        "unlock",
        (s) => s !== undefined && s !== "accepted",
        reason,
      ),
  },
  "POST /v1/reports/:id/attachments": {
    as: "lksOperatorOwn",
    run: async (w, who) => {
      const id = await draftReport(w);
      const res = await send(w.url, who, "POST", `/v1/reports/${id}/attachments`, {
        body: { kind: "photo", fileName: "kegiatan-uji.png", contentType: "image/png", size: PNG.length },
      });
      if (res.status !== 201) return res;
      // The declared attachment takes the upload and can then be completed and read.
      const attachmentID = body(res).attachment.id as string;
      await upload(w.url, body(res).upload.url, "image/png", PNG);
      await post(w, who, `/v1/reports/${id}/attachments/${attachmentID}/complete`);
      const stored = await read(w, who, `/v1/reports/${id}/attachments/${attachmentID}`);
      return shows(res, typeof stored.url === "string", "no attachment stored");
    },
  },
  "POST /v1/reports/:id/forward": {
    as: "sentraIn",
    run: async (w, who) => {
      const record = `/v1/reports/${await submittedReport(w)}`;
      return versioned(
        w,
        who,
        record,
        "POST",
        `${record}/forward`,
        undefined,
        (s) => s.stage === "national_review",
        "not passed on",
      );
    },
  },
  "POST /v1/reports/:id/claim": {
    as: "reviewer",
    run: async (w, who) => {
      const me = await userID(w, who);
      const record = `/v1/reports/${await nationalReport(w)}`;
      return versioned(
        w,
        who,
        record,
        "POST",
        `${record}/claim`,
        undefined,
        (s) => s.assignee?.id === me,
        "not claimed",
      );
    },
  },
  "POST /v1/reports/:id/assign": {
    as: "reviewer",
    run: async (w, who) => {
      const to = await userID(w, c(w).approver);
      const record = `/v1/reports/${await nationalReport(w)}`;
      return versioned(
        w,
        who,
        record,
        "POST",
        `${record}/assign`,
        { userID: to },
        (s) => s.assignee?.id === to,
        "not assigned",
      );
    },
  },
  "PUT /v1/reports/:id/social-worker": {
    as: "lksOperatorOwn",
    run: async (w, who) => {
      const record = `/v1/reports/${await draftReport(w)}`;
      return versioned(
        w,
        who,
        record,
        "PUT",
        `${record}/social-worker`,
        { socialWorkerID: w.fixtures.socialWorker },
        (s) => s.content?.socialWorker?.certificateNumber === "PEKSOS-32-2021-0457",
        "the social worker is not chosen",
      );
    },
  },
  "POST /v1/reports/:id/sign-off": {
    as: "lksOperatorOwn",
    run: async (w, who) => {
      // LKS A's operator is the registered social worker chosen for a new report.
      const me = await userID(w, who);
      const worker = await post(
        w,
        c(w).lksAdminOwn,
        "/v1/social-workers",
        {
          name: "Operator 701, S.Sos.",
          certificateNumber: "PEKSOS-32-2022-0701",
          certificateValidFrom: "2022-01-01",
          certificateValidUntil: "2032-01-01",
          clusters: ["penyandang_disabilitas"],
          userID: me,
        },
        201,
      );
      const id = await draftReport(w);
      expectStatus(
        await send(w.url, who, "PUT", `/v1/reports/${id}`, { body: { content: reportContent() } }),
        200,
        "save report",
      );
      expectStatus(
        await send(w.url, who, "PUT", `/v1/reports/${id}/social-worker`, {
          body: { socialWorkerID: worker.id },
        }),
        200,
        "choose social worker",
      );
      const record = `/v1/reports/${id}`;
      return versioned(
        w,
        who,
        record,
        "POST",
        `${record}/sign-off`,
        undefined,
        (s) => s.signedOff?.by?.id === me,
        "not signed off",
      );
    },
  },
};
