import type { UseInfiniteQueryResult } from "@tanstack/solid-query";
import { type Accessor, type JSX, Match, Show, Switch } from "solid-js";
import type { Paged } from "../data/paged";
import { t } from "../i18n";
import { Loading, ProblemAlert } from "./problem";
import { type Column, Table, type TableProps } from "./table";

type PagedQuery<T> = Pick<
  UseInfiniteQueryResult<{ pages: Paged<T>[] }, unknown>,
  | "data"
  | "error"
  | "isPending"
  | "isError"
  | "isFetching"
  | "isFetchingNextPage"
  | "isFetchNextPageError"
  | "hasNextPage"
  | "fetchNextPage"
  | "refetch"
>;

/**
 * Every paginated list in the portal: loading, the failure with a retry, the empty state, a
 * count (announced politely, with a spinner while a refresh runs), the items (a table of
 * `columns`, or whatever `children` draws of them), and "load more" with its own failure.
 */
export const InfiniteList = <T,>(
  props: {
    query: PagedQuery<T>;
    empty: JSX.Element;
    /** The sentence above the items, given how many are shown ("12 rujukan ditampilkan"). */
    summary?: (n: number) => string;
  } & (
    | ({ columns: Column<T>[]; children?: undefined } & TableProps<T>)
    | { columns?: undefined; children: (items: Accessor<T[]>) => JSX.Element }
  ),
) => {
  const items = () => props.query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Switch>
      <Match when={props.query.isPending}>
        <Loading />
      </Match>
      <Match when={props.query.isError && !props.query.data}>
        <ProblemAlert error={props.query.error}>
          <button type="button" class="button" onClick={() => void props.query.refetch()}>
            {t("common.retry")}
          </button>
        </ProblemAlert>
      </Match>
      <Match when={items().length === 0}>{props.empty}</Match>
      <Match when={true}>
        <Show when={props.summary}>
          {(summary) => (
            <p class="muted small" aria-live="polite">
              {summary()(items().length)}
              <Show when={props.query.isFetching && !props.query.isFetchingNextPage}>
                {" "}
                <span class="spinner" aria-hidden="true" />
              </Show>
            </p>
          )}
        </Show>
        <Show when={props.columns} fallback={props.children?.(items)}>
          <Table {...(props as TableProps<T>)} rows={items()} />
        </Show>
        <Show when={props.query.hasNextPage}>
          <div class="load-more">
            <button
              type="button"
              class="button"
              disabled={props.query.isFetchingNextPage}
              aria-busy={props.query.isFetchingNextPage}
              onClick={() => void props.query.fetchNextPage()}
            >
              <Show when={props.query.isFetchingNextPage}>
                <span class="spinner" aria-hidden="true" />
              </Show>
              {props.query.isFetchingNextPage ? t("common.loading") : t("partners.loadMore")}
            </button>
          </div>
        </Show>
        <Show when={props.query.isFetchNextPageError}>
          <ProblemAlert error={props.query.error} />
        </Show>
      </Match>
    </Switch>
  );
};
