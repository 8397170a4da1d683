import { monotonicFactory } from "ulid";

const ulid = monotonicFactory();

export const ID_PREFIXES = {
  partner: "lks",
  user: "usr",
  agreement: "agr",
  report: "rpt",
  referral: "ref",
  program: "prg",
  event: "evt",
  session: "ses",
  endpoint: "whe",
  apiKey: "key",
  notification: "ntf",
  secret: "sec",
  delivery: "dlv",
  comment: "cmt",
  document: "doc",
  mail: "eml",
  token: "tok",
  socialWorker: "psw",
  unit: "unt",
} as const;

/** Prefixed ULIDs: sortable by creation time and self-describing in logs and support tickets. */
export const createID = (kind: keyof typeof ID_PREFIXES) => `${ID_PREFIXES[kind]}_${ulid().toLowerCase()}`;
