import type { ReportStatus } from "@atensi/contracts";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import type { InferResponseType } from "hono/client";
import type { Accessor } from "solid-js";
import { client, ifMatch, isApiError } from "../api";
import { dashboardKeys } from "./dashboard";
import { everyPage, pagedOptions, withCursor } from "./paged";
import { type Upload, uploadFile } from "./uploads";

export type Report = InferResponseType<(typeof client.v1.reports)[":id"]["$get"], 200>;
export type ReportListItem = InferResponseType<typeof client.v1.reports.$get, 200>["items"][number];
export type ReportComment = InferResponseType<
  (typeof client.v1.reports)[":id"]["comments"]["$get"],
  200
>["items"][number];
export type ReportDiff = InferResponseType<(typeof client.v1.reports)[":id"]["diff"]["$get"], 200>;
export type ReportFilters = { status?: ReportStatus; agreementID?: string };
export type ReportDecision = "submit" | "claim" | "forward" | "request_revision" | "accept" | "unlock";
export const REPORT_DECISIONS_WITH_REASON: readonly ReportDecision[] = ["request_revision", "unlock"];

export type OutstandingReport = InferResponseType<
  typeof client.v1.reports.outstanding.$get,
  200
>["items"][number];

export const reportKeys = {
  all: ["reports"] as const,
  lists: () => [...reportKeys.all, "list"] as const,
  outstanding: () => [...reportKeys.lists(), "outstanding"] as const,
  list: (filters: ReportFilters) => [...reportKeys.lists(), filters] as const,
  ofAgreement: (agreementID: string | undefined) =>
    [...reportKeys.lists(), "agreement", agreementID ?? ""] as const,
  detail: (id: string) => [...reportKeys.all, "detail", id] as const,
  comments: (id: string) => [...reportKeys.all, "comments", id] as const,
  audit: (id: string) => [...reportKeys.all, "audit", id] as const,
  diff: (id: string) => [...reportKeys.all, "diff", id] as const,
};

/** An LKS: its own reports, newest first. Staff: the queue of a status (submitted by default), oldest first. */
export const reportListOptions = (filters: ReportFilters) =>
  pagedOptions(reportKeys.list(filters), async (cursor) =>
    (await client.v1.reports.$get({ query: withCursor(filters, cursor) })).json(),
  );

export const useReportList = (filters: Accessor<ReportFilters>) =>
  useInfiniteQuery(() => reportListOptions(filters()));

export type ReviewQueueFilter = "any" | "me" | "unassigned";

/** The caller's review queue at its level (a regional unit's region, or national), longest waiting first. */
export const useReviewQueue = (assignee: Accessor<ReviewQueueFilter>) =>
  useInfiniteQuery(() =>
    pagedOptions([...reportKeys.lists(), "queue", assignee()] as const, async (cursor) =>
      (await client.v1.reports.queue.$get({ query: withCursor({ assignee: assignee() }, cursor) })).json(),
    ),
  );

/** An LKS's periods still owed (overdue or due soon, nothing submitted), as the API counts them. */
export const useOutstandingReports = (enabled: Accessor<boolean>) =>
  useQuery(() => ({
    queryKey: reportKeys.outstanding(),
    queryFn: async () => (await client.v1.reports.outstanding.$get()).json(),
    enabled: enabled(),
  }));

/** Every report of one agreement (to know which periods are already open). */
export const useAgreementReports = (agreementID: Accessor<string | undefined>) =>
  useQuery(() => ({
    queryKey: reportKeys.ofAgreement(agreementID()),
    queryFn: async () => {
      const query = { agreementID: agreementID() ?? "", limit: 100 };
      const items: ReportListItem[] = await everyPage(
        async (cursor) => (await client.v1.reports.$get({ query: withCursor(query, cursor) })).json(),
        10,
      );
      return items;
    },
    enabled: !!agreementID(),
  }));

export const fetchReport = async (id: string) =>
  (await client.v1.reports[":id"].$get({ param: { id } })).json();

export const useReport = (id: Accessor<string>) =>
  useQuery(() => ({
    queryKey: reportKeys.detail(id()),
    queryFn: () => fetchReport(id()),
    // The editor keeps its own copy while it is open; it must not be swapped under the person.
    refetchOnReconnect: false,
  }));

