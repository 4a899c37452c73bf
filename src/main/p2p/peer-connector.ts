/**
 * Connections between this device and other Parley devices over HyperDHT: one encrypted
 * connection per device pair, shared by every dialog and media session between the two
 * (DESIGN.md, "SIP transport" and "RTP transport"), with the buddies-only firewall. A server
 * listens with this device's key pair; connect() dials, or joins the connection that is open
 * or on its way. Which of several streams of a pair is the connection is PeerPair's business.
 */
import type HyperDHT from 'hyperdht';
import type { HostPort, NoiseSecretStream, RelayThrough } from 'hyperdht';
import { type Clock, systemClock, type TimerHandle } from '../clock.js';
import type { KeyPair } from '../identity/identity-key-pair.js';
import { TypedEmitter } from '../typed-emitter.js';
import { PeerConnection, type PeerConnectionClosed } from './peer-connection.js';
import { PeerError, peerErrorFromDht, short } from './peer-error.js';
import { PeerPair } from './peer-pair.js';

/** Long enough that a call back, a re-INVITE or a presence refresh finds the connection warm. */
export const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60_000;
/** A cold HyperDHT connect takes 5–12 round trips on a real network (DESIGN.md); holepunching adds a few seconds. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
/** How long the deciding device waits for a PONG on its connection before calling it dead. */
export const DEFAULT_STALE_PROBE_TIMEOUT_MS = 5_000;
/** HyperDHT sends a keep-alive every 5 s of silence: six missed ones mean the peer is gone. */
export const DEFAULT_PEER_TIMEOUT_MS = 30_000;
const LINGER_MS = 2_000;

export interface PeerConnectorOptions {
  readonly dht: HyperDHT;
  /** This device's key pair: the server listens with it, and it is the remoteDeviceKey peers see. */
  readonly keyPair: KeyPair;
  readonly clock?: Clock;
  /**
   * Buddies-only mode: return true to let a device connect (e.g. "is this key on a contact's
   * device list"). HyperDHT asks it during the handshake, so a refused device never gets a
   * connection, nor even an answer. Undefined admits everyone. Our own connects are not filtered.
   */
  readonly admitPeer?: (remoteDeviceKey: Buffer) => boolean;
  /**
   * Key(s) of blind-relay servers (HyperDHT 6's `relayThrough`, one picked at random) through
   * which connections go when the two ends cannot holepunch; used when listening and, unless
   * connect() says otherwise, when connecting. A direct path found later replaces the relayed one.
   */
  readonly relayThrough?: Buffer | readonly Buffer[];
  /** Close a connection this long idle (no SIP bytes, no datagrams, no datagram channel open). */
  readonly idleTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly staleProbeTimeoutMs?: number;
  /** Destroy a connection on which nothing (not even a keep-alive) arrived this long. */
  readonly peerTimeoutMs?: number;
  /** Test seam: return true to drop an outgoing datagram (loss injection with a seeded random). */
  readonly dropDatagram?: () => boolean;
}

export interface PeerConnectOptions {
  /** Overrides the connector's relayThrough for this connect; null = no relay. */
  readonly relayThrough?: Buffer | readonly Buffer[] | null;
  /**
   * DHT nodes that take the handshake to the device: an announced peer's `relayAddresses`
   * (lookup), or the device's own DHT node on the LAN (lan-connect.ts). HyperDHT tries them
   * first and still looks the key up itself.
   */
  readonly relayAddresses?: readonly HostPort[];
}

type PeerConnectorEvents = {
  /** A connection became the pair's connection, whichever device dialled. Fires before connect() resolves. */
  connectionOpened: PeerConnection;
  /** An open connection closed; `reason` says why. */
  connectionClosed: PeerConnectionClosed;
};

interface Waiter {
  readonly resolve: (connection: PeerConnection) => void;
  readonly reject: (error: PeerError) => void;
  readonly timer: TimerHandle;
}

/** Everything about one remote device. */
interface PeerSlot {
  readonly pair: PeerPair;
  /** The stream this device is dialling, until it opens or fails. */
  dialing: NoiseSecretStream | undefined;
  /** Streams accepted by the server whose secret stream has not opened yet. */
  arriving: number;
  readonly waiters: Set<Waiter>;
  /** The latest connect()'s options, for a dial that follows a lost race. */
  connectOptions: PeerConnectOptions;
}

export class PeerConnector extends TypedEmitter<PeerConnectorEvents> {
  readonly publicKey: Buffer;
  readonly #options: PeerConnectorOptions;
  readonly #clock: Clock;
  readonly #connectTimeoutMs: number;
  readonly #probeTimeoutMs: number;
  readonly #slots = new Map<string, PeerSlot>();
  #server: ReturnType<HyperDHT['createServer']> | undefined;
  #listening: Promise<void> | undefined;
  #closed = false;

