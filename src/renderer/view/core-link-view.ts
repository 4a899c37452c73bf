import type { CoreLinkState } from '../core/core-connection.js';

/**
 * What to say about the link to the core, or null when there is nothing to say.
 * `everLoaded`: whether the UI has shown the core's data yet (then a loss is a disconnection,
 * before that it is a core that cannot be reached).
 */
export function coreLinkView(link: CoreLinkState, everLoaded: boolean): string | null {
  if (link === 'connected') return null;
  if (link === 'connecting') return 'Connecting to the Parley core…';
  return everLoaded
    ? 'Disconnected from the Parley core — reconnecting…'
    : 'Cannot reach the Parley core — retrying…';
}
