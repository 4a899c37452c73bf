import { useId, useRef, useState } from 'react';
import type { Contact } from '../../shared/api-contract.js';
import type { DialState, Loaded } from '../state/app-state.js';
import type { BuddyCommands } from '../state/buddy-commands.js';
import { buddyStatus, type PresenceState } from '../state/presence-state.js';
import { filterContacts } from '../view/contact-view.js';
import { partyKey } from '../view/party-key.js';
import { keepOrder, orderByPresence } from '../view/presence-view.js';
import { BuddyAddForm } from './buddy-add-form.js';
import { BuddyRow } from './buddy-row.js';
import { Icon } from './icon.js';
import { ListLoadState } from './list-load-state.js';
import { useHeldOrder } from './use-held-order.js';

type Props = {
  contacts: Loaded<readonly Contact[]>;
  /** The buddies' presence: each row shows it, and those who can be reached come first. */
  presence: PresenceState;
  /** The dialer, through which a buddy is called: its progress shows on the buddy's button. */
  dial: DialState;
  commands: Pick<BuddyCommands, 'addContact' | 'removeContact'>;
  onCall(uri: string): void;
  onRetry(): void;
};

export const BUDDIES_EMPTY_TEXT = 'No buddies yet. People you add will show here with their presence.';

/** The buddies with their presence: add one by address, invite link or QR code; find, call, rename and remove them. */
export function BuddyList({ contacts, presence, dial, commands, onCall, onRetry }: Props) {
  const [query, setQuery] = useState('');
  const [adding, setAdding] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const sectionRef = useRef<HTMLElement>(null);
  const addButtonRef = useRef<HTMLButtonElement>(null);
  const formId = useId();
  const searchId = useId();

  const all = contacts.phase === 'ready' ? contacts.value : [];
  const statusOf = (uri: string) => buddyStatus(presence, uri);
  const sorted = orderByPresence(filterContacts(all, query), statusOf);
  const held = useHeldOrder(sorted.map((contact) => contact.uri));
  const shown = held.order === null ? sorted : keepOrder(held.order, sorted, (contact) => contact.uri);
  const callingKey = dial.placing ? partyKey(dial.uri) : null;

  const closeForm = (added: string | null) => {
    setAdding(false);
    if (added !== null) setAnnouncement(`Saved ${added} in your buddies.`);
    addButtonRef.current?.focus();
  };

  return (
    <section ref={sectionRef} className="card buddies" aria-labelledby="buddies-heading" data-section="buddies" tabIndex={-1} aria-busy={contacts.phase === 'loading'}>
      <div className="card-head">
        <h2 id="buddies-heading" className="card-title">
          <Icon name="people" className="card-title-icon" />
          Buddies
          {all.length > 0 && (
            <span className="count-badge" data-testid="buddy-count">
              {all.length}
            </span>
          )}
        </h2>
        <button
          ref={addButtonRef}
          type="button"
          className="button button-quiet"
          aria-expanded={adding}
          aria-controls={adding ? formId : undefined}
          disabled={contacts.phase !== 'ready'}
          onClick={() => setAdding((open) => !open)}
        >
          <Icon name="plus" />
          Add buddy
        </button>
      </div>

      {adding && (
        <div id={formId}>
          <BuddyAddForm contacts={all} onSave={commands.addContact} onClose={closeForm} />
        </div>
      )}

      {contacts.phase === 'loading' || contacts.phase === 'failed' ? (
        <ListLoadState phase={contacts.phase} what="your buddies" error={contacts.phase === 'failed' ? contacts.error.message : undefined} onRetry={onRetry} />
      ) : all.length === 0 ? (
        <p className="empty-state" data-testid="buddies-empty">
          {BUDDIES_EMPTY_TEXT}
        </p>
      ) : (
        <>
          <div className="search-field">
            <label className="visually-hidden" htmlFor={searchId}>
              Find a buddy by name or address
            </label>
            <Icon name="search" className="search-icon" />
            <input
              id={searchId}
              className="text-input search-input"
              type="search"
              placeholder="Find by name or address"
              autoComplete="off"
              spellCheck={false}
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Escape' && query !== '') {
                  event.preventDefault();
                  setQuery('');
                }
              }}
              data-testid="buddy-search"
            />
          </div>
          {shown.length === 0 ? (
            <p className="empty-state" data-testid="buddies-no-match">
              No buddy matches “{query.trim()}”.
            </p>
          ) : (
            <ul className="buddy-list" aria-label={query.trim() === '' ? 'Buddies' : `Buddies matching ${query.trim()}`} data-testid="buddy-list" {...held.handlers}>
              {shown.map((contact) => (
                <BuddyRow
                  key={contact.uri}
                  contact={contact}
                  presence={statusOf(contact.uri)}
                  calling={callingKey !== null && partyKey(contact.uri) === callingKey}
                  dialBusy={dial.placing}
                  onCall={onCall}
                  onRename={commands.addContact}
                  onRemove={commands.removeContact}
                  onChanged={(message, removed) => {
                    setAnnouncement(message);
                    // The removed row took the focus with it (and no blur event says so).
                    if (removed) {
                      held.release('focus');
                      sectionRef.current?.focus();
                    }
                  }}
                />
              ))}
            </ul>
          )}
        </>
      )}
      <p className="visually-hidden" role="status" data-testid="buddies-status">
        {announcement}
      </p>
    </section>
  );
}
