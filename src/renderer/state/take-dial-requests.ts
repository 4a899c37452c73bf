import type { ParleyApi } from '../../shared/api-contract.js';
import type { AppAction } from './app-state.js';

/**
 * Takes the `sip:` links waiting in the core and shows the newest in the dialer. Called when
 * the UI loads (a link may have started the app) and whenever one is opened.
 */
export async function takeDialRequests(api: ParleyApi, dispatch: (action: AppAction) => void): Promise<void> {
  const result = await api.takeDialRequests({});
  const newest = result.ok ? result.value.at(-1) : undefined;
  if (newest !== undefined) dispatch({ type: 'dialRequested', uri: newest });
}
