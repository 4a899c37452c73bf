import { useRef } from 'react';
import type { NoticeEntry } from '../state/app-state.js';
import { Icon } from './icon.js';

type Props = {
  notices: readonly NoticeEntry[];
  onDismiss(key: string): void;
  /** Where focus goes when the last notice is dismissed. */
  focusAfterLast(): void;
};

const LEVEL_LABEL = { info: 'Information', warning: 'Warning', error: 'Error' } as const;

/** Notices from the core (e.g. a corrupt settings file moved aside) and from failed commands. */
export function NoticeList({ notices, onDismiss, focusAfterLast }: Props) {
  const listRef = useRef<HTMLUListElement>(null);
  if (notices.length === 0) return null;

  const dismiss = (index: number, key: string) => {
    // Keep keyboard focus in place: on the next notice's button, else wherever the app says.
    const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('.notice-dismiss');
    const next = buttons?.[index + 1] ?? buttons?.[index - 1];
    onDismiss(key);
    if (next) next.focus();
    else focusAfterLast();
  };

  return (
    <section className="notices" aria-label="Notices">
      <ul ref={listRef} className="notice-list">
        {notices.map((notice, index) => (
          <li
            key={notice.key}
            className={`notice notice-${notice.level}`}
            role={notice.level === 'info' ? 'status' : 'alert'}
            data-code={notice.code}
          >
            <Icon name={notice.level} className="notice-icon" />
            <p className="notice-message">
              <span className="visually-hidden">{LEVEL_LABEL[notice.level]}: </span>
              {notice.message}
            </p>
            <button
              type="button"
              className="icon-button notice-dismiss"
              aria-label={`Dismiss: ${notice.message}`}
              onClick={() => dismiss(index, notice.key)}
            >
              <Icon name="close" />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
