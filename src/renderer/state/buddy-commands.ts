import type { ApiResult, Contact, ParleyApi } from '../../shared/api-contract.js';
import { apiErrorMessage } from '../view/api-error-message.js';
import type { AppAction } from './app-state.js';

/**
 * What the buddy list and the history ask of the core. The ones a person waits for resolve to
 * null on success or to the sentence to show beside the control they came from.
 */
export type BuddyCommands = {
  /** Fetches the buddies and the history; each failure shows in its own card. */
  loadLists(): Promise<void>;
  /** Adds a buddy, or renames the one with this address ('' clears the name). */
  addContact(uri: string, displayName: string): Promise<string | null>;
  removeContact(uri: string): Promise<string | null>;
  /** The user has seen the missed calls; one request at a time. */
  markHistorySeen(): Promise<void>;
  clearHistory(): Promise<string | null>;
};

export function createBuddyCommands(api: ParleyApi, dispatch: (action: AppAction) => void): BuddyCommands {
  let markingSeen = false;

  async function contactsChange(request: Promise<ApiResult<Contact[]>>, failure: string): Promise<string | null> {
    const result = await request;
    if (!result.ok) return `${failure}: ${apiErrorMessage(result.error)}`;
    dispatch({ type: 'contactsLoaded', contacts: result.value });
    return null;
  }

  return {
    async loadLists() {
      const [contacts, history] = await Promise.all([api.listContacts({}), api.getHistory({})]);
      dispatch(contacts.ok ? { type: 'contactsLoaded', contacts: contacts.value } : { type: 'contactsFailed', error: contacts.error });
      dispatch(history.ok ? { type: 'historyLoaded', history: history.value } : { type: 'historyFailed', error: history.error });
    },
    addContact: (uri, displayName) => contactsChange(api.addContact({ uri, displayName }), 'Could not save the buddy'),
    removeContact: (uri) => contactsChange(api.removeContact({ uri }), 'Could not remove the buddy'),
    async markHistorySeen() {
      if (markingSeen) return;
      markingSeen = true;
      try {
        const result = await api.markHistorySeen({});
        // A failure costs only a badge that stays; it is not worth a notice.
        if (result.ok) dispatch({ type: 'historyLoaded', history: result.value });
      } finally {
        markingSeen = false;
      }
    },
    async clearHistory() {
      const result = await api.clearHistory({});
      if (!result.ok) return `Could not clear the history: ${apiErrorMessage(result.error)}`;
      dispatch({ type: 'historyLoaded', history: result.value });
      return null;
    },
  };
}
