import type { ReactElement } from 'react';

/** The waiting and failed looks of a list that loads on its own (buddies, history): one wording, one retry. */
export function ListLoadState(props: { phase: 'loading' | 'failed'; what: string; error?: string | undefined; onRetry: () => void }): ReactElement {
  if (props.phase === 'loading') {
    return (
      <p className="list-waiting" role="status">
        <span className="spinner" aria-hidden="true" />
        Loading {props.what}…
      </p>
    );
  }
  return (
    <div className="list-waiting" role="alert">
      <p>
        Could not load {props.what}: {props.error ?? 'unknown error'}
      </p>
      <button type="button" className="button" onClick={props.onRetry}>
        Try again
      </button>
    </div>
  );
}
