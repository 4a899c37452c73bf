import { MediaWorkerHost } from '../media/index.js';
import type { IncomingInvite, UserAgentCore } from '../sip/ua/index.js';
import { TypedEmitter } from '../typed-emitter.js';
import { answerCall, incomingSummary } from './answer-call.js';
import { SILENT_CALL_AUDIO, type CallAudioPlan, type CallAudioPolicy } from './call-audio.js';
import type { CallContext } from './call-context.js';
import { CallError } from './call-error.js';
import { SipCall, type CallSummary, type SipCallEvents } from './sip-call.js';

type Tagged<E> = CallSummary & E;

export type CallEndpointEvents = {
  callIncoming: CallSummary;
  /** A call is tracked from now on (placed, or an incoming one being answered): its own events follow. */
  callAdded: { readonly call: SipCall };
  /** A P2P call's phases before it rings: looking the callee up, connecting to its devices. */
  callProgress: Tagged<SipCallEvents['progress']>;
  callRinging: Tagged<SipCallEvents['ringing']>;
  callEstablished: Tagged<SipCallEvents['established']>;
  callDtmfReceived: Tagged<SipCallEvents['dtmfReceived']>;
  callHoldChanged: Tagged<SipCallEvents['holdChanged']>;
  callMuteChanged: Tagged<SipCallEvents['muteChanged']>;
  callLevels: Tagged<SipCallEvents['levels']>;
  callStatistics: Tagged<SipCallEvents['statistics']>;
  callDeviceReplaced: Tagged<SipCallEvents['deviceReplaced']>;
  /** The other party asked (REFER) for a call to `target`; that call follows as a call of its own. */
  callTransferRequested: Tagged<SipCallEvents['transferRequested']>;
  callEnded: Tagged<SipCallEvents['ended']>;
};

/**
 * What becomes of an INVITE that is not a call for the user: one for a conference this node
 * hosts (conference/, RFC 4579) is refused (locked: 403, unknown: 404) or answered at once with
 * the plan it gives, `contactFeatures` on our Contact (`isfocus`), and handed over by `taken`.
 * Such calls are not the user's: they never ring and are not in `calls`.
 */
export type RoutedInvite =
  | { readonly refuse: { readonly status: number; readonly reason: string } }
  | { readonly plan: CallAudioPlan; readonly contactFeatures?: readonly string[]; readonly taken: (call: SipCall) => void };

/** Looks at each admitted INVITE first; undefined leaves it to ring as a call for the user. */
export type InviteRouter = (invite: IncomingInvite) => RoutedInvite | undefined;

/** How long an unanswered call rings before it is turned away with 480 (a missed call). */
export const DEFAULT_RING_TIMEOUT_MS = 60_000;

/** The answering policy and audio every endpoint shares. */
export interface CallEndpointOptions {
  /** Answer every INVITE (scripts, tests, always-on nodes); otherwise calls ring until answered, declined or missed. */
  readonly autoAnswer: boolean;
  readonly ringTimeoutMs?: number | undefined;
  /** Each call's microphone and speaker. */
  readonly audio?: CallAudioPolicy | undefined;
  /** Do not disturb: every call is turned away with 486 Busy Here (the caller is told "busy"). */
  readonly doNotDisturb?: (() => boolean) | undefined;
  /** The media worker shared with other endpoints (made on first use, owned and closed by the caller); else one of its own. */
  readonly mediaWorker?: (() => MediaWorkerHost) | undefined;
}

/**
 * What a plain SIP endpoint and a P2P endpoint have in common: the calls in progress by
 * Call-ID, their events re-emitted tagged with the call, and answering by policy. Subclasses
 * say how a call is placed and how an INVITE is admitted.
 */
export abstract class CallEndpoint extends TypedEmitter<CallEndpointEvents> {
  readonly ua: UserAgentCore;
  readonly #calls = new Map<string, SipCall>();
  /** Incoming calls that ring, waiting for `answerCall`. */
  readonly #ringing = new Map<string, () => Promise<void>>();
  readonly #options: CallEndpointOptions;
  #ownMedia: MediaWorkerHost | undefined;
  #ordinal = 0;
  #router: InviteRouter | undefined;

  protected constructor(ua: UserAgentCore, options: CallEndpointOptions) {
    super();
    this.ua = ua;
    this.#options = options;
  }

  /** The calls in progress, by Call-ID. */
  get calls(): ReadonlyMap<string, SipCall> {
    return this.#calls;
  }

  /** The call in progress with this Call-ID; `CALL_NOT_FOUND` when there is none (any more). */
  findCall(callId: string): SipCall {
    const call = this.#calls.get(callId);
    if (!call) throw new CallError('CALL_NOT_FOUND', `there is no call ${callId.slice(0, 100)} (it may have ended)`);
    return call;
  }

  /** Answers an incoming call that rings. */
  async answerCall(callId: string): Promise<SipCall> {
    const call = this.findCall(callId);
    const answer = this.#ringing.get(callId);
    if (!answer) throw new CallError('CALL_NOT_RINGING', `call ${callId.slice(0, 100)} is not an incoming call that rings`);
    this.#ringing.delete(callId);
    await answer();
    return call;
  }

  /** Lets `router` take INVITEs that are not calls for the user (a conference this node hosts); undefined stops it. */
  routeInvites(router: InviteRouter | undefined): void {
    this.#router = router;
  }

  /** RFC 4733 digits into a call in progress. */
  async sendDtmf(callId: string, digits: string): Promise<void> {
    await this.findCall(callId).sendDtmf(digits);
  }