  constructor(options: PeerConnectorOptions) {
    super();
    this.#options = options;
    this.publicKey = options.keyPair.publicKey;
    this.#clock = options.clock ?? systemClock;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.#probeTimeoutMs = options.staleProbeTimeoutMs ?? DEFAULT_STALE_PROBE_TIMEOUT_MS;
    // The other device waits for the verdict at most a connect timeout: the probe must end first.
    if (this.#probeTimeoutMs >= this.#connectTimeoutMs) throw new RangeError('staleProbeTimeoutMs must be shorter than connectTimeoutMs');
  }

  get listening(): boolean {
    return this.#server?.listening === true;
  }

  /** Open connections, one per remote device. */
  get connections(): PeerConnection[] {
    return [...this.#slots.values()].flatMap((slot) => (slot.pair.connection ? [slot.pair.connection] : []));
  }

  connectionTo(remoteDeviceKey: Uint8Array): PeerConnection | undefined {
    return this.#slots.get(Buffer.from(remoteDeviceKey).toString('hex'))?.pair.connection;
  }

  /** Starts accepting connections to this device's key; rejects with PEER_LISTEN_FAILED. Calling it again joins the first call. */
  listen(): Promise<void> {
    if (this.#closed) return Promise.reject(new PeerError('PEER_CONNECTOR_CLOSED', 'the peer connector is closed'));
    this.#listening ??= this.#listen().catch((error: unknown) => {
      this.#listening = undefined;
      throw error;
    });
    return this.#listening;
  }

  async #listen(): Promise<void> {
    const relayThrough = relayOption(this.#options.relayThrough);
    const server = this.#options.dht.createServer(
      { firewall: (remoteKey) => !this.#admits(remoteKey), ...(relayThrough ? { relayThrough } : {}) },
      (stream) => this.#incoming(stream),
    );
    this.#server = server;
    try {
      await server.listen(this.#options.keyPair);
    } catch (error) {
      this.#server = undefined;
      await server.close().catch(() => undefined);
      throw new PeerError('PEER_LISTEN_FAILED', `cannot listen for peer connections: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * The connection to a device: the open one, the one on its way, or a new one. Rejects with a
   * PeerError: PEER_UNREACHABLE, PEER_TIMEOUT, PEER_REFUSED, PEER_BAD_KEY, PEER_CONNECTOR_CLOSED.
   */
  connect(remoteDeviceKey: Uint8Array, options: PeerConnectOptions = {}): Promise<PeerConnection> {
    if (this.#closed || this.#options.dht.destroyed) return Promise.reject(new PeerError('PEER_CONNECTOR_CLOSED', 'the peer connector is closed'));
    if (remoteDeviceKey.length !== 32) return Promise.reject(new PeerError('PEER_BAD_KEY', `a device key has 32 bytes, not ${remoteDeviceKey.length}`));
    const key = Buffer.from(remoteDeviceKey);
    if (key.equals(this.publicKey)) return Promise.reject(new PeerError('PEER_BAD_KEY', 'that is this device’s own key'));
    const slot = this.#slotFor(key);
    const open = slot.pair.connection;
    if (open) return Promise.resolve(open);
    return new Promise<PeerConnection>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: this.#clock.setTimer(this.#connectTimeoutMs, () => {
          slot.waiters.delete(waiter);
          reject(new PeerError('PEER_TIMEOUT', `no connection to device ${short(slot.pair.hex)} within ${this.#connectTimeoutMs} ms`));
          this.#collect(slot);
        }),
      };
      slot.waiters.add(waiter);
      slot.connectOptions = options;
      this.#advance(slot);
    });
  }

