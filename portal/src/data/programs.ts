import type { DeliveryStatus, EventType, ProgramCreate, ProgramUpdate } from "@atensi/contracts";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/solid-query";
import type { InferResponseType } from "hono/client";
import type { Accessor } from "solid-js";
import { client, ifMatch, isApiError } from "../api";
import { everyPage, pagedOptions, withCursor } from "./paged";

export type Program = InferResponseType<(typeof client.v1.programs)[":id"]["$get"], 200>;
export type ApiKeyPage = InferResponseType<(typeof client.v1.programs)[":id"]["keys"]["$get"], 200>;
export type ApiKey = ApiKeyPage["items"][number];
export type ApiKeyCreated = InferResponseType<(typeof client.v1.programs)[":id"]["keys"]["$post"], 201>;
export type Endpoint = InferResponseType<(typeof client.v1.endpoints)[":id"]["$get"], 200>;
export type EndpointWithSecret = InferResponseType<
  (typeof client.v1.programs)[":id"]["endpoints"]["$post"],
  201
>;
export type DeliveryPage = InferResponseType<(typeof client.v1.endpoints)[":id"]["deliveries"]["$get"], 200>;
export type Delivery = DeliveryPage["items"][number];
export type DeliveryDetail = InferResponseType<(typeof client.v1.deliveries)[":id"]["$get"], 200>;

export const programKeys = {
  all: ["programs"] as const,
  lists: () => [...programKeys.all, "list"] as const,
  every: () => [...programKeys.all, "every"] as const,
  detail: (id: string) => [...programKeys.all, "detail", id] as const,
  keys: (id: string) => [...programKeys.all, "keys", id] as const,
  endpoints: (id: string) => [...programKeys.all, "endpoints", id] as const,
  endpoint: (id: string) => [...programKeys.all, "endpoint", id] as const,
  deliveries: (endpointID: string, status?: DeliveryStatus) =>
    [...programKeys.all, "deliveries", endpointID, status ?? "all"] as const,
  delivery: (id: string) => [...programKeys.all, "delivery", id] as const,
};

/** Programmes by code, a page at a time (the staff list). */
export const programListOptions = () =>
  pagedOptions(programKeys.lists(), async (cursor) =>
    (await client.v1.programs.$get({ query: withCursor({}, cursor) })).json(),
  );

export const useProgramList = () => useInfiniteQuery(() => programListOptions());

/** Every programme (for a select): the few dozen there are, fetched page by page. */
export const useAllPrograms = () =>
  useQuery(() => ({
    queryKey: programKeys.every(),
    queryFn: async () => {
      const items: Program[] = await everyPage(
        async (cursor) =>
          (await client.v1.programs.$get({ query: withCursor({ limit: 100 }, cursor) })).json(),
        20,
      );
      return items;
    },
    staleTime: 5 * 60_000,
  }));

export const useProgram = (id: Accessor<string>) =>
  useQuery(() => ({
    queryKey: programKeys.detail(id()),
    queryFn: async () => (await client.v1.programs[":id"].$get({ param: { id: id() } })).json(),
    enabled: !!id(),
  }));

export const useCreateProgram = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: ProgramCreate) => (await client.v1.programs.$post({ json: input })).json(),
    onSuccess: (program) => {
      qc.setQueryData(programKeys.detail(program.id), program);
      void qc.invalidateQueries({ queryKey: programKeys.lists() });
      void qc.invalidateQueries({ queryKey: programKeys.every() });
    },
  }));
};

/** Only the changed fields, with `If-Match` of the version on screen. */
export const useUpdateProgram = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { id: string; version: number; changes: ProgramUpdate }) =>
      (
        await client.v1.programs[":id"].$patch(
          { param: { id: input.id }, json: input.changes },
          ifMatch(input.version),
        )
      ).json() as Promise<Program>,
    onSuccess: (program) => {
      qc.setQueryData(programKeys.detail(program.id), program);
    },
    onError: (error, input) => {
      if (isApiError(error) && error.status === 412) {
        void qc.invalidateQueries({ queryKey: programKeys.detail(input.id) });
      }
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: programKeys.lists() });
      void qc.invalidateQueries({ queryKey: programKeys.every() });
    },
  }));
};

export const useApiKeys = (programID: Accessor<string>) =>
  useQuery(() => ({
    queryKey: programKeys.keys(programID()),
    queryFn: async () => (await client.v1.programs[":id"].keys.$get({ param: { id: programID() } })).json(),
  }));

/** Answers the key itself, which the API never shows again. */
export const useCreateApiKey = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { programID: string; name: string }) =>
      (
        await client.v1.programs[":id"].keys.$post({
          param: { id: input.programID },
          json: { name: input.name },
        })
      ).json(),
    onSettled: (_data, _error, input) =>
      void qc.invalidateQueries({ queryKey: programKeys.keys(input.programID) }),
  }));
};

