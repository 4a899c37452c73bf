/**
 * One encrypted connection between this device and another: the SIP byte stream and the
 * datagram channels of every dialog between the pair ride on it (DESIGN.md, "SIP transport"
 * and "RTP transport"). PeerConnector makes, shares and closes them; the wire formats are in
 * peer-wire.ts.
 */
import type { Duplex } from 'node:stream';
import type { NoiseSecretStream } from 'hyperdht';
import { type Clock, type TimerHandle } from '../clock.js';
import { TypedEmitter } from '../typed-emitter.js';
import { PeerDatagramChannels, type PeerDatagramChannel, type PeerDatagramStats } from './peer-datagram-channel.js';
import { PeerError, short } from './peer-error.js';
import { PeerSipStream } from './peer-sip-stream.js';
import { decodeStreamMessage, encodePing, encodePong, encodeVerdict, type StreamMessage, type Verdict } from './peer-wire.js';

/**
 * pending: the stream is up, the pair's deciding device has not said yet whether it is *the*
 *          connection of the pair (see PeerConnector); never handed out in this state.
 * open:    the connection of the pair.
 * closed:  for good; its channels and SIP stream are closed too.
 */
export type PeerConnectionState = 'pending' | 'open' | 'closed';

const MOVES: Readonly<Record<PeerConnectionState, readonly PeerConnectionState[]>> = {
  pending: ['open', 'closed'],
  open: ['closed'],
  closed: [],
};

export type PeerCloseReason =
  /** close() here, or the SIP layer ended or destroyed the SIP stream. */
  | 'closed'
  /** The peer ended the stream or reset it. */
  | 'closed-by-peer'
  /** Nothing sent or received for the idle time, and no datagram channel open. */
  | 'idle'
  /** A newer stream of the pair won: this one was found dead (or, while pending, lost to one already open). */
  | 'replaced'
  /** The firewall no longer admits the peer (PeerConnector.enforceFirewall). */
  | 'refused'
  | 'connector-closed'
  /** The stream failed: a timeout, a broken framing, a transport error. `error` says which. */
  | 'error';

export interface PeerConnectionClosed {
  readonly connection: PeerConnection;
  readonly reason: PeerCloseReason;
  readonly error?: Error;
}

type PeerConnectionEvents = { closed: PeerConnectionClosed };

export interface PeerConnectionOptions {
  readonly stream: NoiseSecretStream;
  /** This device's key: with the peer's, it says which device decides and which channel ids are ours. */
  readonly localKey: Buffer;
  readonly clock: Clock;
  /** Closes an open connection idle this long (no SIP bytes, no datagrams, no channel open); never when undefined. */
  readonly idleTimeoutMs?: number;
  /** A pending connection that is not decided within this time closes (reason 'error', PEER_TIMEOUT). */
  readonly pendingTimeoutMs: number;
  /** How long a graceful close waits for the peer to end its side before destroying the stream. */
  readonly lingerMs: number;
  readonly pingTimeoutMs: number;
  readonly dropDatagram?: () => boolean;
  /** The non-deciding device read the deciding device's verdict on this pending stream. */
  readonly onVerdict: (connection: PeerConnection, verdict: Verdict) => void;
}

/** What only PeerConnector may do to a connection. */
export interface PeerConnectionControl {
  /** Deciding device: writes the ACCEPT verdict and opens. */
  accept(): void;
  /** Non-deciding device: the ACCEPT verdict was read; opens. */
  open(): void;
  /** Deciding device: writes the DUPLICATE verdict and closes ('replaced'). */
  refuseAsDuplicate(): void;
  /** Closes with a reason of the connector's. */
  close(reason: PeerCloseReason, error?: Error): void;
}

export class PeerConnection extends TypedEmitter<PeerConnectionEvents> {
  /** The peer's device key, proven by the Noise handshake: what the SIP layer checks against the From identity's device list. */
  readonly remoteDeviceKey: Buffer;
  readonly remoteDeviceKeyHex: string;
  /** Whether this device dialled the stream (HyperDHT client) or accepted it (server). */
  readonly direction: 'outgoing' | 'incoming';
  /** Whether this device, the one with the lower key, decides which stream is the pair's connection. */
  readonly decides: boolean;
  readonly #options: PeerConnectionOptions;
  readonly #stream: NoiseSecretStream;
  readonly #sipStream: PeerSipStream;
  readonly #channels: PeerDatagramChannels;
  readonly #pings = new Map<number, { sentAt: number; timer: TimerHandle; resolve: (ms: number) => void; reject: (error: Error) => void }>();
  #state: PeerConnectionState = 'pending';
  #lastActivity: number;
  #nextNonce = 1;
  #stateTimer: TimerHandle | undefined;
  #drainWaiters: Array<(error?: Error) => void> = [];

