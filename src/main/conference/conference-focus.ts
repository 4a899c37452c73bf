/**
 * The focus of one conference (RFC 4353 §5.1, RFC 4579): the calls of its members, each
 * answered with `isfocus` and run on the mixer shard that mixes for that member; the roster
 * and its notifications (RFC 4575); and the host's controls — mute, remove, lock, invite. A
 * member's REFER asks the focus to invite someone (RFC 4579 §5.5). Closing the focus ends the
 * conference for everyone: a BYE to each member and a last NOTIFY to each subscriber.
 *
 * The DHT record is not the focus's business (conference-record-keeper.ts): the focus only says
 * when its load changed. The mixer comes in as `FocusMixers`, so tests can give a fake.
 */
import type { CallAudioPlan } from '../call/call-audio.js';
import type { RoutedInvite } from '../call/call-endpoint.js';
import { CONFERENCE_HEADER } from '../call/answer-call.js';
import { carryOutTransfer } from '../call/carry-out-transfer.js';
import { displayNameLabel } from '../call/display-name-label.js';
import type { InviteExtras } from '../call/place-call.js';
import type { SipCall } from '../call/sip-call.js';
import { decideReferTo } from '../call/transfer-decisions.js';
import type { Clock } from '../clock.js';
import type { KeyPair } from '../identity/identity-key-pair.js';
import type { ConferenceMixers } from '../media/mixer/conference-mixers.js';
import type { AudioSinkSpec, AudioSourceSpec } from '../media/index.js';
import { formatUri, getFrom, parseContactList, type SipRequest } from '../sip/message/index.js';
import type { IncomingInvite, IncomingRefer, IncomingSubscription } from '../sip/ua/index.js';
import { TypedEmitter } from '../typed-emitter.js';
import { encodeZBase32 } from '../identity/z-base-32.js';
import { conferenceUri, uriHost } from './conference-address.js';
import { ConferenceError } from './conference-error.js';
import type { RosterMember } from './conference-info.js';
import { ConferenceRoster } from './conference-roster.js';
import { RosterNotifier } from './roster-notifier.js';

/** What the focus needs of the mixer (media/mixer/conference-mixers.ts). */
export type FocusMixers = Pick<ConferenceMixers, 'open' | 'member' | 'addLocalMember' | 'removeLocalMember' | 'setMuted' | 'close' | 'on'>;

/** The feature tag a focus puts on its Contact (RFC 4579 §3). */
export const FOCUS_FEATURES: readonly string[] = ['isfocus'];

/**
 * Members one focus takes: issue 7's mixer target is 200 members on a 2-core machine with
 * loudest-speaker mixing. A full focus turns newcomers away with 486 until a second focus
 * can take them (DESIGN.md, "Secondary focus").
 */
export const DEFAULT_FOCUS_CAPACITY = 200;

/** The host's own entry in the mixer and roster. */
export const HOST_MEMBER_ID = 'host';

/** A local member's audio: what it says into the conference and where what it hears goes. */
export interface LocalIo {
  readonly source: AudioSourceSpec;
  readonly sink: AudioSinkSpec;
}

export interface ConferenceFocusOptions {
  readonly keyPair: KeyPair;
  readonly subject: string;
  /** The host: the node's address-of-record, its name, and its Contact (the roster's endpoint). */
  readonly host: { readonly uri: string; readonly displayName: string | null; readonly contact: string };
  readonly mixers: FocusMixers;
  /** The host's own microphone and speaker (devices, or WAV files headless); absent: the host only hosts. */
  readonly localIo?: LocalIo | undefined;
  readonly capacity?: number | undefined;
  readonly clock: Clock;
  /** Calls `target` into the conference (untracked, with `extras`) through the endpoint its address needs. */
  readonly callOut?: ((target: string, plan: CallAudioPlan, extras: InviteExtras) => Promise<SipCall>) | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

export type ConferenceFocusEvents = {
  /** The roster or the lock changed. */
  changed: Record<string, never>;
  /** The members the mixer mixes now (their ids). */
  speaking: { readonly speaking: readonly string[] };
  /** Members joined or left: the record's load is due for an update. */
  loadChanged: { readonly load: number };
  ended: { readonly reason: string };
};

/** A member's call, from the moment the focus took it. */
interface MemberCall {
  readonly memberId: string;
  readonly call: SipCall;
  readonly uri: string;
  readonly contact: string;
  readonly displayName: string | null;
}

export class ConferenceFocus extends TypedEmitter<ConferenceFocusEvents> {
  readonly uri: string;
  /** The mixer's id for this conference: the conference key in z-base-32. */
  readonly conferenceId: string;
  readonly keyPair: KeyPair;
  readonly capacity: number;
  /** Milliseconds since the epoch. */
  readonly startedAt = Date.now();
  readonly #options: ConferenceFocusOptions;
  readonly #roster: ConferenceRoster;
  readonly #notifier: RosterNotifier;
  readonly #calls = new Map<string, MemberCall>();
  readonly #log: (line: string) => void;
  readonly #offMixer: () => void;
  #nextMember = 1;
  #hostTakesPart = false;
  #closing: Promise<void> | undefined;