  /** Hangs up every call and waits until their BYEs are done, then closes a media worker of its own. */
  protected async closeCalls(): Promise<void> {
    for (const call of this.#calls.values()) call.hangUp();
    await Promise.all([...this.#calls.values()].map((call) => call.settled()));
    this.ua.close();
    await this.#ownMedia?.close();
  }

  /** One media worker for all calls, started with the first. */
  protected mediaWorker(): MediaWorkerHost {
    return this.#options.mediaWorker?.() ?? (this.#ownMedia ??= new MediaWorkerHost());
  }

  /** The audio of the next call, numbered for recordings. */
  protected planAudio(callId: string, direction: 'incoming' | 'outgoing'): CallAudioPlan {
    const ordinal = ++this.#ordinal;
    return (this.#options.audio ?? SILENT_CALL_AUDIO)({ callId, direction, ordinal });
  }

  protected track(call: SipCall): void {
    const summary = call.summary;
    this.#calls.set(call.callId, call);
    call.on('progress', (event) => this.emit('callProgress', { ...summary, ...event }));
    call.on('ringing', (event) => this.emit('callRinging', { ...summary, ...event }));
    call.on('established', (event) => this.emit('callEstablished', { ...summary, ...event }));
    call.on('dtmfReceived', (event) => this.emit('callDtmfReceived', { ...summary, ...event }));
    call.on('holdChanged', (event) => this.emit('callHoldChanged', { ...summary, ...event }));
    call.on('muteChanged', (event) => this.emit('callMuteChanged', { ...summary, ...event }));
    call.on('levels', (event) => this.emit('callLevels', { ...summary, ...event }));
    call.on('statistics', (event) => this.emit('callStatistics', { ...summary, ...event }));
    call.on('deviceReplaced', (event) => this.emit('callDeviceReplaced', { ...summary, ...event }));
    call.on('transferRequested', (event) => this.emit('callTransferRequested', { ...summary, ...event }));
    call.on('ended', (event) => {
      this.#calls.delete(call.callId);
      this.emit('callEnded', { ...summary, ...event });
    });
    this.emit('callAdded', { call });
  }

  /**
   * Takes an INVITE through `context`: it rings (180), and is answered at once when
   * auto-answering, else when `answerCall` says so; hanging up declines it (603), and the
   * caller's CANCEL or the ring timeout (480) make it a missed call. A `refusal` (a status and
   * reason) turns the INVITE away first, e.g. a device the caller's identity does not list (403).
   */
  protected async answer(invite: IncomingInvite, context: CallContext, refusal?: { status: number; reason: string }): Promise<void> {
    const routed = refusal ? undefined : this.#route(invite);
    if (routed) return this.#answerRouted(invite, context, routed);
    const summary = incomingSummary(invite);
    this.emit('callIncoming', summary);
    if (refusal) {
      invite.reject(refusal.status, { reason: refusal.reason });
      this.emit('callEnded', { ...summary, reason: `refused: ${refusal.reason}`, status: refusal.status });
      return;
    }
    if (this.#options.doNotDisturb?.()) {
      // RFC 3261 §21.4.24: the callee is reachable but does not take calls now.
      invite.reject(486, { reason: 'Busy Here (do not disturb)' });
      this.emit('callEnded', { ...summary, reason: 'declined: do not disturb', status: 486 });
      return;
    }
    const plan = this.planAudio(invite.callId, 'incoming');
    const call = new SipCall(summary, plan);
    call.attachIncoming(invite);
    this.track(call);
    // 180 first, as a phone that picks up at once still rings: the caller sees every phase.
    invite.ring();
    const answer = async (): Promise<void> => {
      try {
        await answerCall(context, invite, call, plan);
      } catch (error) {
        context.log(`parley: answering ${invite.callId} failed: ${(error as Error).message}`);
        if (invite.state === 'pending' || invite.state === 'early') invite.reject(500);
        await call.end('failed', 500);
      }
    };
    if (this.#options.autoAnswer) return answer();
    this.#ringing.set(invite.callId, answer);
    const timer = setTimeout(() => {
      if (!this.#ringing.delete(invite.callId)) return;
      invite.reject(480, { reason: 'No answer' });
      void call.end('missed: no answer', 480);
    }, this.#options.ringTimeoutMs ?? DEFAULT_RING_TIMEOUT_MS);
    timer.unref();
    call.on('ended', () => {
      clearTimeout(timer);
      this.#ringing.delete(invite.callId);
    });
    invite.onCancelled(({ by }) => void call.end(by === 'CANCEL' ? 'missed: the caller hung up' : 'missed: the caller ended the call', 487));
  }

  #route(invite: IncomingInvite): RoutedInvite | undefined {
    try {
      return this.#router?.(invite);
    } catch (error) {
      return { refuse: { status: 500, reason: `Server Internal Error (${(error as Error).message.slice(0, 80)})` } };
    }
  }

  /** An INVITE the router took: refused, or answered at once and handed over, never rung. */
  async #answerRouted(invite: IncomingInvite, context: CallContext, routed: RoutedInvite): Promise<void> {
    if ('refuse' in routed) return invite.reject(routed.refuse.status, { reason: routed.refuse.reason });
    const call = new SipCall(incomingSummary(invite), routed.plan);
    call.attachIncoming(invite);
    routed.taken(call);
    try {
      await answerCall(context, invite, call, routed.plan, routed.contactFeatures ? { contactFeatures: routed.contactFeatures } : {});
    } catch (error) {
      context.log(`parley: answering ${invite.callId} failed: ${(error as Error).message}`);
      if (invite.state === 'pending' || invite.state === 'early') invite.reject(500);
      await call.end('failed', 500);
    }
  }
}
