import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { TypedEmitter } from '../../typed-emitter.js';
import { MediaSessionError } from './media-session-error.js';

export interface UdpAddress {
  readonly address: string;
  readonly port: number;
}

/** What a session needs from the network: datagrams out, datagrams in. HyperDHT datagrams plug in here later. */
export interface MediaTransport {
  send(bytes: Uint8Array): void;
  close(): Promise<void>;
}

export interface RtpUdpTransportOptions {
  /** The local address to bind; port 0 (default) takes a free one. */
  readonly host: string;
  readonly port?: number | undefined;
  /** Where to send; may come later (`setRemote`), from the answer. */
  readonly remote?: UdpAddress | undefined;
  /** Share of outgoing datagrams dropped on purpose (tests of loss). Default 0. */
  readonly lossRate?: number | undefined;
  /** Random numbers in [0, 1) for the loss (seededRandom in tests). */
  readonly random?: (() => number) | undefined;
}

export interface RtpUdpTransportEvents extends Record<string, unknown> {
  datagram: { readonly bytes: Uint8Array; readonly from: UdpAddress };
  transportError: MediaSessionError;
}

/**
 * RTP and RTCP on one UDP socket (RFC 5761), a thin adapter. Datagrams are taken only from the
 * remote's address once it is known, and the port is latched from the first of them (symmetric
 * RTP, RFC 4961: a peer behind NAT sends from where it listens). Before a remote is known nothing
 * is accepted or sent.
 */
export class RtpUdpTransport extends TypedEmitter<RtpUdpTransportEvents> implements MediaTransport {
  readonly #socket: Socket;
  readonly #lossRate: number;
  readonly #random: () => number;
  #remote: UdpAddress | undefined;
  #latched = false;
  #closed = false;
  #sent = 0;
  #dropped = 0;

  private constructor(socket: Socket, options: RtpUdpTransportOptions) {
    super();
    this.#socket = socket;
    this.#remote = options.remote;
    this.#lossRate = options.lossRate ?? 0;
    this.#random = options.random ?? Math.random;
    socket.on('message', (message: Buffer, info: RemoteInfo) => this.#onMessage(message, info));
    socket.on('error', (error) => this.emit('transportError', new MediaSessionError('MEDIA_TRANSPORT_FAILED', `RTP socket: ${error.message}`, { cause: error })));
  }

  /** Binds the socket; a bad address or a taken port is `MEDIA_TRANSPORT_FAILED`. */
  static open(options: RtpUdpTransportOptions): Promise<RtpUdpTransport> {
    const family = isIP(options.host);
    if (family === 0) return Promise.reject(new MediaSessionError('MEDIA_TRANSPORT_FAILED', `${JSON.stringify(options.host)} is not an IP address`));
    const lossRate = options.lossRate ?? 0;
    if (!(lossRate >= 0 && lossRate <= 1)) return Promise.reject(new MediaSessionError('MEDIA_BAD_CONFIG', `a loss rate of ${lossRate}`));
    const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    return new Promise((resolve, reject) => {
      const failed = (error: Error): void => {
        socket.close();
        reject(new MediaSessionError('MEDIA_TRANSPORT_FAILED', `cannot bind ${options.host}:${options.port ?? 0}: ${error.message}`, { cause: error }));
      };
      socket.once('error', failed);
      socket.bind({ address: options.host, port: options.port ?? 0, exclusive: true }, () => {
        socket.off('error', failed);
        resolve(new RtpUdpTransport(socket, options));
      });
    });
  }

  get localAddress(): UdpAddress {
    const { address, port } = this.#socket.address();
    return { address, port };
  }

  get remote(): UdpAddress | undefined {
    return this.#remote;
  }

  /** Datagrams handed to the socket, and those dropped by the loss option. */
  get counters(): { readonly sent: number; readonly dropped: number } {
    return { sent: this.#sent, dropped: this.#dropped };
  }

  setRemote(remote: UdpAddress): void {
    this.#remote = remote;
    this.#latched = false;
  }

  send(bytes: Uint8Array): void {
    const remote = this.#remote;
    if (this.#closed || !remote) return;
    if (this.#lossRate > 0 && this.#random() < this.#lossRate) {
      this.#dropped += 1;
      return;
    }
    this.#sent += 1;
    // A send error (unreachable port, ICMP) is reported on 'transportError'; a call survives it.
    this.#socket.send(bytes, remote.port, remote.address);
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    return new Promise((resolve) => this.#socket.close(() => resolve()));
  }

  #onMessage(message: Buffer, info: RemoteInfo): void {
    const remote = this.#remote;
    if (this.#closed || !remote || info.address !== remote.address) return;
    if (!this.#latched) {
      this.#latched = true;
      if (info.port !== remote.port) this.#remote = { address: remote.address, port: info.port };
    } else if (info.port !== remote.port) {
      return;
    }
    this.emit('datagram', { bytes: new Uint8Array(message.buffer, message.byteOffset, message.byteLength), from: { address: info.address, port: info.port } });
  }
}
