/**
 * The presentity's side of RFC 3856: the user's own status, served to every watcher. A
 * subscription the P2P endpoint admitted (its device is on its identity's list) is accepted
 * with the current PIDF; each change of status is a NOTIFY to every watcher (§6.8); closing
 * ends them all with a terminating NOTIFY whose document says `closed`, so watchers show the
 * user offline at once instead of waiting for a refresh to fail.
 */
import { parseMediaType, splitHeaderList } from '../sip/message/index.js';
import type { IncomingSubscription, SipContentInit } from '../sip/ua/index.js';
import { formatPidf, PIDF_CONTENT_TYPE } from './pidf.js';
import type { PresenceState } from './presence-state.js';

/**
 * Grants (seconds): an hour when a SUBSCRIBE asks nothing (RFC 3856 §6.4), at most an hour,
 * and no refresh more often than once a minute.
 */
export const PRESENCE_GRANTS = { defaultExpires: 3600, minExpires: 60, maxExpires: 3600 } as const;

export interface PresenceNotifierOptions {
  /** Our address-of-record: the `entity` of each document (RFC 3863 §4.1.1). */
  readonly entity: string;
  /** The user's status now. */
  readonly state: () => PresenceState;
  readonly log?: (line: string) => void;
}

export class PresenceNotifier {
  readonly #options: PresenceNotifierOptions;
  readonly #log: (line: string) => void;
  readonly #watchers = new Set<IncomingSubscription>();
  #closed = false;

  constructor(options: PresenceNotifierOptions) {
    this.#options = options;
    this.#log = options.log ?? (() => undefined);
  }

  /** Active subscriptions to our presence. */
  get watcherCount(): number {
    return this.#watchers.size;
  }

  /** Takes an admitted subscription: 200 and the first NOTIFY with our status (RFC 6665 §4.2.1.2). */
  accept(subscription: IncomingSubscription): void {
    if (this.#closed) return subscription.reject(480);
    // RFC 6665 §4.2.1.1 / RFC 3856 §6.7: a watcher that takes no PIDF gets 406.
    if (!acceptsPidf(subscription.request.headers.all('Accept'))) return subscription.reject(406);
    subscription.accept({ content: this.#document(this.#options.state()) });
    // A fetch (Expires 0) has already ended with its one NOTIFY.
    if (subscription.state !== 'active') return;
    this.#watchers.add(subscription);
    subscription.onEnded(() => this.#watchers.delete(subscription));
  }

  /** The user's status changed: every watcher hears it. */
  publish(): void {
    const content = this.#document(this.#options.state());
    for (const subscription of [...this.#watchers]) {
      try {
        subscription.notify(content);
      } catch (error) {
        this.#log(`presence: notifying a watcher failed: ${(error as Error).message}`);
        this.#watchers.delete(subscription);
      }
    }
  }

  /** Ends every subscription with `terminated;reason=deactivated` and a `closed` document; later SUBSCRIBEs get 480. */
  close(): void {
    this.#closed = true;
    const content = this.#document('offline');
    for (const subscription of [...this.#watchers]) subscription.terminate('deactivated', content);
    this.#watchers.clear();
  }

  #document(state: PresenceState): SipContentInit {
    return { contentType: PIDF_CONTENT_TYPE, body: formatPidf({ entity: this.#options.entity, state }) };
  }
}

/** No Accept means PIDF (RFC 3856 §6.7); else PIDF, application/* or *\/* must be listed. */
function acceptsPidf(accept: readonly string[]): boolean {
  if (accept.length === 0) return true;
  return accept.some((value) =>
    splitHeaderList(value).some((entry) => {
      const type = parseMediaType(entry);
      if (!type) return false;
      const name = `${type.type}/${type.subtype}`.toLowerCase();
      return name === PIDF_CONTENT_TYPE || name === 'application/*' || name === '*/*';
    }),
  );
}
