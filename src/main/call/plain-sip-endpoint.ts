import { isIPv6 } from 'node:net';
import { systemClock, type Clock } from '../clock.js';
import { MediaWorkerHost } from '../media/index.js';
import type { HostPort } from '../p2p/bootstrap-address.js';
import { formatHostPort } from '../p2p/bootstrap-address.js';
import { createTransportLayer, type TransportLayer } from '../sip/transport/index.js';
import { isSipUaError, UserAgentCore, type IncomingInvite } from '../sip/ua/index.js';
import { TypedEmitter } from '../typed-emitter.js';
import { answerCall, incomingSummary } from './answer-call.js';
import { SILENT_CALL_AUDIO, type CallAudioPlan, type CallAudioPolicy } from './call-audio.js';
import type { CallContext } from './call-context.js';
import { CallError } from './call-error.js';
import type { MediaTuning } from './call-media.js';
import { placeCall } from './place-call.js';
import { SipCall, type CallSummary, type SipCallEvents } from './sip-call.js';

export type { CallSummary } from './sip-call.js';

export interface PlainSipEndpointOptions {
  /** Where to listen for plain SIP, on UDP and TCP alike (§18: one port for both). */
  listen: HostPort;
  /** Answer every INVITE (scripts, tests, always-on nodes); otherwise calls are declined with 480. */
  autoAnswer: boolean;
  /** The user part of our address on this host (the identity key in z-base-32). */
  user: string;
  displayName: string;
  product: string;
  /** Each call's microphone and speaker; silence and nowhere until audio devices exist. */
  audio?: CallAudioPolicy;
  /** Options for every call's media session: loss injected on the media path (tests). */
  mediaTuning?: MediaTuning;
  /** Our address in SDP when `listen.host` is a wildcard; `listen.host` otherwise. */
  mediaHost?: string;
  clock?: Clock;
  /** Every message in and out, for debugging (`PARLEY_SIP_TRACE=1`); off by default. */
  trace?: (line: string) => void;
  log?: (line: string) => void;
}

type Tagged<E> = CallSummary & E;

export type PlainSipEndpointEvents = {
  callIncoming: CallSummary;
  /** A call is tracked from now on (placed, or an incoming one being answered): its own events follow. */
  callAdded: { readonly call: SipCall };
  callRinging: Tagged<SipCallEvents['ringing']>;
  callEstablished: Tagged<SipCallEvents['established']>;
  callDtmfReceived: Tagged<SipCallEvents['dtmfReceived']>;
  callHoldChanged: Tagged<SipCallEvents['holdChanged']>;
  callMuteChanged: Tagged<SipCallEvents['muteChanged']>;
  callLevels: Tagged<SipCallEvents['levels']>;
  callStatistics: Tagged<SipCallEvents['statistics']>;
  callEnded: Tagged<SipCallEvents['ended']>;
};

/**
 * Parley as an ordinary SIP phone on UDP and TCP (issue 3, item 6; audio: issue 4): the
 * transport layer, the UA core, one media worker for all calls, and the answering policy. It
 * joins SIP sessions to SDP and media here, in the call layer, because the SIP stack never
 * reads SDP and the media engine never reads SIP.
 */
export class PlainSipEndpoint extends TypedEmitter<PlainSipEndpointEvents> {
  readonly ua: UserAgentCore;
  readonly transport: TransportLayer;
  /** Our address-of-record on this host: `sip:USER@HOST:PORT`. */
  readonly aor: string;
  readonly #options: PlainSipEndpointOptions;
  readonly #calls = new Map<string, SipCall>();
  readonly #context: CallContext;
  #media: MediaWorkerHost | undefined;
  #ordinal = 0;

