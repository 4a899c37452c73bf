/**
 * This node as a member of a conference another node hosts: the call to the focus, and the
 * roster the focus sends over a subscription to the conference event package (RFC 4575),
 * made once the call is up (RFC 4579 §5.2: a participant SUBSCRIBEs to learn who is there).
 * The roster follows the documents in version order (`mergeConferenceInfo`); the membership
 * ends with the call. A focus reached over plain SIP has no subscription here: the roster
 * then shows nothing but the call.
 */
import type { SipCall } from '../call/sip-call.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { SipContent, Subscription, SubscribeOptions } from '../sip/ua/index.js';
import { TypedEmitter } from '../typed-emitter.js';
import { uriHost } from './conference-address.js';
import { CONFERENCE_EVENT, CONFERENCE_INFO_CONTENT_TYPE, mergeConferenceInfo, parseConferenceInfo, type ConferenceInfo, type RosterMember } from './conference-info.js';

/**
 * Asked for 10 minutes: the call's own datagrams keep the peer connection open, so the grant
 * only bounds how long a focus that vanished without a word keeps a stale roster here (the
 * call notices sooner). The refresh comes at 9/10 of it (sip/ua/refresh-delay.ts).
 */
export const ROSTER_SUBSCRIBE_EXPIRES_S = 600;
/** A subscription that ended while the call goes on is made again after this, at most this many times. */
const RESUBSCRIBE_DELAY_MS = 2_000;
const MAX_RESUBSCRIBES = 5;

export interface MembershipPeers {
  /** SUBSCRIBE to `target` at the focus device over its open connection (P2pEndpoint.subscribeAt). */
  subscribe(deviceKey: Buffer, target: string, options: SubscribeOptions): Subscription;
}

export interface ConferenceMembershipOptions {
  /** The conference URI. */
  readonly uri: string;
  readonly call: SipCall;
  /** This node as the roster names it: its address-of-record and its device's Contact host. */
  readonly self: { readonly uri: string; readonly deviceHost: string };
  readonly peers: MembershipPeers;
  readonly clock: Clock;
  readonly log?: ((line: string) => void) | undefined;
}

export type ConferenceMembershipEvents = {
  /** The roster, subject or lock changed. */
  changed: Record<string, never>;
  speaking: { readonly speaking: readonly string[] };
  ended: { readonly reason: string };
};

export type MembershipState = 'joining' | 'active' | 'ended';

export class ConferenceMembership extends TypedEmitter<ConferenceMembershipEvents> {
  readonly uri: string;
  readonly call: SipCall;
  /** Milliseconds since the epoch. */
  readonly startedAt = Date.now();
  readonly #options: ConferenceMembershipOptions;
  readonly #log: (line: string) => void;
  #state: MembershipState = 'joining';
  #focusDevice: Buffer | undefined;
  #subject = '';
  #info: ConferenceInfo | undefined;
  #subscription: Subscription | undefined;
  #retry: TimerHandle | undefined;
  #resubscribes = 0;
  #speaking: readonly string[] = [];

  constructor(options: ConferenceMembershipOptions) {
    super();
    this.#options = options;
    this.uri = options.uri;
    this.call = options.call;
    this.#log = options.log ?? (() => undefined);
    const { call } = options;
    if (call.state === 'established') queueMicrotask(() => this.#established());
    else call.on('established', () => this.#established());
    call.on('ended', ({ reason }) => this.#end(reason));
    if (call.state === 'ended') queueMicrotask(() => this.#end('the call ended'));
  }

  get state(): MembershipState {
    return this.#state;
  }

  get subject(): string {
    return this.#info?.subject ?? this.#subject;
  }

  get locked(): boolean {
    return this.#info?.locked ?? false;
  }

  get members(): readonly RosterMember[] {
    return this.#info?.members ?? [];
  }

  /** Whether a roster entry is this node (its device, or failing that its address). */
  isSelf(member: RosterMember): boolean {
    const { self } = this.#options;
    const mine = this.members.filter((entry) => uriHost(entry.contact) === self.deviceHost);
    return mine.length > 0 ? mine.includes(member) : member.uri === self.uri;
  }

  /** Where the focus is, once known (from the conference record, or the device that called us in), and the record's subject. */
  focusFound(deviceKey: Buffer, subject?: string): void {
    this.#focusDevice = deviceKey;
    if (subject !== undefined) this.#subject = subject;
    if (this.#state === 'active' && !this.#subscription) this.#subscribe();
  }

  /** Leaves: hangs up the call to the focus (the membership ends with it). */
  leave(): void {
    this.call.hangUp();
  }

  #established(): void {
    if (this.#state !== 'joining') return;
    this.#state = 'active';
    this.emit('changed', {});
    if (this.#focusDevice) this.#subscribe();
  }

  #subscribe(): void {
    const device = this.#focusDevice;
    if (!device || this.#state !== 'active') return;
    let subscription: Subscription;
    try {
      subscription = this.#options.peers.subscribe(device, this.uri, { event: CONFERENCE_EVENT, accept: [CONFERENCE_INFO_CONTENT_TYPE], expires: ROSTER_SUBSCRIBE_EXPIRES_S });
    } catch (error) {
      this.#log(`conference: cannot subscribe to the roster of ${this.uri}: ${(error as Error).message}`);
      return;
    }
    this.#subscription = subscription;
    subscription.onNotified(({ content }) => this.#notified(content));
    subscription.onTerminated(({ reason, outcome }) => {
      if (this.#subscription !== subscription) return;
      this.#subscription = undefined;
      // `noresource`: the conference is over, and the BYE follows.
      if (this.#state !== 'active' || reason === 'noresource') return;
      this.#log(`conference: the roster subscription to ${this.uri} ended (${outcome ? `${outcome.status} ${outcome.reason}` : (reason ?? 'no reason')})`);
      // The focus ended it while the call goes on (a refresh lost, say): subscribe again, a few times.
      if (this.#resubscribes++ < MAX_RESUBSCRIBES) this.#retry = this.#options.clock.setTimer(RESUBSCRIBE_DELAY_MS, () => this.#subscribe());
    });
  }

  #notified(content: SipContent | undefined): void {
    if (!content || this.#state === 'ended') return;
    const parsed = parseConferenceInfo(content.body);
    if (!parsed.ok) return this.#log(`conference: ${this.uri} sent an unreadable roster (${parsed.error.code}: ${parsed.error.reason})`);
    const merged = mergeConferenceInfo(this.#info, parsed.info);
    if (!merged) return;
    this.#info = merged;
    this.emit('changed', {});
    const speaking = merged.members.filter((member) => member.speaking).map((member) => member.memberId);
    if (speaking.join(' ') !== this.#speaking.join(' ')) {
      this.#speaking = speaking;
      this.emit('speaking', { speaking });
    }
  }

  #end(reason: string): void {
    if (this.#state === 'ended') return;
    this.#state = 'ended';
    this.#retry?.cancel();
    const subscription = this.#subscription;
    this.#subscription = undefined;
    try {
      subscription?.unsubscribe();
    } catch (error) {
      this.#log(`conference: unsubscribing from ${this.uri} failed: ${(error as Error).message}`);
    }
    this.emit('ended', { reason });
  }
}
