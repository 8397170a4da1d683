import { type Accessor, type JSX, Match, Switch } from "solid-js";
import { PageHeading } from "./page";
import { Loading, ProblemAlert } from "./problem";

/**
 * A page's body while its one query runs: loading, then the failed request under a heading
 * (`errorTitle`, which also names the document), then `children` with the data.
 */
export const QueryPage = <T,>(props: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: T | undefined };
  errorTitle: string;
  children: (data: Accessor<NonNullable<T>>) => JSX.Element;
}) => (
  <Switch>
    <Match when={props.query.isPending}>
      <Loading />
    </Match>
    <Match when={props.query.isError}>
      <PageHeading title={props.errorTitle} />
      <ProblemAlert error={props.query.error} />
    </Match>
    <Match when={props.query.data}>{(data) => props.children(data)}</Match>
  </Switch>
);
