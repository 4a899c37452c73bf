import type { Contact, EventName, EventPayload, PresenceStatus } from '../../shared/api-contract.js';
import type { CommandHandlers } from '../api/api-service.js';
import type { P2pEndpoint } from '../call/p2p-endpoint.js';
import { systemClock, type Clock } from '../clock.js';
import { BuddyWatchers } from '../presence/buddy-watchers.js';
import { PRESENCE_GRANTS, PresenceNotifier } from '../presence/presence-notifier.js';
import { PRESENCE_EVENT, type PresencePeers } from '../presence/presence-watcher.js';
import type { Profile } from '../profile/profile.js';

type PresenceCommands = Pick<CommandHandlers, 'listPresence' | 'getPresence' | 'setPresence'>;

export interface NodePresenceOptions {
  readonly profile: Profile;
  readonly p2p: P2pEndpoint;
  readonly emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
  readonly clock?: Clock;
  readonly log?: (line: string) => void;
}

/**
 * Presence for the node (issue 6, RFC 3856 over the peer connections): the user's own status,
 * served to every watcher by the P2P endpoint, and each buddy's status kept current by a
 * watcher per Parley contact. The typed API shows both: get/setPresence and `presenceChanged`
 * for the user, listPresence and `buddyPresenceChanged` for the buddies.
 */
export class NodePresence {
  readonly #profile: Profile;
  readonly #emit: NodePresenceOptions['emit'];
  readonly #notifier: PresenceNotifier;
  readonly #watchers: BuddyWatchers;
  #started = false;

  constructor(options: NodePresenceOptions) {
    const { profile, p2p, log } = options;
    this.#profile = profile;
    this.#emit = options.emit;
    this.#notifier = new PresenceNotifier({ entity: profile.uri, state: () => ownStatus(profile), ...(log ? { log } : {}) });
    this.#watchers = new BuddyWatchers({ peers: presencePeers(p2p), clock: options.clock ?? systemClock, ...(log ? { log } : {}) });
    this.#watchers.on('changed', (presence) => this.#emit('buddyPresenceChanged', presence));
    p2p.serveEvents(PRESENCE_EVENT, {
      ...PRESENCE_GRANTS,
      onSubscribe: (subscription, subscriber) => {
        this.#notifier.accept(subscription);
        // They watch us, so a device of theirs is up: a buddy we thought offline is looked up again.
        this.#watchers.hint(subscriber.identity);
      },
    });
  }

  /** Starts the watchers, once the DHT can answer lookups (a lookup before would only find nothing). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#watchers.sync(this.#profile.contacts.contacts.map((contact) => contact.uri));
  }

  /** The contact list changed (`contactsChanged`): watch the buddies it names now. */
  followContacts(contacts: readonly Contact[]): void {
    if (this.#started) this.#watchers.sync(contacts.map((contact) => contact.uri));
  }

  commands(): PresenceCommands {
    return {
      listPresence: () => this.#watchers.list(),
      getPresence: () => ({ status: ownStatus(this.#profile) }),
      setPresence: async ({ status }) => {
        const changed = status !== ownStatus(this.#profile);
        await this.#profile.updateSettings({ presence: status });
        if (changed) {
          this.#emit('presenceChanged', { status });
          this.#notifier.publish();
        }
        return { status };
      },
    };
  }

  /** Watchers hear we are gone (a terminating NOTIFY each); our own subscriptions end. Before the P2P endpoint closes. */
  close(): void {
    this.#started = true; // a late start() does nothing
    this.#notifier.close();
    this.#watchers.close();
  }
}

function ownStatus(profile: Profile): PresenceStatus {
  return profile.settings.presence ?? 'online';
}

/** The P2P endpoint as the watchers see it. */
function presencePeers(p2p: P2pEndpoint): PresencePeers {
  return {
    findDevices: (identity) => p2p.findDevices(identity),
    connect: (device) => p2p.connector.connect(device.deviceKey, { relayAddresses: device.relayAddresses }),
    subscribe: (deviceKey, target, options) => p2p.subscribeAt(deviceKey, target, options),
    onConnectionClosed: (listener) =>
      p2p.connector.on('connectionClosed', ({ connection, reason }) => {
        // A connection replaced by a newer stream of the same pair loses nothing: dialogs go on over the new one.
        if (reason !== 'replaced') listener(connection.remoteDeviceKeyHex);
      }),
  };
}
