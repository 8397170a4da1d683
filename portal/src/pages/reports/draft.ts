import {
  AGE_BANDS,
  ATENSI_CRITERIA,
  CASE_STAGES,
  CLUSTERS,
  type FieldError,
  INDICATOR_LEVELS,
  issueCode,
  ReportContent,
  SERVICE_FORMS,
} from "@atensi/contracts";
import * as v from "valibot";
import { codedError } from "../../i18n";

/**
 * The report editor's model. Every input holds text (what was typed); `toContent` turns it into
 * the API's `ReportContent`, the same the API validates at submission. Blank cells of the fixed
 * grids (services, criteria, the breakdown) are left out; a case-flow stage counts once any of
 * its numbers is filled in, and then needs all five.
 *
 * Each input has a stable key (`caseFlow.asesmen.atEnd`, `breakdown.anak/female/0-5`), and
 * `toContent` also answers which key each schema path (`caseFlow.0.atEnd`) belongs to, so both
 * the schema's issues and the API's field errors (`content.caseFlow.0.atEnd`) land on the input.
 */
export const SEXES = ["female", "male"] as const;
export const FLOW_FIELDS = ["atStart", "entered", "completed", "terminated", "atEnd"] as const;
export type FlowField = (typeof FLOW_FIELDS)[number];

export type IndicatorRow = {
  level: string;
  name: string;
  target: string;
  realised: string;
  narrative: string;
};
export type IssueRow = { issue: string; followUp: string };
export type Draft = {
  /** The clusters shown: the agreement's scope, and any other the content already has. */
  clusters: string[];
  totals: Record<string, string>;
  breakdown: Record<string, string>;
  byCriterion: Record<string, string>;
  services: Record<string, string>;
  caseFlow: Record<string, Record<FlowField, string>>;
  indicators: IndicatorRow[];
  socialWorker: { name: string; certificateNumber: string };
  issues: IssueRow[];
};

export const breakdownKey = (cluster: string, sex: string, band: string) => `${cluster}/${sex}/${band}`;

export const emptyIndicator = (): IndicatorRow => ({
  level: "",
  name: "",
  target: "",
  realised: "",
  narrative: "",
});
export const emptyIssue = (): IssueRow => ({ issue: "", followUp: "" });

const emptyFlow = (): Record<FlowField, string> => ({
  atStart: "",
  entered: "",
  completed: "",
  terminated: "",
  atEnd: "",
});

const str = (x: unknown) => (x === undefined || x === null ? "" : String(x));

type ContentLike = {
  beneficiaries?: {
    totals?: { cluster?: string; count?: unknown }[];
    breakdown?: { cluster?: string; sex?: string; ageBand?: string; count?: unknown }[];
    byCriterion?: { criterion?: string; count?: unknown }[];
  };
  services?: { form?: string; count?: unknown }[];
  caseFlow?: ({ stage?: string } & Partial<Record<FlowField, unknown>>)[];
  indicators?: { level?: string; name?: string; target?: unknown; realised?: unknown; narrative?: string }[];
  socialWorker?: { name?: string; certificateNumber?: string };
  issues?: { issue?: string; followUp?: string }[];
};

/** The editor's model from saved content (possibly partial: a draft is saved as it is typed). */
export const fromContent = (raw: unknown, scopeClusters: readonly string[]): Draft => {
  const c = (raw && typeof raw === "object" ? raw : {}) as ContentLike;
  const b = c.beneficiaries ?? {};
  const present = [
    ...(b.totals ?? []).map((r) => r.cluster),
    ...(b.breakdown ?? []).map((r) => r.cluster),
  ].filter((x): x is string => typeof x === "string" && (CLUSTERS as readonly string[]).includes(x));
  const clusters = CLUSTERS.filter((k) => scopeClusters.includes(k) || present.includes(k));
  const draft: Draft = {
    clusters,
    totals: Object.fromEntries(clusters.map((k) => [k, ""])),
    breakdown: Object.fromEntries(
      clusters.flatMap((k) => SEXES.flatMap((s) => AGE_BANDS.map((a) => [breakdownKey(k, s, a), ""]))),
    ),
    byCriterion: Object.fromEntries(ATENSI_CRITERIA.map((k) => [k, ""])),
    services: Object.fromEntries(SERVICE_FORMS.map((k) => [k, ""])),
    caseFlow: Object.fromEntries(CASE_STAGES.map((k) => [k, emptyFlow()])),
    indicators: [],
    socialWorker: {
      name: str(c.socialWorker?.name),
      certificateNumber: str(c.socialWorker?.certificateNumber),
    },
    issues: [],
  };
  for (const r of b.totals ?? [])
    if (r.cluster && r.cluster in draft.totals) draft.totals[r.cluster] = str(r.count);
  for (const r of b.breakdown ?? []) {
    const key = breakdownKey(str(r.cluster), str(r.sex), str(r.ageBand));
    if (key in draft.breakdown) draft.breakdown[key] = str(r.count);
  }
  for (const r of b.byCriterion ?? [])
    if (r.criterion && r.criterion in draft.byCriterion) draft.byCriterion[r.criterion] = str(r.count);
  for (const r of c.services ?? [])
    if (r.form && r.form in draft.services) draft.services[r.form] = str(r.count);
  for (const r of c.caseFlow ?? []) {
    const row = r.stage ? draft.caseFlow[r.stage] : undefined;
    if (row) for (const f of FLOW_FIELDS) row[f] = str(r[f]);
  }
  draft.indicators = (c.indicators ?? []).map((r) => ({
    level: str(r.level),
    name: str(r.name),
    target: str(r.target),
    realised: str(r.realised),
    narrative: str(r.narrative),
  }));
  draft.issues = (c.issues ?? []).map((r) => ({ issue: str(r.issue), followUp: str(r.followUp) }));
  return draft;
};

