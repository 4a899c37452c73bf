import { Duplex } from 'node:stream';
import { PeerError } from './peer-error.js';
import { encodeSipMessage, MAX_SIP_MESSAGE_BODY_BYTES } from './peer-wire.js';

/** What the SIP byte stream needs from its connection. */
export interface PeerSipStreamPort {
  /** Writes one reliable message; false when the secret stream is buffering more than it likes. */
  write(message: Buffer): boolean;
  /** Calls back once the secret stream has drained, or at once with an error when the connection closed. */
  whenDrained(callback: (error?: Error) => void): void;
  /** Stops reading the secret stream while the SIP side does not read (backpressure). */
  pauseInput(): void;
  resumeInput(): void;
  /** SIP bytes went out: the connection is not idle. */
  onActivity(): void;
  /** The SIP side ended or destroyed the stream: the connection closes (its framing cannot resume). */
  close(): void;
}

/**
 * The SIP byte stream of a peer connection, as the Node Duplex the SIP transport layer frames
 * (`attachStream`). Each write becomes SIP messages of peer-wire.ts on the secret stream; the
 * peer's SIP messages come out in order. It is a plain node:stream Duplex — NoiseSecretStream
 * is a streamx Duplex, whose `write` takes no callback and which has no `writableLength`, so
 * it could not be handed to the transport as it is.
 *
 * Ending or destroying it closes the whole connection, datagram channels included: once the
 * SIP layer gives a connection up (malformed framing, its own idle timeout), nothing could
 * resynchronise the byte stream on it.
 */
export class PeerSipStream extends Duplex {
  readonly #port: PeerSipStreamPort;

  constructor(port: PeerSipStreamPort) {
    super({ allowHalfOpen: false });
    this.#port = port;
  }

  /** Called by the connection with the body of a SIP message from the peer. */
  deliver(bytes: Buffer): void {
    if (this.destroyed || this.readableEnded) return;
    if (!this.push(bytes)) this.#port.pauseInput();
  }

  /**
   * The connection has closed. Gracefully (the peer ended): what the peer sent is still read,
   * then the stream ends and closes; when nobody reads it, or abruptly, it is destroyed now.
   */
  finish(graceful: boolean): void {
    if (this.destroyed) return;
    if (graceful && this.readableFlowing === true && !this.readableEnded) {
      this.push(null);
      this.once('end', () => this.destroy());
      return;
    }
    this.destroy();
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk instanceof Uint8Array ? chunk : null;
    if (!bytes) {
      callback(new PeerError('PEER_PROTOCOL_ERROR', 'the SIP stream takes bytes only'));
      return;
    }
    let drained = true;
    for (let offset = 0; offset < bytes.length; offset += MAX_SIP_MESSAGE_BODY_BYTES) {
      drained = this.#port.write(encodeSipMessage(bytes.subarray(offset, offset + MAX_SIP_MESSAGE_BODY_BYTES))) && drained;
    }
    this.#port.onActivity();
    if (drained) callback();
    else this.#port.whenDrained((error) => callback(error ?? null));
  }

  override _read(): void {
    this.#port.resumeInput();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#port.close();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#port.close();
    callback(error);
  }
}
