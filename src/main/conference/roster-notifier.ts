/**
 * The notifier of one conference's event package (RFC 4575 over RFC 6665): every admitted
 * subscription gets the full roster, and each change reaches all of them as a partial document.
 * Notifications are rate-limited (RFC 4575 §4.7 leaves the rate to the focus): the first change
 * after a quiet spell goes out at once, the changes during the next `intervalMs` go out
 * together at its end — speaking indicators move many times a second, and with hundreds of
 * members each NOTIFY is sent hundreds of times.
 */
import type { Clock, TimerHandle } from '../clock.js';
import type { IncomingSubscription } from '../sip/ua/index.js';
import { CONFERENCE_INFO_CONTENT_TYPE } from './conference-info.js';
import type { ConferenceRoster } from './conference-roster.js';

/** Grants (seconds): an hour when a SUBSCRIBE asks nothing (RFC 4575 §3.5), at most an hour, no refresh more often than once a minute. */
export const CONFERENCE_GRANTS = { defaultExpires: 3600, minExpires: 60, maxExpires: 3600 } as const;
/** At most two notifications a second: speaking indicators stay live without flooding the members. */
export const ROSTER_NOTIFY_INTERVAL_MS = 500;

export interface RosterNotifierOptions {
  readonly roster: ConferenceRoster;
  readonly clock: Clock;
  readonly intervalMs?: number;
  readonly log?: (line: string) => void;
}

export class RosterNotifier {
  readonly #roster: ConferenceRoster;
  readonly #clock: Clock;
  readonly #intervalMs: number;
  readonly #log: (line: string) => void;
  /** Subscriptions by the member (id) they belong to, so a member who leaves loses theirs. */
  readonly #subscriptions = new Map<IncomingSubscription, string | undefined>();
  #timer: TimerHandle | undefined;
  #pending = false;
  #closed = false;

  constructor(options: RosterNotifierOptions) {
    this.#roster = options.roster;
    this.#clock = options.clock;
    this.#intervalMs = options.intervalMs ?? ROSTER_NOTIFY_INTERVAL_MS;
    this.#log = options.log ?? (() => undefined);
  }

  get subscriptionCount(): number {
    return this.#subscriptions.size;
  }

  /** Takes an admitted subscription (of `memberId`'s call, when known): 200 and the full roster. */
  accept(subscription: IncomingSubscription, memberId?: string): void {
    if (this.#closed) return subscription.reject(480);
    subscription.accept({ content: { contentType: CONFERENCE_INFO_CONTENT_TYPE, body: this.#roster.fullDocument() } });
    if (subscription.state !== 'active') return; // a fetch (Expires 0) got its one NOTIFY
    this.#subscriptions.set(subscription, memberId);
    subscription.onEnded(() => this.#subscriptions.delete(subscription));
  }

  /** The roster changed: notify now, or at the end of the current interval. */
  changed(): void {
    if (this.#closed) return;
    if (this.#timer) {
      this.#pending = true;
      return;
    }
    this.#send();
    this.#timer = this.#clock.setTimer(this.#intervalMs, () => this.#tick());
  }

  /** Ends the subscriptions of a member who left (`deactivated`: they may subscribe again after re-joining). */
  dropMember(memberId: string, reason = 'deactivated'): void {
    for (const [subscription, owner] of this.#subscriptions) {
      if (owner !== memberId) continue;
      this.#subscriptions.delete(subscription);
      subscription.terminate(reason);
    }
  }

  /** Ends every subscription (`noresource`: the conference is over, RFC 6665 §4.2.2) with the last state. */
  close(reason = 'noresource'): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#timer?.cancel();
    for (const subscription of this.#subscriptions.keys()) subscription.terminate(reason);
    this.#subscriptions.clear();
  }

  #tick(): void {
    this.#timer = undefined;
    if (!this.#pending) return;
    this.#pending = false;
    this.changed();
  }

  #send(): void {
    const body = this.#roster.takeChanges();
    if (body === undefined) return;
    for (const subscription of [...this.#subscriptions.keys()]) {
      try {
        subscription.notify({ contentType: CONFERENCE_INFO_CONTENT_TYPE, body });
      } catch (error) {
        this.#log(`conference: notifying a member failed: ${(error as Error).message}`);
        this.#subscriptions.delete(subscription);
      }
    }
  }
}