  private constructor(options: ConferenceFocusOptions) {
    super();
    this.#options = options;
    this.keyPair = options.keyPair;
    this.uri = conferenceUri(options.keyPair.publicKey);
    this.conferenceId = encodeZBase32(options.keyPair.publicKey);
    this.capacity = options.capacity ?? DEFAULT_FOCUS_CAPACITY;
    this.#log = options.log ?? (() => undefined);
    this.#roster = new ConferenceRoster(this.uri, options.subject);
    this.#notifier = new RosterNotifier({ roster: this.#roster, clock: options.clock, log: this.#log });
    const offSpeaking = options.mixers.on('speaking', ({ conferenceId, speaking }) => {
      if (conferenceId === this.conferenceId) this.#speaking(speaking);
    });
    // A shard that failed took its members' sessions with it: their calls end on their own.
    const offFailed = options.mixers.on('failed', ({ conferenceId, reason }) => {
      if (conferenceId === this.conferenceId) this.#log(`conference: a mixer shard of ${this.uri} failed: ${reason}`);
    });
    this.#offMixer = () => (offSpeaking(), offFailed());
  }

  /** Opens the mixer and, when `localIo` is given, puts the host's microphone and speaker in it. */
  static async open(options: ConferenceFocusOptions): Promise<ConferenceFocus> {
    const focus = new ConferenceFocus(options);
    try {
      await options.mixers.open(focus.conferenceId);
    } catch (error) {
      focus.#offMixer();
      throw new ConferenceError('CONFERENCE_UNAVAILABLE', `the conference mixer could not start: ${(error as Error).message}`, { cause: error });
    }
    if (options.localIo) await focus.#addHost(options.localIo);
    return focus;
  }

  get subject(): string {
    return this.#roster.subject;
  }

  get locked(): boolean {
    return this.#roster.locked;
  }

  get members(): readonly RosterMember[] {
    return this.#roster.members;
  }

  /** Members with a call into the focus (the host's own microphone is not a call). */
  get load(): number {
    return this.#calls.size;
  }

  get ended(): boolean {
    return this.#closing !== undefined;
  }

