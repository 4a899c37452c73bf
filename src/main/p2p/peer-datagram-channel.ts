/**
 * Datagram channels: several media sessions (one per call or conference leg) share the one
 * peer connection of a device pair, each on a channel id carried in front of every datagram
 * (the layout is in peer-wire.ts). Datagrams are unreliable and unordered by nature: RTP's own
 * sequence numbers and the playout buffer deal with loss and reordering, nothing here does.
 */
import { TypedEmitter } from '../typed-emitter.js';
import { PeerError } from './peer-error.js';
import {
  decodeDatagram,
  encodeDatagram,
  HIGHER_KEY_CHANNEL_BASE,
  isValidChannelId,
  MAX_CHANNEL_ID,
  MAX_DATAGRAM_PAYLOAD_BYTES,
} from './peer-wire.js';

/** Why a channel stopped: its owner closed it, or the connection under it closed. */
export type PeerChannelCloseReason = 'closed' | 'connection-closed';

/** `end` is the table telling the channel to stop; `closed` is the channel telling its owner it has. */
type ChannelEvents = { datagram: Buffer; end: PeerChannelCloseReason; closed: PeerChannelCloseReason };

/** Counters of one connection's datagrams. */
export interface PeerDatagramStats {
  sent: number;
  received: number;
  /** Arrived for a channel that is not open here (yet, or any more). */
  unroutable: number;
  /** Too short, too long, or on the reserved channel 0. */
  malformed: number;
  /** Dropped on purpose by the loss seam (`dropDatagram`), never sent. */
  lost: number;
}

export interface PeerDatagramChannelsOptions {
  /** Whether this device has the lower key of the pair: it picks which half of the id space is ours. */
  readonly lowerKey: boolean;
  /** Hands one framed datagram to the secret stream. */
  readonly transmit: (datagram: Buffer) => void;
  /** Called on every datagram sent or received and when a channel opens or closes (the idle timer). */
  readonly onActivity: () => void;
  /** Test seam: return true to drop an outgoing datagram (e.g. a seeded random below a loss rate). */
  readonly dropDatagram?: () => boolean;
}

/** One media session's datagrams on a peer connection. */
export class PeerDatagramChannel {
  readonly id: number;
  readonly #events: TypedEmitter<ChannelEvents>;
  readonly #send: (channel: PeerDatagramChannel, payload: Uint8Array) => void;
  readonly #release: (channel: PeerDatagramChannel) => void;
  #open = true;

  /** Made by PeerConnection.openDatagramChannel. */
  constructor(
    id: number,
    events: TypedEmitter<ChannelEvents>,
    send: (channel: PeerDatagramChannel, payload: Uint8Array) => void,
    release: (channel: PeerDatagramChannel) => void,
  ) {
    this.id = id;
    this.#events = events;
    this.#send = send;
    this.#release = release;
    events.on('end', (reason) => this.#end(reason));
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /**
   * Sends one datagram, best effort: it may be lost or overtaken. Throws PEER_DATAGRAM_TOO_LARGE
   * above MAX_DATAGRAM_PAYLOAD_BYTES and PEER_CHANNEL_CLOSED once the channel is closed.
   */
  send(payload: Uint8Array): void {
    if (!this.#open) throw new PeerError('PEER_CHANNEL_CLOSED', `datagram channel ${this.id} is closed`);
    if (payload.length > MAX_DATAGRAM_PAYLOAD_BYTES) {
      throw new PeerError('PEER_DATAGRAM_TOO_LARGE', `a ${payload.length}-byte datagram exceeds the ${MAX_DATAGRAM_PAYLOAD_BYTES}-byte limit`);
    }
    this.#send(this, payload);
  }

  /** `payload` is a view into UDX's shared receive buffer: copy it to keep it beyond the packet's handling. */
  onDatagram(listener: (payload: Buffer) => void): () => void {
    return this.#events.on('datagram', listener);
  }

  onClosed(listener: (reason: PeerChannelCloseReason) => void): () => void {
    return this.#events.on('closed', listener);
  }

  /** Frees the id; datagrams that still arrive for it are counted as unroutable. */
  close(): void {
    this.#end('closed');
  }

  #end(reason: PeerChannelCloseReason): void {
    if (!this.#open) return;
    this.#open = false;
    this.#release(this);
    this.#events.emit('closed', reason);
    this.#events.removeAllListeners();
  }
}

/** The channel table of one connection: allocation, demultiplexing, counting. */
export class PeerDatagramChannels {
  readonly stats: PeerDatagramStats = { sent: 0, received: 0, unroutable: 0, malformed: 0, lost: 0 };
  readonly #options: PeerDatagramChannelsOptions;
  readonly #channels = new Map<number, { channel: PeerDatagramChannel; events: TypedEmitter<ChannelEvents> }>();
  readonly #first: number;
  readonly #last: number;
  #next: number;
  #closed = false;

  constructor(options: PeerDatagramChannelsOptions) {
    this.#options = options;
    this.#first = options.lowerKey ? 1 : HIGHER_KEY_CHANNEL_BASE;
    this.#last = options.lowerKey ? HIGHER_KEY_CHANNEL_BASE - 1 : MAX_CHANNEL_ID;
    this.#next = this.#first;
  }

  get size(): number {
    return this.#channels.size;
  }

  /** An id from this device's half that no open channel uses, for the side that sets up a media session. */
  allocateId(): number {
    for (;;) {
      const id = this.#next;
      this.#next = id >= this.#last ? this.#first : id + 1;
      if (!this.#channels.has(id)) return id;
    }
  }

  open(id: number): PeerDatagramChannel {
    if (this.#closed) throw new PeerError('PEER_CONNECTION_CLOSED', 'the connection is closed');
    if (!isValidChannelId(id)) throw new PeerError('PEER_BAD_CHANNEL', `${id} is not a datagram channel id (1..${MAX_CHANNEL_ID})`);
    if (this.#channels.has(id)) throw new PeerError('PEER_BAD_CHANNEL', `datagram channel ${id} is already open`);
    const events = new TypedEmitter<ChannelEvents>();
    const channel = new PeerDatagramChannel(
      id,
      events,
      (from, payload) => this.#send(from, payload),
      (from) => this.#release(from),
    );
    this.#channels.set(id, { channel, events });
    this.#options.onActivity();
    return channel;
  }

  /** Routes one decrypted datagram from the peer. Never throws. */
  receive(datagram: Buffer): void {
    if (this.#closed) return;
    const decoded = decodeDatagram(datagram);
    if (!decoded.ok) {
      this.stats.malformed++;
      return;
    }
    const entry = this.#channels.get(decoded.value.channelId);
    if (!entry) {
      this.stats.unroutable++;
      return;
    }
    this.stats.received++;
    this.#options.onActivity();
    entry.events.emit('datagram', decoded.value.payload);
  }

  closeAll(): void {
    this.#closed = true;
    for (const { events } of [...this.#channels.values()]) events.emit('end', 'connection-closed');
  }

  #send(channel: PeerDatagramChannel, payload: Uint8Array): void {
    if (this.#channels.get(channel.id)?.channel !== channel) throw new PeerError('PEER_CHANNEL_CLOSED', `datagram channel ${channel.id} is closed`);
    this.#options.onActivity();
    if (this.#options.dropDatagram?.()) {
      this.stats.lost++;
      return;
    }
    this.stats.sent++;
    this.#options.transmit(encodeDatagram(channel.id, payload));
  }

  #release(channel: PeerDatagramChannel): void {
    if (this.#channels.get(channel.id)?.channel !== channel) return;
    this.#channels.delete(channel.id);
    this.#options.onActivity();
  }
}
