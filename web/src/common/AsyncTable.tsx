import type { ReactNode } from 'react';
import { useI18n } from '../i18n.ts';
import { Alert } from './Alert.tsx';
import { errorText } from './errors.ts';
import type { AsyncState } from './useAsync.ts';

type Answer<T> = Pick<AsyncState<T>, 'data' | 'error'>;

/**
 * What `useAsync` has got so far: the error (as `failed` words it, by default `errorText`), "loading" while
 * there is neither an answer nor an error (not while it reloads), then `children` with the answer.
 * `announceLoading={false}` says nothing while it loads (a part below another one that already does).
 */
export function Loaded<T>({ state, failed, announceLoading = true, children }: {
  state: Answer<T>;
  failed?: (error: unknown) => string;
  announceLoading?: boolean;
  children: (data: T) => ReactNode;
}) {
  const { t } = useI18n();
  return (
    <>
      {state.error !== undefined && <Alert variant="error">{failed ? failed(state.error) : errorText(t, state.error)}</Alert>}
      {announceLoading && state.data === undefined && state.error === undefined && <p role="status">{t('app.loading')}</p>}
      {state.data !== undefined && children(state.data)}
    </>
  );
}

interface TableProps<T> {
  /** the table's own class, after the DKFDS ones */
  className: string;
  /** for screen readers */
  caption: string;
  /** the column headings; each row's cells repeat them as `data-title` (the narrow layout shows them) */
  columns: readonly string[];
  /** a last column for the row's buttons, its heading for screen readers only */
  actions?: boolean;
  /** one `<tr>` (with its key) */
  row: (item: T, index: number) => ReactNode;
}

/** A list as a DKFDS responsive table in its `kuvert-list` box, or the text saying there is nothing. */
export function ListTable<T>({ items, empty, className, caption, columns, actions, row }: TableProps<T> & { items: readonly T[]; empty: string }) {
  const { t } = useI18n();
  if (items.length === 0) return <p className="kuvert-empty">{empty}</p>;
  return (
    <div className="kuvert-list">
      <table className={`table table--compact table-md-responsive-headers ${className}`}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column, i) => <th key={i} scope="col">{column}</th>)}
            {actions && <th scope="col"><span className="sr-only">{t('dead.action')}</span></th>}
          </tr>
        </thead>
        <tbody>
          {items.map((item, i) => row(item, i))}
        </tbody>
      </table>
    </div>
  );
}

/** A list loaded with `useAsync`: the error, "loading", the text saying there is nothing, or the table. */
export function AsyncTable<T>({ state, announceLoading, ...table }: TableProps<T> & {
  state: Answer<T[]>;
  empty: string;
  announceLoading?: boolean;
}) {
  return (
    <Loaded state={state} announceLoading={announceLoading}>
      {(items) => <ListTable items={items} {...table} />}
    </Loaded>
  );
}