export const useReportComments = (id: Accessor<string>) =>
  useQuery(() => ({
    queryKey: reportKeys.comments(id()),
    queryFn: async () => (await client.v1.reports[":id"].comments.$get({ param: { id: id() } })).json(),
  }));

export const useReportAudit = (id: Accessor<string>) =>
  useQuery(() => ({
    queryKey: reportKeys.audit(id()),
    queryFn: async () => (await client.v1.reports[":id"].audit.$get({ param: { id: id() } })).json(),
  }));

export const useReportDiff = (id: Accessor<string>, enabled: Accessor<boolean>) =>
  useQuery(() => ({
    queryKey: reportKeys.diff(id()),
    queryFn: async () => (await client.v1.reports[":id"].diff.$get({ param: { id: id() } })).json(),
    enabled: enabled(),
  }));

export const useOpenReport = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { agreementID: string; period: string }) =>
      (await client.v1.reports.$post({ json: input })).json(),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: reportKeys.lists() });
    },
  }));
};

/** Saves a draft's content with `If-Match` (autosave); a 412 means another copy was saved since. */
export const saveReport = async (id: string, version: number, content: Record<string, unknown>) =>
  (await client.v1.reports[":id"].$put({ param: { id }, json: { content } }, ifMatch(version))).json();

/** Submit, request revision, accept or unlock, with `If-Match` of the version on screen. */
export const useReportDecision = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { id: string; version: number; decision: ReportDecision; reason?: string }) => {
      const route = client.v1.reports[":id"];
      const param = { id: input.id };
      const json = { reason: input.reason ?? "" };
      const options = ifMatch(input.version);
      const res = await {
        submit: () => route.submit.$post({ param }, options),
        claim: () => route.claim.$post({ param }, options),
        forward: () => route.forward.$post({ param }, options),
        request_revision: () => route["request-revision"].$post({ param, json }, options),
        accept: () => route.accept.$post({ param }, options),
        unlock: () => route.unlock.$post({ param, json }, options),
      }[input.decision]();
      return await res.json();
    },
    onSuccess: (_report, input) => {
      // The detail carries the period's referrals and the allowed actions: read it again.
      void qc.invalidateQueries({ queryKey: reportKeys.detail(input.id) });
      void qc.invalidateQueries({ queryKey: reportKeys.lists() });
      void qc.invalidateQueries({ queryKey: reportKeys.audit(input.id) });
      void qc.invalidateQueries({ queryKey: reportKeys.diff(input.id) });
      void qc.invalidateQueries({ queryKey: dashboardKeys.all });
    },
    onError: (error, input) => {
      if (isApiError(error) && (error.status === 409 || error.status === 412)) {
        void qc.invalidateQueries({ queryKey: reportKeys.detail(input.id) });
      }
    },
  }));
};

export const useAddReportComment = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { id: string; section: string; body: string }) =>
      (
        await client.v1.reports[":id"].comments.$post({
          param: { id: input.id },
          json: { section: input.section as "services", body: input.body },
        })
      ).json(),
    onSuccess: (_comment, input) => {
      void qc.invalidateQueries({ queryKey: reportKeys.comments(input.id) });
    },
  }));
};

export type AttachmentKind = "photo" | "attendance_list" | "other";

/** Declares an attachment, uploads it with progress, completes it; answers the report's new version. */
export const uploadReportAttachment = async (input: {
  id: string;
  kind: AttachmentKind;
  file: File;
  onProgress: (fraction: number) => void;
}) => {
  const route = client.v1.reports[":id"];
  const declared = await route.attachments.$post({
    param: { id: input.id },
    json: {
      kind: input.kind,
      fileName: input.file.name,
      contentType: input.file.type as "application/pdf",
      size: input.file.size,
    },
  });
  const { attachment, upload } = (await declared.json()) as { attachment: { id: string }; upload: Upload };
  await uploadFile(upload, input.file, input.onProgress);
  const done = await route.attachments[":attachmentID"].complete.$post({
    param: { id: input.id, attachmentID: attachment.id },
  });
  return await done.json();
};

export const reportAttachmentUrl = async (id: string, attachmentID: string) =>
  (
    await (
      await client.v1.reports[":id"].attachments[":attachmentID"].$get({ param: { id, attachmentID } })
    ).json()
  ).url;
