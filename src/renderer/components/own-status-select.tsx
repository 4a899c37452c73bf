import { useId, useState } from 'react';
import type { PresenceStatus } from '../../shared/api-contract.js';
import { OWN_STATUS_OPTIONS, ownStatusHint } from '../view/presence-view.js';

type Props = {
  /** The status the core has; null until it said. */
  status: PresenceStatus | null;
  /** Resolves to true once the core took it; a failure is reported by the caller (a notice). */
  onChange(status: PresenceStatus): Promise<boolean>;
};

/**
 * The user's own status: Online, Away or Do not disturb. The choice shows at once with a
 * spinner until the core took it; if it did not, the selector goes back to what the core has.
 * A change made in another window arrives as `presenceChanged` and shows here too.
 */
export function OwnStatusSelect({ status, onChange }: Props) {
  const [pending, setPending] = useState<PresenceStatus | null>(null);
  const selectId = useId();
  const hintId = useId();
  const shown = pending ?? status;

  const choose = async (next: PresenceStatus) => {
    // One change at a time: the core answers in order, but a second pick would race the spinner.
    if (pending !== null || next === status) return;
    setPending(next);
    await onChange(next);
    setPending(null);
  };

  return (
    <div className={`own-status presence-${shown ?? 'unknown'}`} title={ownStatusHint(shown)} data-testid="own-status" data-status={shown ?? 'unknown'}>
      <label className="visually-hidden" htmlFor={selectId}>
        Your status
      </label>
      <span className="own-status-pill">
        <span className="presence-dot" aria-hidden="true" />
        <select
          id={selectId}
          className="own-status-select"
          value={shown ?? ''}
          disabled={shown === null}
          aria-busy={pending !== null}
          aria-describedby={hintId}
          onChange={(event) => {
            const next = OWN_STATUS_OPTIONS.find((option) => option.status === event.target.value);
            if (next) void choose(next.status);
          }}
          data-testid="own-status-select"
        >
          {shown === null && (
            <option value="" disabled>
              Status…
            </option>
          )}
          {OWN_STATUS_OPTIONS.map((option) => (
            <option key={option.status} value={option.status}>
              {option.label}
            </option>
          ))}
        </select>
        <span className="own-status-chevron" aria-hidden="true" />
      </span>
      <span className="spinner-slot" aria-hidden="true">
        {pending !== null && <span className="spinner" />}
      </span>
      <span id={hintId} className="visually-hidden">
        {pending !== null ? 'Saving… ' : ''}
        {ownStatusHint(shown)}
      </span>
    </div>
  );
}