export const useRevokeApiKey = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { programID: string; keyID: string }) =>
      (
        await client.v1.programs[":id"].keys[":keyID"].revoke.$post({
          param: { id: input.programID, keyID: input.keyID },
        })
      ).json(),
    onSettled: (_data, _error, input) =>
      void qc.invalidateQueries({ queryKey: programKeys.keys(input.programID) }),
  }));
};

export const useEndpoints = (programID: Accessor<string>) =>
  useQuery(() => ({
    queryKey: programKeys.endpoints(programID()),
    queryFn: async () =>
      (await client.v1.programs[":id"].endpoints.$get({ param: { id: programID() } })).json(),
  }));

export const useEndpoint = (id: Accessor<string>) =>
  useQuery(() => ({
    queryKey: programKeys.endpoint(id()),
    queryFn: async () => (await client.v1.endpoints[":id"].$get({ param: { id: id() } })).json(),
  }));

/** Answers the endpoint with its signing secret, which the API never shows again. */
export const useCreateEndpoint = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: {
      programID: string;
      url: string;
      description?: string;
      eventTypes: EventType[];
    }) => {
      const { programID, ...json } = input;
      return (await client.v1.programs[":id"].endpoints.$post({ param: { id: programID }, json })).json();
    },
    onSettled: (_data, _error, input) =>
      void qc.invalidateQueries({ queryKey: programKeys.endpoints(input.programID) }),
  }));
};

const adoptEndpoint = (qc: ReturnType<typeof useQueryClient>, endpoint: Endpoint) => {
  const { secret: _secret, ...view } = endpoint as Endpoint & { secret?: string };
  qc.setQueryData(programKeys.endpoint(endpoint.id), view);
  void qc.invalidateQueries({ queryKey: programKeys.endpoints(endpoint.programID) });
};

/** Enable or disable an endpoint, with `If-Match` of the version on screen. */
export const useSetEndpointEnabled = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { id: string; version: number; enabled: boolean }) =>
      (
        await client.v1.endpoints[":id"].$patch(
          { param: { id: input.id }, json: { enabled: input.enabled } },
          ifMatch(input.version),
        )
      ).json() as Promise<Endpoint>,
    onSuccess: (endpoint) => adoptEndpoint(qc, endpoint),
    onError: (error, input) => {
      if (isApiError(error) && error.status === 412) {
        void qc.invalidateQueries({ queryKey: programKeys.endpoint(input.id) });
      }
    },
  }));
};

/** A new signing secret (shown once); the previous one keeps signing for 24 hours. */
export const useRotateSecret = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { id: string; version: number }) =>
      (
        await client.v1.endpoints[":id"]["rotate-secret"].$post(
          { param: { id: input.id } },
          ifMatch(input.version),
        )
      ).json(),
    onSuccess: (endpoint) => adoptEndpoint(qc, endpoint),
    onError: (error, input) => {
      if (isApiError(error) && error.status === 412) {
        void qc.invalidateQueries({ queryKey: programKeys.endpoint(input.id) });
      }
    },
  }));
};

/** The endpoint's delivery log, newest first, optionally of one status. */
export const deliveryListOptions = (endpointID: string, status: DeliveryStatus | undefined) =>
  pagedOptions(programKeys.deliveries(endpointID, status), async (cursor) => {
    const query = withCursor(status ? { status } : {}, cursor);
    return (await client.v1.endpoints[":id"].deliveries.$get({ param: { id: endpointID }, query })).json();
  });

export const useDeliveries = (endpointID: Accessor<string>, status: Accessor<DeliveryStatus | undefined>) =>
  useInfiniteQuery(() => deliveryListOptions(endpointID(), status()));

/** One delivery with every attempt; polled while it is pending (e.g. after a redelivery). */
export const useDelivery = (id: Accessor<string>) =>
  useQuery(() => ({
    queryKey: programKeys.delivery(id()),
    queryFn: async () => (await client.v1.deliveries[":id"].$get({ param: { id: id() } })).json(),
    refetchInterval: (query) => (query.state.data?.status === "pending" ? 2_000 : false),
  }));

export const useRedeliver = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { id: string }) =>
      (await client.v1.deliveries[":id"].redeliver.$post({ param: { id: input.id } })).json(),
    onSettled: (data, _error, input) => {
      void qc.invalidateQueries({ queryKey: programKeys.delivery(input.id) });
      if (data) void qc.invalidateQueries({ queryKey: [...programKeys.all, "deliveries", data.endpointID] });
    },
  }));
};

/** Redelivers every failed delivery of the endpoint created in [from, to). */
export const useRedeliverWindow = () => {
  const qc = useQueryClient();
  return useMutation(() => ({
    mutationFn: async (input: { endpointID: string; from: string; to: string }) =>
      (
        await client.v1.endpoints[":id"].redeliver.$post({
          param: { id: input.endpointID },
          json: { from: input.from, to: input.to },
        })
      ).json(),
    onSettled: (_data, _error, input) =>
      void qc.invalidateQueries({ queryKey: [...programKeys.all, "deliveries", input.endpointID] }),
  }));
};
