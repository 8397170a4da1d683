import type { AgreementDraft, AgreementStatus, Cluster } from "@atensi/contracts";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import type { InferResponseType } from "hono/client";
import type { Accessor } from "solid-js";
import { client, ifMatch, isApiError } from "../api";
import { everyPage, pagedOptions, withCursor } from "./paged";
import { type Upload, uploadFile } from "./uploads";

export type Agreement = InferResponseType<(typeof client.v1.agreements)[":id"]["$get"], 200>;
export type AgreementDocument = Agreement["documents"][number];
export type AgreementComment = InferResponseType<
  (typeof client.v1.agreements)[":id"]["comments"]["$get"],
  200
>["items"][number];
export type AgreementDiff = InferResponseType<(typeof client.v1.agreements)[":id"]["diff"]["$get"], 200>;
export type AgreementFilters = { status?: AgreementStatus; province?: string; cluster?: Cluster };
/** What a person can do to an agreement from the detail page (one POST each, with If-Match). */
export type AgreementDecision =
  | "submit"
  | "resubmit"
  | "recommend"
  | "approve"
  | "request_changes"
  | "reject"
  | "terminate";
export const DECISIONS_WITH_REASON: readonly AgreementDecision[] = ["request_changes", "reject", "terminate"];

export const agreementKeys = {
  all: ["agreements"] as const,
  lists: () => [...agreementKeys.all, "list"] as const,
  list: (filters: AgreementFilters) => [...agreementKeys.lists(), filters] as const,
  active: () => [...agreementKeys.all, "active"] as const,
  detail: (id: string) => [...agreementKeys.all, "detail", id] as const,
  comments: (id: string) => [...agreementKeys.all, "comments", id] as const,
  audit: (id: string) => [...agreementKeys.all, "audit", id] as const,
  diff: (id: string) => [...agreementKeys.all, "diff", id] as const,
};

/**
 * Since when an agreement has waited for its next step. The API orders the queue by it; the
 * view does not carry it yet, so it is told from the submission (or the last change).
 */
export const waitingSince = (a: Agreement): string =>
  (a as Agreement & { waitingSince?: string }).waitingSince ??
  (a.status === "submitted" || a.status === "resubmitted" ? (a.submittedAt ?? a.updatedAt) : a.updatedAt);

/** With a status: the review queue, longest waiting first; without, newest first. */
export const agreementListOptions = (filters: AgreementFilters) =>
  pagedOptions(agreementKeys.list(filters), async (cursor) =>
    (await client.v1.agreements.$get({ query: withCursor(filters, cursor) })).json(),
  );

export const useAgreementList = (filters: Accessor<AgreementFilters>) =>
  useInfiniteQuery(() => agreementListOptions(filters()));

/** An LKS's agreements that take reports (active, or ended with periods still to report). */
export const useReportableAgreements = () =>
  useQuery(() => ({
    queryKey: agreementKeys.active(),
    queryFn: async () => {
      const items = await everyPage(
        async (cursor) =>
          (await client.v1.agreements.$get({ query: withCursor({ limit: 100 }, cursor) })).json(),
        10,
      );
      return items.filter((a) => ["active", "expired", "terminated"].includes(a.status));
    },
  }));

export const useAgreement = (id: Accessor<string>) =>
  useQuery(() => ({
    queryKey: agreementKeys.detail(id()),
    queryFn: async () => (await client.v1.agreements[":id"].$get({ param: { id: id() } })).json(),
    enabled: !!id(),
  }));

export const useAgreementComments = (id: Accessor<string>) =>
  useQuery(() => ({
    queryKey: agreementKeys.comments(id()),
    queryFn: async () => (await client.v1.agreements[":id"].comments.$get({ param: { id: id() } })).json(),
  }));

export const useAgreementAudit = (id: Accessor<string>) =>
  useQuery(() => ({
    queryKey: agreementKeys.audit(id()),
    queryFn: async () => (await client.v1.agreements[":id"].audit.$get({ param: { id: id() } })).json(),
  }));

/** An addendum's field-by-field differences from the agreement it amends. */
export const useAgreementDiff = (id: Accessor<string>, enabled: Accessor<boolean>) =>
  useQuery(() => ({
    queryKey: agreementKeys.diff(id()),
    queryFn: async () => (await client.v1.agreements[":id"].diff.$get({ param: { id: id() } })).json(),
    enabled: enabled(),
  }));