  private constructor(options: PeerConnectionOptions, remoteKey: Buffer) {
    super();
    this.#options = options;
    this.#stream = options.stream;
    this.remoteDeviceKey = remoteKey;
    this.remoteDeviceKeyHex = remoteKey.toString('hex');
    this.direction = options.stream.isInitiator ? 'outgoing' : 'incoming';
    this.decides = Buffer.compare(options.localKey, remoteKey) < 0;
    this.#lastActivity = options.clock.now();
    this.#channels = new PeerDatagramChannels({
      lowerKey: this.decides,
      transmit: (datagram) => this.#stream.trySend(datagram),
      onActivity: () => this.#touch(),
      ...(options.dropDatagram ? { dropDatagram: options.dropDatagram } : {}),
    });
    this.#sipStream = new PeerSipStream({
      write: (message) => this.#write(message),
      whenDrained: (callback) => this.#whenDrained(callback),
      pauseInput: () => this.#stream.pause(),
      resumeInput: () => {
        if (this.#state !== 'closed') this.#stream.resume();
      },
      onActivity: () => this.#touch(),
      close: () => this.#close('closed', undefined, true),
    });
    // Nobody reads the SIP stream before the connection opens; an error there is the connection's.
    this.#sipStream.on('error', () => undefined);
  }

  /**
   * Wraps an opened secret stream (its `opened` resolved true, so the remote key is known and
   * proven) and starts reading it. Returns the connection and the connector's handle on it.
   */
  static attach(options: PeerConnectionOptions): { connection: PeerConnection; control: PeerConnectionControl } {
    const remoteKey = options.stream.remotePublicKey;
    if (!remoteKey) throw new PeerError('PEER_PROTOCOL_ERROR', 'the stream has no remote key: it is not open');
    const connection = new PeerConnection(options, remoteKey);
    connection.#listen();
    return {
      connection,
      control: {
        accept: () => connection.#accept(),
        open: () => connection.#transition('open'),
        refuseAsDuplicate: () => connection.#refuseAsDuplicate(),
        close: (reason, error) => connection.#close(reason, error, reason !== 'error'),
      },
    };
  }

  get state(): PeerConnectionState {
    return this.#state;
  }

  get isOpen(): boolean {
    return this.#state === 'open';
  }

  /**
   * The SIP byte stream, for the SIP transport layer's `attachStream` (remote: protocol PARLEY,
   * host = remoteDeviceKeyHex). Give it to the transport once; ending or destroying it closes
   * the connection.
   */
  get sipStream(): Duplex {
    return this.#sipStream;
  }

  get datagramStats(): Readonly<PeerDatagramStats> {
    return this.#channels.stats;
  }

  get openChannelCount(): number {
    return this.#channels.size;
  }

  /** A free channel id from this device's half of the id space (peer-wire.ts), for the side that sets a media session up. */
  allocateDatagramChannelId(): number {
    return this.#channels.allocateId();
  }

  /**
   * Opens datagram channel `id` (both ends open the same id). Throws PEER_BAD_CHANNEL for an id
   * outside 1..2^32-1 or one already open, PEER_CONNECTION_CLOSED when the connection is gone.
   */
  openDatagramChannel(id: number): PeerDatagramChannel {
    if (this.#state !== 'open') throw new PeerError('PEER_CONNECTION_CLOSED', `the connection to ${short(this.remoteDeviceKeyHex)} is not open`);
    return this.#channels.open(id);
  }

  /** Round-trip time over the reliable stream, in milliseconds (a PING answered by a PONG). */
  ping(timeoutMs: number = this.#options.pingTimeoutMs): Promise<number> {
    if (this.#state === 'closed') return Promise.reject(new PeerError('PEER_CONNECTION_CLOSED', 'the connection is closed'));
    const nonce = this.#nextNonce;
    this.#nextNonce = (this.#nextNonce % 0xffff_ffff) + 1;
    return new Promise((resolve, reject) => {
      const timer = this.#options.clock.setTimer(timeoutMs, () => {
        this.#pings.delete(nonce);
        reject(new PeerError('PEER_TIMEOUT', `no answer to a ping within ${timeoutMs} ms`));
      });
      this.#pings.set(nonce, { sentAt: this.#options.clock.now(), timer, resolve, reject });
      this.#write(encodePing(nonce));
    });
  }

  /** Closes gracefully: what was written still goes out, then the stream ends. */
  close(): void {
    this.#close('closed', undefined, true);
  }

  #listen(): void {
    const stream = this.#stream;
    stream.on('data', (message) => this.#receive(message));
    stream.on('message', (datagram) => {
      if (this.#state === 'open') this.#channels.receive(datagram);
    });
    stream.on('drain', () => this.#drained());
    stream.on('end', () => this.#close('closed-by-peer', undefined, true));
    stream.on('error', (error) => this.#close(isReset(error) ? 'closed-by-peer' : 'error', error, false));
    stream.on('close', () => this.#close('closed-by-peer', undefined, false));
    this.#stateTimer = this.#options.clock.setTimer(this.#options.pendingTimeoutMs, () => {
      this.#close('error', new PeerError('PEER_TIMEOUT', `the connection to ${short(this.remoteDeviceKeyHex)} was not confirmed within ${this.#options.pendingTimeoutMs} ms`), false);
    });
    if (stream.destroyed) this.#close('closed-by-peer', undefined, false);
  }

  #receive(raw: Buffer): void {
    if (this.#state === 'closed') return;
    const decoded = decodeStreamMessage(raw);
    if (!decoded.ok) {
      this.#protocolError(decoded.reason);
      return;
    }
    this.#handle(decoded.value);
  }

  #handle(message: StreamMessage): void {
    switch (message.kind) {
      case 'sip':
        if (this.#state !== 'open') return this.#protocolError('SIP bytes before the verdict');
        this.#touch();
        this.#sipStream.deliver(message.bytes);
        return;
      case 'verdict':
        if (this.decides || this.#state !== 'pending') return this.#protocolError('an unexpected verdict');
        this.#options.onVerdict(this, message.verdict);
        return;
      case 'ping':
        this.#write(encodePong(message.nonce));
        return;
      case 'pong': {
        const ping = this.#pings.get(message.nonce);
        if (!ping) return;
        this.#pings.delete(message.nonce);
        ping.timer.cancel();
        ping.resolve(this.#options.clock.now() - ping.sentAt);
        return;
      }
      case 'keep-alive':
      case 'unknown':
        return;
    }
  }

  #protocolError(reason: string): void {
    this.#close('error', new PeerError('PEER_PROTOCOL_ERROR', `device ${short(this.remoteDeviceKeyHex)} broke the framing: ${reason}`), false);
  }

  #accept(): void {
    if (this.#state !== 'pending') return;
    this.#write(encodeVerdict('accept'));
    this.#transition('open');
  }

  #refuseAsDuplicate(): void {
    if (this.#state !== 'pending') return;
    this.#write(encodeVerdict('duplicate'));
    this.#close('replaced', undefined, true);
  }

  #transition(next: PeerConnectionState): void {
    if (!MOVES[this.#state].includes(next)) throw new PeerError('PEER_PROTOCOL_ERROR', `a peer connection cannot go from ${this.#state} to ${next}`);
    this.#state = next;
    this.#stateTimer?.cancel();
    this.#stateTimer = undefined;
    if (next === 'open') {
      this.#touch();
      this.#armIdleTimer();
    }
  }

  #close(reason: PeerCloseReason, error: Error | undefined, graceful: boolean): void {
    if (this.#state === 'closed') return;
    this.#transition('closed');
    for (const ping of this.#pings.values()) {
      ping.timer.cancel();
      ping.reject(new PeerError('PEER_CONNECTION_CLOSED', 'the connection closed', error ? { cause: error } : undefined));
    }
    this.#pings.clear();
    this.#drained(new PeerError('PEER_CONNECTION_CLOSED', 'the connection closed'));
    this.#channels.closeAll();
    this.#sipStream.finish(graceful);
    this.#endStream(graceful);
    this.emit('closed', { connection: this, reason, ...(error ? { error } : {}) });
    this.removeAllListeners();
  }

  /** A graceful end flushes what is written; a peer that never ends its side is cut off after the linger time. */
  #endStream(graceful: boolean): void {
    const stream = this.#stream;
    if (stream.destroying || stream.destroyed) return;
    if (!graceful) {
      stream.destroy();
      return;
    }
    stream.end();
    const linger = this.#options.clock.setTimer(this.#options.lingerMs, () => stream.destroy());
    stream.once('close', () => linger.cancel());
  }

  /** False when the caller must wait for a drain — or, once closed, for the error #whenDrained gives it. */
  #write(message: Buffer): boolean {
    if (this.#stream.destroying || this.#stream.destroyed) return this.#state !== 'closed';
    return this.#stream.write(message);
  }

  #whenDrained(callback: (error?: Error) => void): void {
    if (this.#state === 'closed') callback(new PeerError('PEER_CONNECTION_CLOSED', 'the connection closed'));
    else this.#drainWaiters.push(callback);
  }

  #drained(error?: Error): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const waiter of waiters) waiter(error);
  }

  #touch(): void {
    this.#lastActivity = this.#options.clock.now();
  }

  /** Idle = nothing in or out for the idle time and no channel open: a channel pins the connection for its media session. */
  #armIdleTimer(): void {
    const idleMs = this.#options.idleTimeoutMs;
    if (idleMs === undefined || this.#state !== 'open') return;
    // An open channel counts as activity (closing it touches again), so the wait is never zero twice.
    if (this.#channels.size > 0) this.#touch();
    const quietFor = this.#options.clock.now() - this.#lastActivity;
    this.#stateTimer = this.#options.clock.setTimer(Math.max(0, idleMs - quietFor), () => {
      this.#stateTimer = undefined;
      if (this.#channels.size === 0 && this.#options.clock.now() - this.#lastActivity >= idleMs) this.#close('idle', undefined, true);
      else this.#armIdleTimer();
    });
  }
}

/** A peer that destroys its stream (process exit, close without end) shows up as a reset. */
function isReset(error: Error): boolean {
  return 'code' in error && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
}