/**
 * A typed count: "1.250" (dots group thousands) → 1250, "12" → 12; blank → absent; anything
 * else (2,5 or -1 or 2.5) stays as typed or as the number, for the schema to name the problem.
 */
export const toCount = (raw: string): unknown => {
  const s = raw.trim();
  if (!s) return undefined;
  if (/^\d{1,3}(\.\d{3})+$/.test(s)) return Number(s.replace(/\./g, ""));
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  if (/^-?\d+,\d+$/.test(s)) return Number(s.replace(",", "."));
  return s;
};

const blank = (s: string) => s.trim() === "";

/**
 * The API's content from the model, and where each schema path points in the editor. With
 * `complete`, rows that cannot be typed yet (a blank or non-numeric count, no indicator level)
 * are left out, so the rules across fields (sums, balance) can be checked on the rest.
 */
export const toContent = (draft: Draft, options: { complete?: boolean } = {}) => {
  const keys: Record<string, string> = {};
  const usable = (...raws: string[]) =>
    !options.complete || raws.every((r) => typeof toCount(r) === "number");
  const drop = <T extends Record<string, unknown>>(row: T) =>
    Object.fromEntries(Object.entries(row).filter(([, x]) => x !== undefined)) as T;

  const totals = draft.clusters
    .filter((k) => !blank(draft.totals[k] ?? "") && usable(draft.totals[k] ?? ""))
    .map((cluster, i) => {
      keys[`beneficiaries.totals.${i}`] = `totals.${cluster}`;
      return drop({ cluster, count: toCount(draft.totals[cluster] ?? "") });
    });
  const breakdown = draft.clusters
    .flatMap((cluster) =>
      SEXES.flatMap((sex) =>
        AGE_BANDS.map((ageBand) => ({ cluster, sex, ageBand, key: breakdownKey(cluster, sex, ageBand) })),
      ),
    )
    .filter((r) => !blank(draft.breakdown[r.key] ?? "") && usable(draft.breakdown[r.key] ?? ""))
    .map((r, i) => {
      keys[`beneficiaries.breakdown.${i}`] = `breakdown.${r.key}`;
      // "No total given for X" belongs on that cluster's total.
      keys[`beneficiaries.breakdown.${i}.cluster`] = `totals.${r.cluster}`;
      return drop({
        cluster: r.cluster,
        sex: r.sex,
        ageBand: r.ageBand,
        count: toCount(draft.breakdown[r.key] ?? ""),
      });
    });
  const byCriterion = ATENSI_CRITERIA.filter(
    (k) => !blank(draft.byCriterion[k] ?? "") && usable(draft.byCriterion[k] ?? ""),
  ).map((criterion, i) => {
    keys[`beneficiaries.byCriterion.${i}`] = `byCriterion.${criterion}`;
    return drop({ criterion, count: toCount(draft.byCriterion[criterion] ?? "") });
  });
  const services = SERVICE_FORMS.filter(
    (k) => !blank(draft.services[k] ?? "") && usable(draft.services[k] ?? ""),
  ).map((form, i) => {
    keys[`services.${i}`] = `services.${form}`;
    return drop({ form, count: toCount(draft.services[form] ?? "") });
  });
  const caseFlow = CASE_STAGES.filter((stage) => {
    const row = draft.caseFlow[stage];
    return !!row && FLOW_FIELDS.some((f) => !blank(row[f])) && usable(...FLOW_FIELDS.map((f) => row[f]));
  }).map((stage, i) => {
    keys[`caseFlow.${i}`] = `caseFlow.${stage}.atStart`;
    for (const f of FLOW_FIELDS) keys[`caseFlow.${i}.${f}`] = `caseFlow.${stage}.${f}`;
    const row = draft.caseFlow[stage] ?? emptyFlow();
    return drop({ stage, ...Object.fromEntries(FLOW_FIELDS.map((f) => [f, toCount(row[f])])) });
  });
  const indicators = draft.indicators
    .map((row, index) => ({ row, index }))
    .filter(
      ({ row }) =>
        !options.complete ||
        ((INDICATOR_LEVELS as readonly string[]).includes(row.level) && usable(row.target, row.realised)),
    )
    .map(({ row, index }, i) => {
      for (const f of ["level", "name", "target", "realised", "narrative"])
        keys[`indicators.${i}.${f}`] = `indicators.${index}.${f}`;
      keys[`indicators.${i}`] = `indicators.${index}.name`;
      return drop({
        level: row.level || undefined,
        name: row.name,
        target: toCount(row.target),
        realised: toCount(row.realised),
        narrative: blank(row.narrative) ? undefined : row.narrative,
      });
    });
  draft.issues.forEach((_, i) => {
    keys[`issues.${i}.issue`] = `issues.${i}.issue`;
    keys[`issues.${i}.followUp`] = `issues.${i}.followUp`;
    keys[`issues.${i}`] = `issues.${i}.issue`;
  });
  keys["socialWorker.name"] = "socialWorker.name";
  keys["socialWorker.certificateNumber"] = "socialWorker.certificateNumber";
  keys.socialWorker = "socialWorker.name";
  const content = {
    beneficiaries: { totals, breakdown, byCriterion },
    services,
    caseFlow,
    indicators,
    socialWorker: { name: draft.socialWorker.name, certificateNumber: draft.socialWorker.certificateNumber },
    issues: draft.issues.map((r) => ({ issue: r.issue, followUp: r.followUp })),
  };
  /** The editor key of a schema path; paths of a whole list go to its section (`section.caseFlow`). */
  const keyOf = (path: string): string => {
    const parts = path.split(".");
    for (let n = parts.length; n > 0; n--) {
      const key = keys[parts.slice(0, n).join(".")];
      if (key) return key;
    }
    return `section.${parts[0] === "beneficiaries" ? "beneficiaries" : (parts[0] ?? "")}`;
  };
  return { content, keyOf };
};

