// The parts of hyperdht (and its base, dht-rpc) that Parley uses; the package ships no types.
declare module 'hyperdht' {
  import type { EventEmitter } from 'node:events';

  export interface HostPort {
    host: string;
    port: number;
  }

  export interface HyperDHTOptions {
    bootstrap?: Array<string | HostPort> | false;
    keyPair?: { publicKey: Buffer; secretKey: Buffer };
    host?: string;
    /** A port, or a range [from, to) to try; HyperDHT's default is 49737–49742, then any. [0, 0] = any free port. */
    port?: number | [number, number];
    ephemeral?: boolean;
    firewalled?: boolean;
    anyPort?: boolean;
  }

  export interface KeyPair {
    publicKey: Buffer;
    secretKey: Buffer;
  }

  /** A DHT node that answered a query; `id` is null for a node that is not in routing tables. */
  export interface QueryNode {
    id: Buffer | null;
    host: string;
    port: number;
  }

  /** A query (dht-rpc `Query`, a streamx Readable): iterate its mapped replies, or await `finished()`. */
  export interface Query<Reply> extends AsyncIterable<Reply> {
    finished(): Promise<void>;
    destroy(error?: Error): void;
    readonly closestNodes: QueryNode[];
  }

  /** A peer announced on a topic: its key and up to 3 DHT nodes that relay connects to it. */
  export interface AnnouncedPeer {
    publicKey: Buffer;
    relayAddresses: HostPort[];
  }

  export interface LookupReply {
    from: QueryNode;
    to: HostPort;
    peers: AnnouncedPeer[];
    bump: number;
  }

  export interface MutableRecord {
    seq: number;
    value: Buffer;
    signature: Buffer;
    from: QueryNode;
  }

  export interface MutablePutResult {
    publicKey: Buffer;
    closestNodes: QueryNode[];
    seq: number;
    signature: Buffer;
  }

  export interface MutableGetOptions {
    /** Only values with at least this seq. */
    seq?: number;
    /** Ask every close node and return the highest seq (HyperDHT's default), not the first valid one. */
    latest?: boolean;
    /** Re-store the found record on the closest nodes when this returns true. */
    refresh?: (record: MutableRecord) => boolean;
  }

  export interface AnnounceOptions {
    /** Unannounce from nodes that are no longer among the closest. */
    clear?: boolean;
  }

  export default class HyperDHT extends EventEmitter {
    constructor(options?: HyperDHTOptions);
    static BOOTSTRAP: string[];
    static bootstrapper(port: number, host: string, options?: HyperDHTOptions): HyperDHT;
    static keyPair(seed?: Buffer): { publicKey: Buffer; secretKey: Buffer };
    readonly bootstrapped: boolean;
    readonly destroyed: boolean;
    readonly online: boolean;
    readonly degraded: boolean;
    readonly ephemeral: boolean;
    readonly firewalled: boolean;
    readonly bootstrapNodes: HostPort[];
    ready(): Promise<void>;
    fullyBootstrapped(): Promise<void>;
    address(): { host: string; port: number; family: number };
    toArray(options?: { limit?: number }): HostPort[];
    destroy(options?: { force?: boolean }): Promise<void>;
    lookup(topic: Buffer): Query<LookupReply>;
    announce(topic: Buffer, keyPair: KeyPair, relayAddresses?: HostPort[], options?: AnnounceOptions): Query<LookupReply>;
    unannounce(topic: Buffer, keyPair: KeyPair): Promise<void>;
    /** Stores `value` under hash(keyPair.publicKey), signed with seq. An older seq is ignored by the nodes, silently. */
    mutablePut(keyPair: KeyPair, value: Buffer, options?: { seq?: number }): Promise<MutablePutResult>;
    /** The verified record stored under hash(publicKey), or null when no close node has one. */
    mutableGet(publicKey: Buffer, options?: MutableGetOptions): Promise<MutableRecord | null>;
  }
}

