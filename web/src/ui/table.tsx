import type { ReactNode } from 'react';

/** A column: header text, cell renderer, and whether it holds numbers (right-aligned). */
export interface Column<T> {
  key: string;
  header: ReactNode;
  /** The header as text, shown as the cell's label when rows stack on small screens. */
  label?: string;
  cell: (row: T) => ReactNode;
  numeric?: boolean;
}

export interface TableProps<T> {
  columns: ReadonlyArray<Column<T>>;
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Read by screen readers; visually hidden unless `showCaption`. */
  caption: string;
  showCaption?: boolean;
  /** Rows become labelled cards on small screens (default true). */
  stack?: boolean;
}

/** A data table that scrolls sideways, or stacks, on small screens. */
export function Table<T>({ columns, rows, rowKey, caption, showCaption, stack = true }: TableProps<T>) {
  return (
    <div className="ui-table-wrap">
      <table className={stack ? 'ui-table ui-table-stack' : 'ui-table'}>
        <caption className={showCaption ? undefined : 'sr-only'}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.numeric ? 'num' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td
                  key={column.key}
                  className={column.numeric ? 'num' : undefined}
                  data-label={column.label ?? (typeof column.header === 'string' ? column.header : undefined)}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