const isEmpty = (x: unknown) => x === undefined || x === null || (typeof x === "string" && x.trim() === "");

/** Issues of one parse, by editor key (the first per key). */
const issuesOf = (draft: Draft, complete: boolean) => {
  const { content, keyOf } = toContent(draft, { complete });
  // Not abortPipeEarly: the rules across fields must run while single fields still have problems.
  const result = v.safeParse(ReportContent, content);
  const errors: Record<string, string> = {};
  if (!result.success) {
    for (const issue of result.issues) {
      const path = v.getDotPath(issue);
      const key = keyOf(path ?? "");
      if (errors[key]) continue;
      errors[key] = codedError(
        isEmpty(issue.input) && issue.kind === "schema"
          ? { code: "required" }
          : { ...issueCode(issue), message: issue.message },
      );
    }
  }
  return errors;
};

/**
 * Every problem of the draft by editor key, with `ReportContent` (the API's schema). The rules
 * across fields run only on content whose every field is typed, so they are also checked on the
 * rows that are complete, and show while other sections are still being filled in.
 */
export const validateDraft = (draft: Draft): Record<string, string> => ({
  ...issuesOf(draft, true),
  ...issuesOf(draft, false),
});

/** The editor keys of the server's field errors (`content.caseFlow.0.atEnd` → `caseFlow.asesmen.atEnd`). */
export const serverErrorsOf = (draft: Draft, errors: FieldError[]) => {
  const { keyOf } = toContent(draft);
  const out: Record<string, string> = {};
  for (const e of errors) {
    const key = keyOf(e.field.replace(/^content\./, ""));
    out[key] ??= codedError(e);
  }
  return out;
};

/** What a case-flow stage's end count should be, when its other four numbers are whole. */
export const expectedAtEnd = (row: Record<FlowField, string>) => {
  const [a, b, c, d] = (["atStart", "entered", "completed", "terminated"] as const).map((f) =>
    toCount(row[f]),
  );
  return [a, b, c, d].every((x) => typeof x === "number")
    ? (a as number) + (b as number) - (c as number) - (d as number)
    : undefined;
};

/** The sum of one cluster's breakdown cells that hold a number. */
export const breakdownSum = (draft: Draft, cluster: string) =>
  SEXES.flatMap((s) =>
    AGE_BANDS.map((a) => toCount(draft.breakdown[breakdownKey(cluster, s, a)] ?? "")),
  ).reduce<number>((sum, x) => sum + (typeof x === "number" ? x : 0), 0);

// ---- the copy kept on this device --------------------------------------------------------

/** The draft as last typed, the server version it was based on, and whether the server has it. */
export type LocalCopy = { content: unknown; version: number; dirty: boolean; savedAt: string };
const storageKey = (id: string) => `atensi.report-draft.${id}`;

export const readLocal = (id: string): LocalCopy | undefined => {
  try {
    const raw = localStorage.getItem(storageKey(id));
    return raw ? (JSON.parse(raw) as LocalCopy) : undefined;
  } catch {
    return undefined;
  }
};

export const writeLocal = (id: string, copy: LocalCopy) => {
  try {
    localStorage.setItem(storageKey(id), JSON.stringify(copy));
    return true;
  } catch {
    // storage full or blocked: the server copy is all there is
    return false;
  }
};

export const clearLocal = (id: string) => {
  try {
    localStorage.removeItem(storageKey(id));
  } catch {
    // nothing to clear
  }
};