  private constructor(transport: TransportLayer, ua: UserAgentCore, aor: string, options: PlainSipEndpointOptions) {
    super();
    this.transport = transport;
    this.ua = ua;
    this.aor = aor;
    this.#options = options;
    this.#context = {
      ua,
      mediaHost: options.mediaHost ?? options.listen.host,
      media: () => (this.#media ??= new MediaWorkerHost()),
      ...(options.mediaTuning ? { mediaTuning: options.mediaTuning } : {}),
      log: (line) => options.log?.(line),
    };
    ua.onIncomingInvite((invite) => void this.#answer(invite));
  }

  static async start(options: PlainSipEndpointOptions): Promise<PlainSipEndpoint> {
    const clock = options.clock ?? systemClock;
    const { host, port } = options.listen;
    const transport = await createTransportLayer({ clock, udp: { host, port }, tcp: { host, port } });
    const bound = transport.localAddress('UDP') ?? transport.localAddress('TCP');
    const advertised = options.mediaHost ?? host;
    const hostPart = isIPv6(advertised) ? `[${advertised}]` : advertised;
    const aor = `sip:${options.user}@${hostPart}:${bound?.port ?? port}`;
    const ua = new UserAgentCore({
      transport,
      clock,
      aor,
      displayName: options.displayName,
      product: options.product,
      ...(options.trace ? { log: options.trace } : {}),
    });
    return new PlainSipEndpoint(transport, ua, aor, options);
  }

  /** The address peers reach us at, HOST:PORT (both UDP and TCP). */
  get address(): string {
    const bound = this.transport.localAddress('UDP') ?? this.transport.localAddress('TCP');
    return formatHostPort({ host: this.#options.listen.host, port: bound?.port ?? this.#options.listen.port });
  }

  /** The calls in progress, by Call-ID. */
  get calls(): ReadonlyMap<string, SipCall> {
    return this.#calls;
  }

  /** Calls `target` (`sip:user@IP:PORT[;transport=tcp]`) with `plan`, or the policy's audio. */
  async call(target: string, plan?: CallAudioPlan): Promise<SipCall> {
    const ordinal = ++this.#ordinal;
    const audio = plan ?? this.#policy({ callId: '', direction: 'outgoing', ordinal });
    let call: SipCall;
    try {
      call = await placeCall(this.#context, target, this.aor, audio);
    } catch (error) {
      if (isSipUaError(error, 'UA_INVALID_URI') || isSipUaError(error, 'UA_NO_ROUTE')) throw new CallError('CALL_BAD_TARGET', error.message, { cause: error });
      throw error;
    }
    this.#track(call);
    return call;
  }

  /** The call in progress with this Call-ID; `CALL_NOT_FOUND` when there is none (any more). */
  findCall(callId: string): SipCall {
    const call = this.#calls.get(callId);
    if (!call) throw new CallError('CALL_NOT_FOUND', `there is no call ${callId.slice(0, 100)} (it may have ended)`);
    return call;
  }

  /** RFC 4733 digits into a call in progress. */
  async sendDtmf(callId: string, digits: string): Promise<void> {
    await this.findCall(callId).sendDtmf(digits);
  }

  async close(): Promise<void> {
    for (const call of this.#calls.values()) call.hangUp();
    await Promise.all([...this.#calls.values()].map((call) => call.settled()));
    this.ua.close();
    await this.#media?.close();
    await this.transport.close();
  }

  get #policy(): CallAudioPolicy {
    return this.#options.audio ?? SILENT_CALL_AUDIO;
  }

  #track(call: SipCall): void {
    const summary = call.summary;
    this.#calls.set(call.callId, call);
    call.on('ringing', (event) => this.emit('callRinging', { ...summary, ...event }));
    call.on('established', (event) => this.emit('callEstablished', { ...summary, ...event }));
    call.on('dtmfReceived', (event) => this.emit('callDtmfReceived', { ...summary, ...event }));
    call.on('holdChanged', (event) => this.emit('callHoldChanged', { ...summary, ...event }));
    call.on('muteChanged', (event) => this.emit('callMuteChanged', { ...summary, ...event }));
    call.on('levels', (event) => this.emit('callLevels', { ...summary, ...event }));
    call.on('statistics', (event) => this.emit('callStatistics', { ...summary, ...event }));
    call.on('ended', (event) => {
      this.#calls.delete(call.callId);
      this.emit('callEnded', { ...summary, ...event });
    });
    this.emit('callAdded', { call });
  }

  async #answer(invite: IncomingInvite): Promise<void> {
    const summary = incomingSummary(invite);
    this.emit('callIncoming', summary);
    if (!this.#options.autoAnswer) {
      invite.reject(480, { reason: 'Not answering: start parley serve with --auto-answer' });
      this.emit('callEnded', { ...summary, reason: 'declined', status: 480 });
      return;
    }
    const ordinal = ++this.#ordinal;
    const plan = this.#policy({ callId: invite.callId, direction: 'incoming', ordinal });
    const call = new SipCall(summary, plan);
    this.#track(call);
    try {
      await answerCall(this.#context, invite, call, plan);
    } catch (error) {
      this.#context.log(`parley: answering ${invite.callId} failed: ${(error as Error).message}`);
      if (invite.state === 'pending' || invite.state === 'early') invite.reject(500);
      await call.end('failed', 500);
    }
  }
}
