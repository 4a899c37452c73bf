import type { ApiError, ParleyApi, PresenceStatus } from '../../shared/api-contract.js';
import { apiErrorMessage } from '../view/api-error-message.js';
import type { AppAction } from './app-state.js';

/** What the presence UI asks of the core. */
export type PresenceCommands = {
  /** Fetches the buddies' presence and the user's own status, side by side. */
  loadPresence(): Promise<void>;
  /**
   * Sets the user's own status; resolves to true once the core took it. A failure shows as a
   * notice and the selector goes back to the status the core has.
   */
  setOwnPresence(status: PresenceStatus): Promise<boolean>;
};

export function createPresenceCommands(api: ParleyApi, dispatch: (action: AppAction) => void): PresenceCommands {
  const fail = (what: string, error: ApiError) => dispatch({ type: 'commandFailed', what, error: { ...error, message: apiErrorMessage(error) } });

  return {
    async loadPresence() {
      const [buddies, own] = await Promise.all([api.listPresence({}), api.getPresence({})]);
      if (buddies.ok) dispatch({ type: 'buddyPresenceListed', presence: buddies.value });
      // A link lost mid-load says so in its banner, and the reconnect loads again.
      else if (buddies.error.code !== 'UNAVAILABLE') fail("Could not load your buddies' presence", buddies.error);
      if (own.ok) dispatch({ type: 'ownPresenceChanged', status: own.value.status });
      else if (own.error.code !== 'UNAVAILABLE') fail('Could not read your status', own.error);
    },
    async setOwnPresence(status) {
      const result = await api.setPresence({ status });
      if (!result.ok) {
        fail('Could not change your status', result.error);
        return false;
      }
      dispatch({ type: 'ownPresenceChanged', status: result.value.status });
      return true;
    },
  };
}
