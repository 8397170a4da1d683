import { infiniteQueryOptions } from "@tanstack/solid-query";

/** One page of any cursor-paginated list the API serves. */
export type Paged<T> = { items: T[]; nextCursor?: string | null };

/**
 * The query options of a cursor-paginated list: every list module builds its factory on this, so
 * the page parameter and "is there more" rule are written once.
 */
export const pagedOptions = <P extends Paged<unknown>, K extends readonly unknown[]>(
  queryKey: K,
  fetchPage: (cursor: string | undefined) => Promise<P>,
) =>
  infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: P) => last.nextCursor ?? undefined,
  });

/** `cursor` only when there is one: the API rejects an empty cursor. */
export const withCursor = <Q extends object>(query: Q, cursor: string | undefined) =>
  cursor ? { ...query, cursor } : query;

/** Every item of a short list (for a select or a lookup), at most `maxPages` pages of it. */
export const everyPage = async <T>(
  fetchPage: (cursor: string | undefined) => Promise<Paged<T>>,
  maxPages: number,
): Promise<T[]> => {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return items;
};