  /** Closes every connection (open or on its way) to a device the firewall no longer admits. */
  enforceFirewall(): void {
    for (const slot of [...this.#slots.values()]) {
      if (!this.#admits(slot.pair.key)) slot.pair.close('refused');
    }
  }

  /** Stops listening and closes every connection ('connector-closed'); pending connects reject. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const slot of [...this.#slots.values()]) {
      this.#rejectWaiters(slot, new PeerError('PEER_CONNECTOR_CLOSED', 'the peer connector closed'));
      slot.dialing?.destroy();
      slot.pair.close('connector-closed');
    }
    this.#slots.clear();
    await this.#server?.close();
  }

  #admits(remoteKey: Buffer): boolean {
    const admit = this.#options.admitPeer;
    if (!admit) return true;
    try {
      return admit(remoteKey) === true;
    } catch {
      return false; // a broken policy refuses rather than admits
    }
  }

  #slotFor(key: Buffer): PeerSlot {
    const hex = key.toString('hex');
    const existing = this.#slots.get(hex);
    if (existing) return existing;
    const slot: PeerSlot = {
      pair: new PeerPair(key, this.#probeTimeoutMs, {
        opened: (connection) => {
          this.emit('connectionOpened', connection);
          this.#advance(slot);
        },
        closed: (closed) => {
          this.emit('connectionClosed', closed);
          this.#collect(slot);
        },
        pendingEnded: (error) => {
          if (error) this.#attemptFailed(slot, error);
          else this.#advance(slot);
          this.#collect(slot);
        },
      }),
      dialing: undefined,
      arriving: 0,
      waiters: new Set(),
      connectOptions: {},
    };
    this.#slots.set(hex, slot);
    return slot;
  }

  /** Forgets a device nothing refers to any more. */
  #collect(slot: PeerSlot): void {
    const idle = !slot.pair.connection && !slot.pair.deciding && !slot.dialing && slot.arriving === 0 && slot.waiters.size === 0;
    if (idle && this.#slots.get(slot.pair.hex) === slot) this.#slots.delete(slot.pair.hex);
  }

  /** Hands the open connection to whoever waits, or dials when nothing is on its way. */
  #advance(slot: PeerSlot): void {
    if (this.#closed) return;
    const open = slot.pair.connection;
    if (open) {
      for (const waiter of [...slot.waiters]) {
        waiter.timer.cancel();
        waiter.resolve(open);
      }
      slot.waiters.clear();
      return;
    }
    if (slot.waiters.size === 0 || slot.dialing || slot.pair.deciding || slot.arriving > 0) return;
    this.#dial(slot);
  }

  #dial(slot: PeerSlot): void {
    const { relayThrough: chosen, relayAddresses } = slot.connectOptions;
    const relayThrough = relayOption(chosen === undefined ? this.#options.relayThrough : chosen);
    let stream: NoiseSecretStream;
    try {
      stream = this.#options.dht.connect(slot.pair.key, {
        keyPair: this.#options.keyPair,
        ...(relayThrough ? { relayThrough } : {}),
        ...(relayAddresses && relayAddresses.length > 0 ? { relayAddresses: relayAddresses.map(({ host, port }) => ({ host, port })) } : {}),
      });
    } catch (error) {
      this.#attemptFailed(slot, peerErrorFromDht(error, slot.pair.hex));
      return;
    }
    slot.dialing = stream;
    let failure: Error | undefined;
    stream.on('error', (error) => {
      failure ??= error;
    });
    void stream.opened.then((opened) => {
      if (slot.dialing === stream) slot.dialing = undefined;
      if (this.#closed) {
        stream.destroy();
        return;
      }
      if (opened && !stream.destroying) this.#adopt(slot, stream);
      else this.#attemptFailed(slot, peerErrorFromDht(failure, slot.pair.hex));
    });
  }

  #incoming(stream: NoiseSecretStream): void {
    stream.on('error', () => undefined); // PeerConnection listens once adopted; until then an error only closes it
    const key = stream.remotePublicKey;
    // The firewall already ran in the handshake; asking again costs nothing and covers a policy that changed since.
    if (this.#closed || !key || !this.#admits(key)) {
      stream.destroy();
      return;
    }
    const slot = this.#slotFor(key);
    slot.arriving++;
    void stream.opened.then((opened) => {
      slot.arriving--;
      if (this.#closed || !opened || stream.destroying) {
        stream.destroy();
        this.#advance(slot);
        this.#collect(slot);
        return;
      }
      this.#adopt(slot, stream);
    });
  }

  /** A stream of the pair is up: it goes to the pair, to be decided. */
  #adopt(slot: PeerSlot, stream: NoiseSecretStream): void {
    const { connection, control } = PeerConnection.attach({
      stream,
      localKey: this.publicKey,
      clock: this.#clock,
      pendingTimeoutMs: this.#connectTimeoutMs,
      pingTimeoutMs: this.#probeTimeoutMs,
      lingerMs: LINGER_MS,
      idleTimeoutMs: this.#options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      ...(this.#options.dropDatagram ? { dropDatagram: this.#options.dropDatagram } : {}),
      onVerdict: (from, verdict) => slot.pair.onVerdict(from, verdict),
    });
    if (connection.state === 'closed') {
      // The stream died between opening and being wrapped.
      this.#attemptFailed(slot, new PeerError('PEER_UNREACHABLE', `the connection to device ${short(slot.pair.hex)} closed as it opened`));
      return;
    }
    stream.setTimeout(this.#options.peerTimeoutMs ?? DEFAULT_PEER_TIMEOUT_MS);
    slot.pair.add(connection, control);
  }

  /** A dial or a pending stream failed: waiters fail too unless another stream of the pair is still on its way. */
  #attemptFailed(slot: PeerSlot, error: PeerError): void {
    if (slot.pair.connection) this.#advance(slot);
    else if (!slot.dialing && !slot.pair.deciding && slot.arriving === 0) this.#rejectWaiters(slot, error);
    this.#collect(slot);
  }

  #rejectWaiters(slot: PeerSlot, error: PeerError): void {
    for (const waiter of [...slot.waiters]) {
      waiter.timer.cancel();
      waiter.reject(error);
    }
    slot.waiters.clear();
  }
}

function relayOption(relayThrough: Buffer | readonly Buffer[] | null | undefined): RelayThrough | undefined {
  if (!relayThrough) return undefined;
  if (Buffer.isBuffer(relayThrough)) return relayThrough;
  return relayThrough.length > 0 ? [...relayThrough] : undefined;
}
