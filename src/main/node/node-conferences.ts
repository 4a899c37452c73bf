import type { ConferenceMember, ConferenceView, EventName, EventPayload } from '../../shared/api-contract.js';
import type { CommandHandlers } from '../api/api-service.js';
import type { CallAudioPlan, CallAudioPolicy } from '../call/call-audio.js';
import type { InviteRouter } from '../call/call-endpoint.js';
import { deviceHost } from '../call/parley-address.js';
import type { P2pEndpoint, Reachable } from '../call/p2p-endpoint.js';
import type { InviteExtras } from '../call/place-call.js';
import type { PlainSipEndpoint } from '../call/plain-sip-endpoint.js';
import type { SipCall } from '../call/sip-call.js';
import { TRANSFER_TIMEOUT_MS } from '../call/transfer-decisions.js';
import { systemClock, type Clock } from '../clock.js';
import { conferenceKeyOf, conferenceUri, isConferenceUri } from '../conference/conference-address.js';
import { ConferenceError } from '../conference/conference-error.js';
import { ConferenceFocus, HOST_MEMBER_ID, type FocusMixers } from '../conference/conference-focus.js';
import { CONFERENCE_EVENT, type RosterMember } from '../conference/conference-info.js';
import { ConferenceKeys, type KeptConference } from '../conference/conference-keys.js';
import { ConferenceMembership } from '../conference/conference-membership.js';
import { ConferenceRecordKeeper } from '../conference/conference-record-keeper.js';
import { ConferenceRecordStore, lookUpFocus, type ConferenceRecordDht } from '../conference/conference-record-store.js';
import { routeConferenceInvite } from '../conference/conference-routing.js';
import { addressOfRecord, identityKeyOf } from '../identity/address-of-record.js';
import type { KeyPair } from '../identity/identity-key-pair.js';
import type { AudioSinkSpec, AudioSourceSpec } from '../media/index.js';
import { CONFERENCE_GRANTS } from '../conference/roster-notifier.js';
import { formatUri } from '../sip/message/index.js';
import type { Profile } from '../profile/profile.js';

type ConferenceCommands = Pick<
  CommandHandlers,
  'listConferences' | 'createConference' | 'joinConference' | 'leaveConference' | 'inviteToConference' | 'mergeIntoConference' | 'setMemberMuted' | 'removeMember' | 'setConferenceLocked'
>;

/**
 * How long `createConference` waits for the record to be stored before it hands out the URI
 * anyway (the keeper goes on trying): a member who dials before that finds no record.
 */
const FIRST_PUBLISH_WAIT_MS = 15_000;

export interface NodeConferencesOptions {
  readonly profile: Profile;
  /** This device's key pair: the focus device the record names. */
  readonly device: KeyPair;
  readonly p2p: P2pEndpoint;
  readonly sip?: PlainSipEndpoint | undefined;
  readonly dht: ConferenceRecordDht;
  /** The mixer, made on first use (worker threads), closed with the node. */
  readonly mixers: () => FocusMixers & { closeAll(): Promise<void> };
  /** The host's own microphone and speaker (the node's audio policy: devices, or `--play`/`--record` files). */
  readonly hostAudio: CallAudioPolicy;
  /** Places a call as the user's call (the active one goes on hold first): NodeCalls. */
  readonly placeCall: (uri: string) => Promise<SipCall>;
  /** Blind transfer of one of the user's calls (NodeCalls' transferCall): merging REFERs the other party to the conference. */
  readonly transferCall: (callId: string, uri: string) => Promise<void>;
  readonly findCall: (callId: string) => SipCall;
  readonly emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;
  readonly clock?: Clock | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

/** A conference this node hosts: its focus and the keeper of its record. */
interface Hosted {
  readonly focus: ConferenceFocus;
  readonly keeper: ConferenceRecordKeeper;
}

/**
 * Conferences for the node (issue 7): the ones it hosts — their focus, their record in the
 * DHT, their keys in the profile — and the ones it has joined, as the typed API shows them.
 * INVITEs and SUBSCRIBEs for a hosted conference reach its focus through both endpoints (a
 * plain SIP phone dials the conference key as the user part); calling a conference URI looks
 * its record up and calls the focus device; an INVITE from a focus (`isfocus`, a conference
 * named) becomes a membership when answered.
 */
export class NodeConferences {
  readonly #options: NodeConferencesOptions;
  readonly #store: ConferenceRecordStore;
  readonly #clock: Clock;
  readonly #log: (line: string) => void;
  /** Hosted conferences by conference key (hex). */
  readonly #hosted = new Map<string, Hosted>();
  /** Joined conferences by URI. */
  readonly #joined = new Map<string, ConferenceMembership>();
  #keys: Promise<ConferenceKeys> | undefined;
  #mixers: (FocusMixers & { closeAll(): Promise<void> }) | undefined;
  #closed = false;