  /** What becomes of an INVITE to this conference: 403 when locked, 486 when full, else answered on the member's mixer shard. */
  route(invite: IncomingInvite): RoutedInvite {
    if (this.#closing) return { refuse: { status: 480, reason: 'Conference Ended' } };
    if (this.#roster.locked) return { refuse: { status: 403, reason: 'Conference Locked' } };
    if (this.load >= this.capacity) return { refuse: { status: 486, reason: 'Conference Full' } };
    const memberId = this.#newMemberId();
    const plan = this.#memberPlan(memberId);
    const uri = formatUri(invite.from.uri);
    return {
      plan,
      contactFeatures: FOCUS_FEATURES,
      taken: (call) => this.#take({ memberId, call, uri, contact: contactOf(invite.request) ?? uri, displayName: displayNameLabel(invite.from.displayName) }),
    };
  }

  /**
   * A SUBSCRIBE to this conference's event package: a member's device (or, over plain SIP, the
   * address of a member) gets the roster; anyone else 403.
   */
  subscribe(subscription: IncomingSubscription, subscriber: { readonly uri: string; readonly deviceHost?: string | undefined }): void {
    if (this.#closing) return subscription.reject(480);
    const candidates = [...this.#calls.values()].filter((member) => member.uri === subscriber.uri);
    const member = candidates.find((candidate) => subscriber.deviceHost !== undefined && uriHost(candidate.contact) === subscriber.deviceHost) ?? candidates[0];
    if (!member) return subscription.reject(403);
    this.#notifier.accept(subscription, member.memberId);
    // Someone the focus called in gave no name in their answer; their SUBSCRIBE's From does (a label).
    const from = getFrom(subscription.request);
    const name = from.ok ? displayNameLabel(from.value.displayName) : null;
    if (name !== null && this.#roster.find(member.memberId)?.displayName === null && this.#roster.setDisplayName(member.memberId, name)) this.#changed();
  }

  /** Host only: the focus stops (or resumes) mixing a member's audio; every roster shows it. */
  async setMuted(memberId: string, muted: boolean): Promise<void> {
    const member = this.#roster.find(memberId);
    if (!member) throw new ConferenceError('CONFERENCE_MEMBER_NOT_FOUND', `no member ${memberId.slice(0, 64)} in ${this.uri}`);
    await this.#options.mixers.setMuted(this.conferenceId, memberId, muted);
    if (this.#roster.setMuted(memberId, muted)) this.#changed();
  }

  /** Host only: ends a member's call (BYE from the focus), or takes a bot out. */
  async remove(memberId: string): Promise<void> {
    const member = this.#calls.get(memberId);
    if (member) return member.call.hangUp();
    if (memberId === HOST_MEMBER_ID) throw new ConferenceError('CONFERENCE_MEMBER_NOT_FOUND', 'the host cannot remove themselves; leave the conference to end it');
    await this.removeLocalMember(memberId);
  }

  /** Host only: a locked conference turns new joiners away with 403. */
  setLocked(locked: boolean): void {
    if (this.#roster.setLocked(locked)) this.#changed();
  }

  /**
   * The focus calls `target` into the conference (RFC 4579 §5.4): an INVITE with `isfocus` and
   * the conference named, answered on a mixer shard like any member's. Resolves with the call.
   */
  async invite(target: string, displayName: string | null = null): Promise<SipCall> {
    const callOut = this.#options.callOut;
    if (this.#closing || !callOut) throw new ConferenceError('CONFERENCE_UNAVAILABLE', this.#closing ? 'the conference has ended' : 'this focus cannot place calls');
    if (this.load >= this.capacity) throw new ConferenceError('CONFERENCE_UNAVAILABLE', 'the conference is full');
    const memberId = this.#newMemberId();
    const call = await callOut(target, this.#memberPlan(memberId), { contactFeatures: FOCUS_FEATURES, headers: [[CONFERENCE_HEADER, `<${this.uri}>`]] });
    this.#take({ memberId, call, uri: target, contact: target, displayName: call.remoteDisplayName ?? displayNameLabel(displayName ?? undefined) });
    return call;
  }

  /** Ends the conference: the last NOTIFY to every subscriber, a BYE to every member, the mixer closed. Once. */
  close(reason = 'the host ended the conference'): Promise<void> {
    this.#closing ??= (async () => {
      this.#notifier.close('noresource');
      const calls = [...this.#calls.values()].map((member) => member.call);
      for (const call of calls) call.hangUp();
      await Promise.all(calls.map((call) => call.settled()));
      this.#offMixer();
      await this.#options.mixers.close(this.conferenceId).catch((error: Error) => this.#log(`conference: closing the mixer of ${this.uri} failed: ${error.message}`));
      this.emit('ended', { reason });
    })();
    return this.#closing;
  }

  /**
   * A member without a call, mixed on this node: the host's own microphone and speaker, or a
   * bot playing a file (the demo's conference room). In the roster as `who` says.
   */
  async addLocalMember(memberId: string, io: LocalIo, who: { readonly uri: string; readonly displayName: string | null; readonly contact?: string }): Promise<void> {
    if (this.#closing) throw new ConferenceError('CONFERENCE_UNAVAILABLE', 'the conference has ended');
    if (this.#roster.find(memberId) || this.#calls.has(memberId)) throw new ConferenceError('CONFERENCE_UNAVAILABLE', `${memberId.slice(0, 64)} is in the conference already`);
    await this.#options.mixers.addLocalMember(this.conferenceId, memberId, io);
    const role = memberId === HOST_MEMBER_ID ? 'host' : 'member';
    this.#roster.add({ memberId, uri: who.uri, contact: who.contact ?? who.uri, displayName: who.displayName, joinedAt: Date.now(), muted: false, speaking: false, role });
    this.#changed();
  }

  /** Takes a local member (a bot) out of the mix and the roster. */
  async removeLocalMember(memberId: string): Promise<void> {
    if (!this.#roster.find(memberId) || this.#calls.has(memberId)) throw new ConferenceError('CONFERENCE_MEMBER_NOT_FOUND', `no local member ${memberId.slice(0, 64)} in ${this.uri}`);
    await this.#options.mixers.removeLocalMember(this.conferenceId, memberId);
    if (memberId === HOST_MEMBER_ID) this.#hostTakesPart = false;
    if (this.#roster.remove(memberId)) this.#changed();
  }

  async #addHost(io: LocalIo): Promise<void> {
    const { host } = this.#options;
    try {
      await this.addLocalMember(HOST_MEMBER_ID, io, host);
    } catch (error) {
      // No sound card must not cost the conference: the host hosts, unheard, and the log says why.
      this.#log(`conference: the host's own audio could not join ${this.uri}: ${(error as Error).message}`);
      return;
    }
    this.#hostTakesPart = true;
  }

  #newMemberId(): string {
    return `m${this.#nextMember++}`;
  }

  #memberPlan(memberId: string): CallAudioPlan {
    const port = this.#options.mixers.member(this.conferenceId, memberId);
    return { source: port.source, sink: port.sink, endCallWhenSourceEnds: false, mediaWorker: port.worker };
  }

  /** A member's call, taken: in the roster once established, out of it when it ends. */
  #take(member: MemberCall): void {
    const { call, memberId } = member;
    this.#calls.set(memberId, member);
    this.emit('loadChanged', { load: this.load });
    call.takeRefers((refer) => this.#referred(refer, member));
    const join = (): void => {
      if (this.#closing || !this.#calls.has(memberId)) return;
      this.#roster.add({ memberId, uri: member.uri, contact: member.contact, displayName: call.remoteDisplayName ?? member.displayName, joinedAt: Date.now(), muted: false, speaking: false, role: 'member' });
      this.#changed();
    };
    if (call.state === 'established') join();
    else call.on('established', join);
    call.on('ended', () => {
      this.#calls.delete(memberId);
      this.#notifier.dropMember(memberId);
      this.emit('loadChanged', { load: this.load });
      if (this.#roster.remove(memberId) && !this.#closing) this.#changed();
    });
  }

  /** RFC 4579 §5.5: a member asks the focus, with REFER in its own dialog, to call someone in. */
  #referred(refer: IncomingRefer, from: MemberCall): void {
    const decision = decideReferTo(refer.referTo);
    if (!decision.ok) return refer.reject(decision.status, decision.reason);
    if (this.#roster.locked) return refer.reject(403, 'Conference Locked');
    if (!this.#options.callOut) return refer.reject(501, 'Not Implemented');
    carryOutTransfer(refer, decision.target, {
      place: (target) => this.invite(target.uri, target.displayName),
      reportable: () => from.call.state === 'established',
      succeeded: () => undefined,
      failed: () => undefined,
      log: this.#log,
    });
  }

  #speaking(speaking: readonly string[]): void {
    if (this.#roster.setSpeaking(speaking)) this.#notifier.changed();
    this.emit('speaking', { speaking: speaking.filter((memberId) => this.#roster.find(memberId) !== undefined) });
  }

  #changed(): void {
    this.#notifier.changed();
    this.emit('changed', {});
  }

  /** Whether the host's own microphone and speaker take part. */
  get hostTakesPart(): boolean {
    return this.#hostTakesPart;
  }
}

/** The URI of a request's first Contact, or undefined. */
function contactOf(request: SipRequest): string | undefined {
  const contacts = parseContactList(request.headers.all('Contact'));
  const first = contacts?.kind === 'list' ? contacts.contacts[0] : undefined;
  return first ? formatUri(first.address.uri) : undefined;
}