// Peer connections (peer-connector.ts): HyperDHT's server and connect, and the
// @hyperswarm/secret-stream NoiseSecretStream (a streamx Duplex over a UDX stream) they yield.
declare module 'hyperdht' {
  /** One end of an encrypted HyperDHT connection: a message-oriented reliable stream plus unordered datagrams. */
  export interface NoiseSecretStream {
    readonly isInitiator: boolean;
    readonly publicKey: Buffer | null;
    /** The far end's static Noise key: for HyperDHT, the key pair it listens with. */
    readonly remotePublicKey: Buffer | null;
    readonly handshakeHash: Buffer | null;
    /** Resolves true once the stream can carry data, false when it was destroyed first. */
    readonly opened: Promise<boolean>;
    readonly destroying: boolean;
    readonly destroyed: boolean;
    readonly rawBytesRead: number;
    readonly rawBytesWritten: number;
    /** One write is one message on the far side (secret-stream frames each write; at most 16 MiB). */
    write(data: Uint8Array): boolean;
    end(): void;
    destroy(error?: Error): void;
    pause(): this;
    resume(): this;
    setKeepAlive(ms: number): void;
    setTimeout(ms: number): void;
    /** An encrypted unordered datagram; silently dropped before the handshake or over a non-UDX transport. */
    send(datagram: Uint8Array): Promise<boolean> | undefined;
    trySend(datagram: Uint8Array): void;
    on(event: 'data' | 'message', listener: (bytes: Buffer) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: 'open' | 'connect' | 'handshake' | 'drain' | 'end' | 'close', listener: () => void): this;
    once(event: 'data' | 'message', listener: (bytes: Buffer) => void): this;
    once(event: 'error', listener: (error: Error) => void): this;
    once(event: 'open' | 'connect' | 'handshake' | 'drain' | 'end' | 'close', listener: () => void): this;
    off(event: 'data' | 'message', listener: (bytes: Buffer) => void): this;
    off(event: 'error', listener: (error: Error) => void): this;
    off(event: 'open' | 'connect' | 'handshake' | 'drain' | 'end' | 'close', listener: () => void): this;
  }

  /** A blind-relay server's key (or a choice of them) that carries a connection both ends cannot holepunch. */
  export type RelayThrough = Buffer | Buffer[] | (() => Buffer | Buffer[] | null) | null;

  export interface HyperDHTServerOptions {
    /** Return true to REJECT the peer (HyperDHT's sense); the refused client gets no reply at all. */
    firewall?: (remotePublicKey: Buffer, remotePayload: unknown, clientAddress: HostPort) => boolean | Promise<boolean>;
    relayThrough?: RelayThrough;
    /** false = never holepunch (only direct or relayed connections). */
    holepunch?: boolean;
    shareLocalAddress?: boolean;
    reusableSocket?: boolean;
  }

  export interface HyperDHTServer {
    readonly listening: boolean;
    readonly closed: boolean;
    readonly publicKey: Buffer | null;
    listen(keyPair?: { publicKey: Buffer; secretKey: Buffer }): Promise<HyperDHTServer>;
    close(): Promise<void>;
    address(): { publicKey: Buffer; host: string; port: number } | null;
    on(event: 'connection', listener: (stream: NoiseSecretStream) => void): this;
    on(event: 'listening' | 'close', listener: () => void): this;
    off(event: 'connection', listener: (stream: NoiseSecretStream) => void): this;
  }

  export interface HyperDHTConnectOptions {
    keyPair?: { publicKey: Buffer; secretKey: Buffer };
    relayThrough?: RelayThrough;
    /** DHT nodes known to relay the handshake to the server (an announced peer's relayAddresses). */
    relayAddresses?: HostPort[];
    /** false = do not try the LAN shortcut. */
    localConnection?: boolean;
    fastOpen?: boolean;
    reusableSocket?: boolean;
  }

  // Merges into the class declared above.
  export default interface HyperDHT {
    connect(remotePublicKey: Buffer, options?: HyperDHTConnectOptions): NoiseSecretStream;
    createServer(options?: HyperDHTServerOptions, onconnection?: (stream: NoiseSecretStream) => void): HyperDHTServer;
  }
}

// LAN discovery (p2p/lan-*.ts) announces the port where this node takes handshakes.
declare module 'hyperdht' {
  export default interface HyperDHT {
    /** Binds the node's UDP sockets (idempotent; `ready()` also waits for the bootstrap). */
    bind(): Promise<void>;
    /** The server socket's port with this machine's primary IPv4 address; null before bind. */
    localAddress(): HostPort | null;
  }
}