  constructor(options: NodeConferencesOptions) {
    this.#options = options;
    this.#store = new ConferenceRecordStore(options.dht);
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log ?? (() => undefined);
    const router: InviteRouter = (invite) => routeConferenceInvite(invite, (key) => this.#hosted.get(key.toString('hex'))?.focus);
    options.p2p.routeInvites(router);
    options.sip?.routeInvites(router);
    options.p2p.serveEvents(CONFERENCE_EVENT, {
      ...CONFERENCE_GRANTS,
      onSubscribe: (subscription, subscriber) => {
        const hosted = this.#hostedAt(subscription.request.requestUri);
        if (!hosted) return subscription.reject(404);
        hosted.focus.subscribe(subscription, { uri: addressOfRecord(subscriber.identity), deviceHost: deviceHost(subscriber.deviceKey) });
      },
    });
    // A focus that calls us in: the call rings as any; answered, it is a membership.
    options.p2p.on('callAdded', ({ call }) => {
      const uri = call.summary.conference;
      if (call.summary.direction === 'incoming' && uri !== undefined && isConferenceUri(uri) && !this.#joined.has(uri)) {
        const focusDevice = /^PARLEY ([0-9a-f]{64}):/.exec(call.summary.source ?? '')?.[1];
        this.#join(uri, call, focusDevice ? Buffer.from(focusDevice, 'hex') : undefined);
      }
    });
  }

  /**
   * Calls a conference URI (`placeCall`, `joinConference`, `parley call`): the record is looked
   * up, the chosen focus device connected and the URI INVITEd there.
   */
  call(uri: string): SipCall {
    const key = conferenceKeyOf(uri);
    if (!key) throw new ConferenceError('CONFERENCE_NOT_FOUND', `${uri.slice(0, 200)} is not a conference URI`);
    const target = conferenceUri(key);
    if (this.#hosted.has(key.toString('hex'))) throw new ConferenceError('CONFERENCE_ALREADY_JOINED', 'this node hosts that conference: you are in it already');
    const current = this.#joined.get(target);
    if (current && current.state !== 'ended') throw new ConferenceError('CONFERENCE_ALREADY_JOINED', `you are in ${target} already`);
    // Filled in once the call exists; the lookup runs on a later turn.
    const joining: { membership?: ConferenceMembership } = {};
    const devices = async (): Promise<Reachable[]> => {
      const found = await lookUpFocus(this.#store, key);
      if (!found.ok) {
        this.#log(`conference: cannot join ${target}: ${found.reason}`);
        return [];
      }
      joining.membership?.focusFound(found.focus.deviceKey, found.record.subject);
      return found.focus.deviceKey.equals(this.#options.device.publicKey) ? [] : [{ deviceKey: found.focus.deviceKey, relayAddresses: [] }];
    };
    const call = this.#options.p2p.place(target, { devices });
    joining.membership = this.#join(target, call, undefined);
    return call;
  }

  /** Hosts the conference this profile hosted last (its URI again), or a new one: `parley conference`. */
  async hostKept(subject: string | undefined): Promise<ConferenceFocus> {
    const keys = await this.#keysFile();
    const kept = keys.latest();
    return this.#host(kept && (subject === undefined || kept.subject === subject) ? kept : await keys.create(subject ?? this.#defaultSubject()));
  }

  commands(): ConferenceCommands {
    return {
      listConferences: () => [...[...this.#hosted.values()].map(({ focus }) => hostView(focus)), ...[...this.#joined.values()].filter((m) => m.state !== 'ended').map(memberView)],
      createConference: async ({ subject }) => {
        const kept = await (await this.#keysFile()).create(subject || this.#defaultSubject());
        return hostView(await this.#host(kept));
      },
      joinConference: async ({ uri }) => {
        const call = await this.#options.placeCall(uri);
        const membership = this.#joined.get(call.summary.to);
        if (!membership) throw new ConferenceError('CONFERENCE_UNAVAILABLE', `the call to ${uri.slice(0, 200)} is not a conference call`);
        return memberView(membership);
      },
      leaveConference: async ({ uri }) => {
        const hosted = this.#hostedAt(uri);
        if (hosted) {
          await this.#end(hosted, 'the host ended the conference');
          await (await this.#keysFile()).forget(hosted.focus.keyPair.publicKey);
          return { uri: hosted.focus.uri };
        }
        const membership = this.#findJoined(uri);
        membership.leave();
        return { uri: membership.uri };
      },
      inviteToConference: async ({ uri, invitee }) => {
        const hosted = this.#hostedAt(uri);
        if (hosted) {
          // A buddy's name from the contact list, until their own (their SUBSCRIBE's From) arrives.
          const contact = this.#options.profile.contacts.contacts.find((entry) => entry.uri === invitee);
          await hosted.focus.invite(invitee, contact?.displayName || null);
          return hostView(hosted.focus);
        }
        // RFC 4579 §5.5: a member asks the focus, with REFER in its call, to invite someone.
        const membership = this.#findJoined(uri);
        await membership.call.refer(invitee, { clock: this.#clock, timeoutMs: TRANSFER_TIMEOUT_MS });
        return memberView(membership);
      },
      mergeIntoConference: async ({ callId }) => {
        const call = this.#options.findCall(callId);
        const name = call.remoteDisplayName ?? (call.summary.direction === 'incoming' ? call.summary.from : call.summary.to);
        const kept = await (await this.#keysFile()).create(`${this.#options.profile.settings.displayName} and ${name}`.slice(0, 128));
        const focus = await this.#host(kept);
        // The other party is REFERred to the conference (a blind transfer): their call to the
        // focus replaces ours, and we are in it through our own microphone.
        await this.#options.transferCall(callId, focus.uri);
        return hostView(focus);
      },
      setMemberMuted: async ({ uri, memberId, muted }) => {
        const { focus } = this.#requireHost(uri);
        await focus.setMuted(memberId, muted);
        return hostView(focus);
      },
      removeMember: async ({ uri, memberId }) => {
        const { focus } = this.#requireHost(uri);
        await focus.remove(memberId);
        return hostView(focus);
      },
      setConferenceLocked: ({ uri, locked }) => {
        const { focus } = this.#requireHost(uri);
        focus.setLocked(locked);
        return hostView(focus);
      },
    };
  }

  /**
   * A member without a call in a hosted conference: a bot playing a file (the demo's conference
   * room: `source` a WAV or a tone, `sink` null). Its `memberId` is the one mute and remove take.
   */
  async addLocalMember(uri: string, member: { readonly memberId: string; readonly displayName: string; readonly source: AudioSourceSpec; readonly sink?: AudioSinkSpec }): Promise<ConferenceView> {
    const { focus } = this.#requireHost(uri);
    const botUri = `sip:${encodeURIComponent(member.memberId)}@${focus.conferenceId}.bot.parley.invalid`;
    await focus.addLocalMember(member.memberId, { source: member.source, sink: member.sink ?? { kind: 'null' } }, { uri: botUri, displayName: member.displayName });
    return hostView(focus);
  }

  /** The node's microphone mute: the host's own voice in each conference it hosts follows it. */
  async applyMute(muted: boolean): Promise<void> {
    const hosts = [...this.#hosted.values()].filter(({ focus }) => focus.hostTakesPart);
    await Promise.allSettled(hosts.map(({ focus }) => focus.setMuted(HOST_MEMBER_ID, muted)));
  }

  /** Ends every hosted conference (a BYE to each member) and leaves the joined ones; before the endpoints close. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const membership of this.#joined.values()) membership.leave();
    await Promise.all([...this.#hosted.values()].map((hosted) => this.#end(hosted, 'the host left')));
    await this.#mixers?.closeAll().catch((error: Error) => this.#log(`conference: closing the mixers failed: ${error.message}`));
  }

  async #host(kept: KeptConference): Promise<ConferenceFocus> {
    if (this.#closed) throw new ConferenceError('CONFERENCE_UNAVAILABLE', 'the node is closing');
    const id = kept.keyPair.publicKey.toString('hex');
    const running = this.#hosted.get(id);
    if (running) return running.focus;
    const { profile, device, p2p } = this.#options;
    const plan = this.#options.hostAudio({ callId: `conference-${id.slice(0, 8)}`, direction: 'outgoing', ordinal: 1 });
    const focus = await ConferenceFocus.open({
      keyPair: kept.keyPair,
      subject: kept.subject,
      host: { uri: profile.uri, displayName: profile.settings.displayName, contact: formatUri(p2p.ua.endpoint.contactUri('PARLEY')) },
      mixers: (this.#mixers ??= this.#options.mixers()),
      // A node with neither devices nor files (auto-answering, headless) only hosts.
      localIo: plan.source.kind === 'silence' && plan.sink.kind === 'null' ? undefined : { source: plan.source, sink: plan.sink },
      clock: this.#clock,
      callOut: (target, memberPlan, extras) => this.#callOut(target, memberPlan, extras),
      log: this.#log,
    });
    const keeper = new ConferenceRecordKeeper({
      store: this.#store,
      conference: kept.keyPair,
      subject: kept.subject,
      foci: () => [{ deviceKey: device.publicKey, identity: profile.identity.publicKey, role: 'primary', capacity: focus.capacity, load: focus.load }],
      clock: this.#clock,
    });
    const hosted = { focus, keeper };
    this.#hosted.set(id, hosted);
    keeper.on('publishFailed', ({ code, reason, retryInMs }) => this.#log(`conference: the record of ${focus.uri} was not stored (${code}: ${reason}); again in ${Math.round(retryInMs / 1000)} s`));
    focus.on('loadChanged', () => keeper.loadChanged());
    focus.on('changed', () => this.#options.emit('conferenceUpdated', hostView(focus)));
    focus.on('speaking', ({ speaking }) => this.#options.emit('conferenceSpeakersChanged', { uri: focus.uri, speaking: [...speaking] }));
    focus.on('ended', ({ reason }) => {
      this.#hosted.delete(id);
      keeper.stop();
      this.#options.emit('conferenceEnded', { uri: focus.uri, reason });
    });
    keeper.start();
    const published = await Promise.race([keeper.firstPublish, new Promise<false>((resolve) => this.#clock.setTimer(FIRST_PUBLISH_WAIT_MS, () => resolve(false)))]);
    if (!published) this.#log(`conference: ${focus.uri} is hosted, but its record is not in the DHT yet; members cannot find it until it is`);
    this.#options.emit('conferenceUpdated', hostView(focus));
    return focus;
  }

  /** The focus calls someone in: P2P for Parley addresses, plain SIP otherwise; never one of the user's calls. */
  #callOut(target: string, plan: CallAudioPlan, extras: InviteExtras): Promise<SipCall> {
    if (identityKeyOf(target)) return Promise.resolve(this.#options.p2p.place(target, { plan, untracked: true, extras }));
    const sip = this.#options.sip;
    if (!sip) return Promise.reject(new ConferenceError('CONFERENCE_UNAVAILABLE', 'this node does not speak plain SIP: start it with --sip to call SIP phones in'));
    return sip.call(target, plan, { untracked: true, extras });
  }

  async #end(hosted: Hosted, reason: string): Promise<void> {
    hosted.keeper.stop();
    await hosted.focus.close(reason);
  }

  /**
   * A membership for `call`. One we dial is shown at once (`joining`) and its end is told even
   * when the call never got through; one a focus calls us with is shown once answered.
   */
  #join(uri: string, call: SipCall, focusDevice: Buffer | undefined): ConferenceMembership {
    const dialled = call.summary.direction === 'outgoing';
    const { p2p, device } = this.#options;
    const membership = new ConferenceMembership({
      uri,
      call,
      self: { uri: this.#options.profile.uri, deviceHost: deviceHost(device.publicKey) },
      peers: { subscribe: (deviceKey, target, options) => p2p.subscribeAt(deviceKey, target, options) },
      clock: this.#clock,
      log: this.#log,
    });
    if (focusDevice) membership.focusFound(focusDevice);
    this.#joined.set(uri, membership);
    membership.on('changed', () => this.#options.emit('conferenceUpdated', memberView(membership)));
    membership.on('speaking', ({ speaking }) => this.#options.emit('conferenceSpeakersChanged', { uri, speaking: [...speaking] }));
    membership.on('ended', ({ reason }) => {
      if (this.#joined.get(uri) === membership) this.#joined.delete(uri);
      if (dialled || call.establishedAt !== undefined) this.#options.emit('conferenceEnded', { uri, reason });
    });
    if (dialled) queueMicrotask(() => membership.state === 'joining' && this.#options.emit('conferenceUpdated', memberView(membership)));
    return membership;
  }

  #hostedAt(uri: string): Hosted | undefined {
    const key = conferenceKeyOf(uri);
    return key ? this.#hosted.get(key.toString('hex')) : undefined;
  }

  #requireHost(uri: string): Hosted {
    const hosted = this.#hostedAt(uri);
    if (hosted) return hosted;
    this.#findJoined(uri);
    throw new ConferenceError('CONFERENCE_NOT_HOST', 'only the host can do this');
  }

  #findJoined(uri: string): ConferenceMembership {
    const key = conferenceKeyOf(uri);
    const membership = key && this.#joined.get(conferenceUri(key));
    if (!membership || membership.state === 'ended') throw new ConferenceError('CONFERENCE_NOT_FOUND', `this node is not in ${uri.slice(0, 200)}`);
    return membership;
  }

  #keysFile(): Promise<ConferenceKeys> {
    return (this.#keys ??= ConferenceKeys.open(this.#options.profile.dataDir, this.#log));
  }

  #defaultSubject(): string {
    return `${this.#options.profile.settings.displayName}'s conference`.slice(0, 128);
  }
}

function hostView(focus: ConferenceFocus): ConferenceView {
  return {
    uri: focus.uri,
    subject: focus.subject,
    role: 'host',
    state: focus.ended ? 'ended' : 'active',
    locked: focus.locked,
    callId: null,
    members: focus.members.map((member) => memberOf(member, member.memberId === HOST_MEMBER_ID)),
    startedAt: focus.startedAt,
  };
}

function memberView(membership: ConferenceMembership): ConferenceView {
  return {
    uri: membership.uri,
    subject: membership.subject,
    role: 'member',
    state: membership.state,
    locked: membership.locked,
    callId: membership.call.callId,
    members: membership.members.map((member) => memberOf(member, membership.isSelf(member))),
    startedAt: membership.startedAt,
  };
}

function memberOf(member: RosterMember, self: boolean): ConferenceMember {
  return { memberId: member.memberId, uri: member.uri, displayName: member.displayName, joinedAt: member.joinedAt, muted: member.muted, speaking: member.speaking, role: member.role, self };
}
