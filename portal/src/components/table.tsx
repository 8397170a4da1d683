import { For, type JSX, Show } from "solid-js";

/**
 * One column of a table: its heading (also the cell's label when the table stacks into cards on
 * a phone, `.table.responsive`), the cell for a row, and how the cell is set.
 */
export type Column<T> = {
  header: string;
  cell: (row: T) => JSX.Element;
  /** Right-aligned figures. */
  num?: boolean;
  /** The cell names the row (`<th scope="row">`). */
  rowHeader?: boolean;
  class?: string;
};

/** A column only when `on` holds (a staff-only column, say), for spreading into a column list. */
export const columnIf = <T,>(on: boolean, column: Column<T>): Column<T>[] => (on ? [column] : []);

export type TableProps<T> = {
  columns: Column<T>[];
  /** The accessible name, as `aria-label`; or `caption`, as a visually hidden caption. */
  label?: string;
  caption?: string;
  id?: string;
  /** Further classes of the table (`diff-table`). */
  class?: string;
  testid?: string;
  rowTestid?: (row: T) => string | undefined;
  /** Wide tables scroll sideways inside the page rather than widening it. */
  scroll?: boolean;
};

/** Every table of rows the portal draws: headings, one row per item, labelled cells. */
export const Table = <T,>(props: TableProps<T> & { rows: readonly T[] }) => {
  const table = () => (
    <table
      class={`table responsive${props.class ? ` ${props.class}` : ""}`}
      id={props.id}
      aria-label={props.label}
      data-testid={props.testid}
    >
      <Show when={props.caption}>
        <caption class="sr-only">{props.caption}</caption>
      </Show>
      <thead>
        <tr>
          <For each={props.columns}>
            {(column) => (
              <th scope="col" class={column.num ? "num" : undefined}>
                {column.header}
              </th>
            )}
          </For>
        </tr>
      </thead>
      <tbody>
        <For each={props.rows}>
          {(row) => (
            <tr data-testid={props.rowTestid?.(row)}>
              <For each={props.columns}>
                {(column) => {
                  const cls = [column.num && "num", column.class].filter(Boolean).join(" ") || undefined;
                  return column.rowHeader ? (
                    <th scope="row" class={cls} data-label={column.header}>
                      {column.cell(row)}
                    </th>
                  ) : (
                    <td class={cls} data-label={column.header}>
                      {column.cell(row)}
                    </td>
                  );
                }}
              </For>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
  return (
    <Show when={props.scroll} fallback={table()}>
      <div class="table-scroll">{table()}</div>
    </Show>
  );
};
