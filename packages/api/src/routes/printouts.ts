import { AgreementID, ReferralID } from "@atensi/contracts";
import { Printable } from "@atensi/core/printable";
import { Verification } from "@atensi/core/verification";
import { type Context, Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../env";
import { doc } from "../openapi";
import { params } from "../validate";

const ReportID = v.pipe(v.string(), v.regex(/^rpt_[0-9a-z]{26}$/, "Not a report id"));

const pdf = (c: Context, out: { body: Buffer; code: string; fileName: string; version: number }) => {
  c.header("content-type", "application/pdf");
  c.header("content-disposition", `inline; filename="${out.fileName}"`);
  c.header("x-verification-code", out.code);
  c.header("etag", `"${out.version}"`);
  c.header("cache-control", "private, no-store");
  return c.body(new Uint8Array(out.body));
};

const printed = (what: string, problems: number[]) =>
  doc({
    tag: "documents",
    summary: `${what} as a PDF, with the record's version and a verification code (also in \`X-Verification-Code\`)`,
    ok: { schema: v.string(), mediaType: "application/pdf", description: "The printable document (A4)" },
    problems,
  });

/** Printable documents: whoever may read the record may print it. */
export const printouts = new Hono<AppEnv>()
  .get(
    "/reports/:id",
    printed("An accepted supervision report with all its sections and sign-offs", [400, 401, 403, 404, 409]),
    params(v.strictObject({ id: ReportID })),
    async (c) => pdf(c, await Printable.report(c.req.valid("param").id)),
  )
  .get(
    "/agreements/:id",
    printed(
      "An approved agreement's summary: number, parties, term, targets, approvals",
      [400, 401, 403, 404, 409],
    ),
    params(v.strictObject({ id: AgreementID })),
    async (c) => pdf(c, await Printable.agreement(c.req.valid("param").id)),
  )
  .get(
    "/referrals/:id",
    printed(
      "A referral letter (surat rujukan) with the data the receiving programme may receive",
      [400, 401, 403, 404],
    ),
    params(v.strictObject({ id: ReferralID })),
    async (c) => pdf(c, await Printable.referralLetter(c.req.valid("param").id)),
  );

const Verified = v.object({
  code: v.string(),
  kind: v.picklist(["report", "agreement", "referral_letter"]),
  number: v.string(),
  date: v.string(),
});

/** Public: anyone holding a printed document checks its code. Nothing personal is answered. */
export const verify = new Hono<AppEnv>().get(
  "/:code",
  doc({
    tag: "documents",
    summary: "Checks a printed document's verification code: that it exists, its kind, number and date",
    ok: { schema: Verified },
    problems: [400, 404],
    public: true,
  }),
  params(v.strictObject({ code: v.pipe(v.string(), v.maxLength(40, "Not a verification code")) })),
  async (c) => {
    c.header("cache-control", "no-store");
    return c.json(await Verification.resolve(c.req.valid("param").code), 200);
  },
);
