import { TypedEmitter } from '../../typed-emitter.js';
import { MediaSessionError } from './media-session-error.js';
import type { MediaTransport, RtpUdpTransportEvents } from './rtp-udp-transport.js';

export interface RelayedTransportOptions {
  /** Share of outgoing datagrams dropped on purpose (tests of loss). Default 0. */
  readonly lossRate?: number | undefined;
  readonly random?: (() => number) | undefined;
}

/**
 * RTP and RTCP moved by someone else: the datagram channel of a Parley peer connection lives on
 * the main thread, so the session hands each outgoing datagram to `post` and is handed each
 * incoming one (`deliver`). The media engine stays ignorant of what carries them.
 */
export class RelayedTransport extends TypedEmitter<RtpUdpTransportEvents> implements MediaTransport {
  readonly #post: (bytes: Uint8Array) => void;
  readonly #lossRate: number;
  readonly #random: () => number;
  #closed = false;
  #sent = 0;
  #dropped = 0;

  constructor(post: (bytes: Uint8Array) => void, options: RelayedTransportOptions = {}) {
    super();
    const lossRate = options.lossRate ?? 0;
    if (!(lossRate >= 0 && lossRate <= 1)) throw new MediaSessionError('MEDIA_BAD_CONFIG', `a loss rate of ${lossRate}`);
    this.#post = post;
    this.#lossRate = lossRate;
    this.#random = options.random ?? Math.random;
  }

  get counters(): { readonly sent: number; readonly dropped: number } {
    return { sent: this.#sent, dropped: this.#dropped };
  }

  send(bytes: Uint8Array): void {
    if (this.#closed) return;
    if (this.#lossRate > 0 && this.#random() < this.#lossRate) {
      this.#dropped += 1;
      return;
    }
    this.#sent += 1;
    this.#post(bytes);
  }

  /** A datagram from the peer; the connection under it already authenticated the peer. */
  deliver(bytes: Uint8Array): void {
    if (!this.#closed) this.emit('datagram', { bytes, from: { address: 'relay', port: 0 } });
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }
}
