import { randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { systemClock, type Clock } from '../clock.js';
import type { HostPort } from '../p2p/bootstrap-address.js';
import { formatHostPort } from '../p2p/bootstrap-address.js';
import { formatUri } from '../sip/message/index.js';
import { createTransportLayer, type TransportLayer } from '../sip/transport/index.js';
import { UserAgentCore, type IncomingInvite } from '../sip/ua/index.js';
import { TypedEmitter } from '../typed-emitter.js';
import { answerInvite } from './answer-offer.js';
import { RtpPort } from './rtp-port.js';

export interface PlainSipEndpointOptions {
  /** Where to listen for plain SIP, on UDP and TCP alike (§18: one port for both). */
  listen: HostPort;
  /** Answer every INVITE (scripts, tests, always-on nodes); otherwise calls are declined with 480. */
  autoAnswer: boolean;
  /** The user part of our address on this host (the identity key in z-base-32). */
  user: string;
  displayName: string;
  product: string;
  clock?: Clock;
  /** Every message in and out, for debugging (`PARLEY_SIP_TRACE=1`); off by default. */
  trace?: (line: string) => void;
  log?: (line: string) => void;
}

export interface CallSummary {
  callId: string;
  /** The caller's address as its From header gave it. */
  from: string;
  /** Where the INVITE came from, PROTOCOL HOST:PORT. */
  source: string;
}

export type PlainSipEndpointEvents = {
  callIncoming: CallSummary;
  callEstablished: CallSummary & { codec: string | null };
  callEnded: CallSummary & { reason: string; status?: number };
};

/**
 * Parley as an ordinary SIP phone on UDP and TCP (issue 3, item 6): the transport layer, the
 * UA core, and the answering policy. It joins the SIP session to SDP here, in the call
 * layer, because the SIP stack never reads SDP.
 */
export class PlainSipEndpoint extends TypedEmitter<PlainSipEndpointEvents> {
  readonly ua: UserAgentCore;
  readonly transport: TransportLayer;
  readonly #options: PlainSipEndpointOptions;
  readonly #rtpPorts = new Set<RtpPort>();

  private constructor(transport: TransportLayer, ua: UserAgentCore, options: PlainSipEndpointOptions) {
    super();
    this.transport = transport;
    this.ua = ua;
    this.#options = options;
    ua.onIncomingInvite((invite) => void this.#answer(invite));
  }

  static async start(options: PlainSipEndpointOptions): Promise<PlainSipEndpoint> {
    const clock = options.clock ?? systemClock;
    const { host, port } = options.listen;
    const transport = await createTransportLayer({ clock, udp: { host, port }, tcp: { host, port } });
    const bound = transport.localAddress('UDP') ?? transport.localAddress('TCP');
    const hostPart = isIPv6(host) ? `[${host}]` : host;
    const ua = new UserAgentCore({
      transport,
      clock,
      aor: `sip:${options.user}@${hostPart}:${bound?.port ?? port}`,
      displayName: options.displayName,
      product: options.product,
      ...(options.trace ? { log: options.trace } : {}),
    });
    return new PlainSipEndpoint(transport, ua, options);
  }

  /** The address peers reach us at, HOST:PORT (both UDP and TCP). */
  get address(): string {
    const bound = this.transport.localAddress('UDP') ?? this.transport.localAddress('TCP');
    return formatHostPort({ host: this.#options.listen.host, port: bound?.port ?? this.#options.listen.port });
  }

  async close(): Promise<void> {
    this.ua.close();
    for (const rtp of this.#rtpPorts) rtp.close();
    this.#rtpPorts.clear();
    await this.transport.close();
  }

  async #answer(invite: IncomingInvite): Promise<void> {
    const summary: CallSummary = {
      callId: invite.callId,
      from: formatUri(invite.from.uri),
      source: `${invite.source.protocol} ${formatHostPort(invite.source)}`,
    };
    this.emit('callIncoming', summary);
    if (!this.#options.autoAnswer) {
      invite.reject(480, { reason: 'Not answering: start parley serve with --auto-answer' });
      this.emit('callEnded', { ...summary, reason: 'declined', status: 480 });
      return;
    }
    let rtp: RtpPort;
    try {
      rtp = await RtpPort.open(this.#options.listen.host);
    } catch (error) {
      this.#options.log?.(`parley: no RTP port for ${summary.callId}: ${(error as Error).message}`);
      invite.reject(500, { reason: 'No media port' });
      this.emit('callEnded', { ...summary, reason: 'failed', status: 500 });
      return;
    }
    const host = this.#options.listen.host;
    const decision = answerInvite(invite.offer, {
      address: host,
      addressType: isIPv6(host) ? 'IP6' : 'IP4',
      port: rtp.port,
      sessionId: BigInt(`0x${randomBytes(6).toString('hex')}`).toString(),
      sessionVersion: 1n,
    });
    if (!decision.ok) {
      rtp.close();
      invite.reject(decision.status, { reason: decision.reason.slice(0, 100) });
      this.emit('callEnded', { ...summary, reason: 'rejected', status: decision.status });
      return;
    }
    if (invite.state !== 'pending' && invite.state !== 'early') {
      rtp.close(); // cancelled while we opened the port
      return;
    }
    this.#rtpPorts.add(rtp);
    const session = invite.accept(decision.content);
    session.onAcknowledged(() => this.emit('callEstablished', { ...summary, codec: decision.codec }));
    session.onEnded(({ by, reason }) => {
      rtp.close();
      this.#rtpPorts.delete(rtp);
      this.emit('callEnded', { ...summary, reason: reason === 'bye' ? `hangup by ${by === 'local' ? 'us' : 'caller'}` : reason });
    });
  }
}
