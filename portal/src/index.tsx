import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/solid-query";
import { render } from "solid-js/web";
import { isApiError } from "./api";
import { App } from "./app";
import { sessionKeys } from "./data/session";
import "./styles.css";

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      // The session ended elsewhere (expired, password changed, LKS suspended): show sign-in.
      if (isApiError(error) && error.status === 401 && query.queryKey[0] !== sessionKeys.all[0]) {
        queryClient.setQueryData(sessionKeys.all, null);
      }
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(isApiError(error) && error.status > 0 && error.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");

render(
  () => (
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  ),
  root,
);
