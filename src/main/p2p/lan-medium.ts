import { CodedError } from '../coded-error.js';
import type { HostPort } from './bootstrap-address.js';

/**
 * What LAN discovery sends its datagrams over: every Parley device on the same network(s)
 * hears what one sends. The real medium is UDP multicast (MulticastLanMedium); tests of the
 * discovery logic on fake time use an in-memory one.
 */
export interface LanMedium {
  /**
   * Sends one datagram to every device on the LAN. Never rejects: a datagram that could not
   * be sent is a lost datagram, which the announcement schedule already tolerates.
   */
  send(datagram: Buffer): Promise<void>;
  /** Sets the one receiver of datagrams; `from` is the sender's source address. */
  onDatagram(receiver: (datagram: Buffer, from: HostPort) => void): void;
  close(): Promise<void>;
}

export type LanErrorCode = 'LAN_UNAVAILABLE';

export class LanError extends CodedError<LanErrorCode> {
  constructor(code: LanErrorCode, message: string, options?: { cause?: unknown }) {
    super('LanError', code, message, options);
  }
}
