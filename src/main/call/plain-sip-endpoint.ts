import { isIPv6 } from 'node:net';
import { systemClock, type Clock } from '../clock.js';
import type { HostPort } from '../p2p/bootstrap-address.js';
import { formatHostPort } from '../p2p/bootstrap-address.js';
import { createTransportLayer, type TransportLayer } from '../sip/transport/index.js';
import { isSipUaError, UserAgentCore } from '../sip/ua/index.js';
import type { CallAudioPlan } from './call-audio.js';
import type { CallContext } from './call-context.js';
import { CallEndpoint, type CallEndpointEvents, type CallEndpointOptions } from './call-endpoint.js';
import { CallError } from './call-error.js';
import { CallMedia, type MediaTuning } from './call-media.js';
import { localEndpoint } from './answer-offer.js';
import { placeCall, type InviteExtras } from './place-call.js';
import type { SipCall } from './sip-call.js';

export type { CallSummary } from './sip-call.js';

export interface PlainSipEndpointOptions extends CallEndpointOptions {
  /** Where to listen for plain SIP, on UDP and TCP alike (§18: one port for both). */
  listen: HostPort;
  /** The user part of our address on this host (the identity key in z-base-32). */
  user: string;
  displayName: string;
  product: string;
  /** Options for every call's media session: loss injected on the media path (tests). */
  mediaTuning?: MediaTuning;
  /** Our address in SDP when `listen.host` is a wildcard; `listen.host` otherwise. */
  mediaHost?: string;
  clock?: Clock;
  /** Every message in and out, for debugging (`PARLEY_SIP_TRACE=1`); off by default. */
  trace?: (line: string) => void;
  log?: (line: string) => void;
}

/** The events of a plain SIP endpoint: those of every call endpoint. */
export type PlainSipEndpointEvents = CallEndpointEvents;

/**
 * Parley as an ordinary SIP phone on UDP and TCP (issue 3, item 6; audio: issue 4): the
 * transport layer, the UA core, one media worker for all calls, and the answering policy. It
 * joins SIP sessions to SDP and media here, in the call layer, because the SIP stack never
 * reads SDP and the media engine never reads SIP.
 */
export class PlainSipEndpoint extends CallEndpoint {
  readonly transport: TransportLayer;
  /** Our address-of-record on this host: `sip:USER@HOST:PORT`. */
  readonly aor: string;
  readonly #options: PlainSipEndpointOptions;
  readonly #context: CallContext;

  private constructor(transport: TransportLayer, ua: UserAgentCore, aor: string, options: PlainSipEndpointOptions) {
    super(ua, options);
    this.transport = transport;
    this.aor = aor;
    this.#options = options;
    const mediaHost = options.mediaHost ?? options.listen.host;
    this.#context = {
      ua,
      localEndpoint: () => localEndpoint(mediaHost),
      openMedia: (name, plan, shape) => CallMedia.create(plan.mediaWorker ?? this.mediaWorker(), name, plan, { kind: 'udp', host: mediaHost }, shape, options.mediaTuning),
      log: (line) => options.log?.(line),
    };
    ua.onIncomingInvite((invite) => void this.answer(invite, this.#context));
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

  /**
   * Calls `target` (`sip:user@IP:PORT[;transport=tcp]`) with `plan`, or the policy's audio.
   * `untracked` keeps it out of `calls` and `extras` go on the INVITE (a conference focus
   * calling a phone in, RFC 4579 `isfocus`).
   */
  async call(target: string, plan?: CallAudioPlan, options: { readonly untracked?: boolean; readonly extras?: InviteExtras } = {}): Promise<SipCall> {
    const audio = plan ?? this.planAudio('', 'outgoing');
    let call: SipCall;
    try {
      call = await placeCall(this.#context, target, this.aor, audio, options.extras);
    } catch (error) {
      if (isSipUaError(error, 'UA_INVALID_URI') || isSipUaError(error, 'UA_NO_ROUTE')) throw new CallError('CALL_BAD_TARGET', error.message, { cause: error });
      throw error;
    }
    if (!options.untracked) this.track(call);
    return call;
  }

  async close(): Promise<void> {
    await this.closeCalls();
    await this.transport.close();
  }

}