const useAdopt = () => {
  const qc = useQueryClient();
  return (agreement: Agreement) => {
    // Only some answers carry the warnings (the API computes them on read and submit): keep the
    // ones on screen until the agreement is read again.
    qc.setQueryData<Agreement>(agreementKeys.detail(agreement.id), (old) => ({
      ...agreement,
      warnings: agreement.warnings.length ? agreement.warnings : (old?.warnings ?? []),
    }));
    void qc.invalidateQueries({ queryKey: agreementKeys.detail(agreement.id) });
    void qc.invalidateQueries({ queryKey: agreementKeys.lists() });
    void qc.invalidateQueries({ queryKey: agreementKeys.audit(agreement.id) });
    void qc.invalidateQueries({ queryKey: agreementKeys.diff(agreement.id) });
  };
};

/** A 409 or 412 means what was on screen is stale: load the current agreement. */
const useRefreshOnConflict = () => {
  const qc = useQueryClient();
  return (error: unknown, id: string) => {
    if (isApiError(error) && (error.status === 409 || error.status === 412)) {
      void qc.invalidateQueries({ queryKey: agreementKeys.detail(id) });
      void qc.invalidateQueries({ queryKey: agreementKeys.audit(id) });
    }
  };
};

export const useCreateAgreement = () => {
  const adopt = useAdopt();
  return useMutation(() => ({
    mutationFn: async (input: AgreementDraft) => (await client.v1.agreements.$post({ json: input })).json(),
    onSuccess: adopt,
  }));
};

/** Edits a draft (or one with changes requested) with the whole agreement and `If-Match`. */
export const useEditAgreement = () => {
  const adopt = useAdopt();
  const refresh = useRefreshOnConflict();
  return useMutation(() => ({
    mutationFn: async (input: { id: string; version: number; draft: AgreementDraft }) =>
      (
        await client.v1.agreements[":id"].$put(
          { param: { id: input.id }, json: input.draft },
          ifMatch(input.version),
        )
      ).json(),
    onSuccess: adopt,
    onError: (error, input) => refresh(error, input.id),
  }));
};

/** Submit, resubmit, recommend, approve, request changes, reject or terminate. */
export const useAgreementDecision = () => {
  const adopt = useAdopt();
  const refresh = useRefreshOnConflict();
  return useMutation(() => ({
    mutationFn: async (input: {
      id: string;
      version: number;
      decision: AgreementDecision;
      reason?: string;
    }) => {
      const route = client.v1.agreements[":id"];
      const param = { id: input.id };
      const json = { reason: input.reason ?? "" };
      const options = ifMatch(input.version);
      const res = await {
        submit: () => route.submit.$post({ param }, options),
        resubmit: () => route.resubmit.$post({ param }, options),
        recommend: () => route.recommend.$post({ param }, options),
        approve: () => route.approve.$post({ param }, options),
        request_changes: () => route["request-changes"].$post({ param, json }, options),
        reject: () => route.reject.$post({ param, json }, options),
        terminate: () => route.terminate.$post({ param, json }, options),
      }[input.decision]();
      return (await res.json()) as Agreement;
    },
    onSuccess: adopt,
    onError: (error, input) => refresh(error, input.id),
  }));
};

export const useAddAgreementComment = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { id: string; body: string }) =>
      (
        await client.v1.agreements[":id"].comments.$post({
          param: { id: input.id },
          json: { body: input.body },
        })
      ).json(),
    onSuccess: (_comment, input) => {
      void qc.invalidateQueries({ queryKey: agreementKeys.comments(input.id) });
    },
  }));
};

/** Starts an addendum to an active agreement: a new draft linked to it. */
export const useStartAmendment = () => {
  const adopt = useAdopt();
  return useMutation(() => ({
    mutationFn: async (id: string) =>
      (await client.v1.agreements[":id"].amendments.$post({ param: { id } })).json(),
    onSuccess: adopt,
  }));
};

/** Declares a document, uploads the file to the URL the API answers (with progress), completes it. */
export const useUploadAgreementDocument = () => {
  const adopt = useAdopt();
  return useMutation(() => ({
    mutationFn: async (input: {
      id: string;
      kind: "signed_agreement" | "annex";
      file: File;
      onProgress: (fraction: number) => void;
    }) => {
      const route = client.v1.agreements[":id"];
      const declared = await route.documents.$post({
        param: { id: input.id },
        json: {
          kind: input.kind,
          fileName: input.file.name,
          contentType: input.file.type as "application/pdf",
          size: input.file.size,
        },
      });
      const { document, upload } = (await declared.json()) as { document: { id: string }; upload: Upload };
      await uploadFile(upload, input.file, input.onProgress);
      const done = await route.documents[":documentID"].complete.$post({
        param: { id: input.id, documentID: document.id },
      });
      return (await done.json()) as Agreement;
    },
    onSuccess: adopt,
  }));
};

/** A short-lived download URL for a document. */
export const agreementDocumentUrl = async (id: string, documentID: string) =>
  (
    await (
      await client.v1.agreements[":id"].documents[":documentID"].$get({ param: { id, documentID } })
    ).json()
  ).url;
