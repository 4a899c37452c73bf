/**
 * The contract between the SIP transport layer (RFC 3261 §18) and the layers above it
 * (transactions, the UA core). Concrete transports (UDP, TCP, a generic stream such as the
 * HyperDHT connection) live beside this file; the UA core sees only these types.
 */
import type { SipCoreHeaders, SipRequest, SipResponse } from '../message/index.js';

/**
 * The Via transport token (§20.42). `PARLEY` names a Parley peer connection (SIP framed as on
 * TCP over the Noise-encrypted HyperDHT stream, DESIGN.md); the others are RFC 3261's.
 */
export type TransportProtocol = 'UDP' | 'TCP' | 'PARLEY';

/** Reliable transports carry no retransmissions and frame by Content-Length (§17, §18.3). */
export function isReliable(protocol: TransportProtocol): boolean {
  return protocol !== 'UDP';
}

/** Where a message came from or goes to. */
export interface TransportAddress {
  readonly protocol: TransportProtocol;
  /** IP address (IPv6 without brackets), or for PARLEY the remote device key in hex. */
  readonly host: string;
  readonly port: number;
  /** Set for connection-oriented transports: the connection the message arrived on. */
  readonly connectionId?: string;
}

/** A message the transport received and parsed, with where it came from. */
export interface Inbound<M> {
  readonly message: M;
  /** The mandatory headers, parsed once at the edge (§8.1.1). */
  readonly core: SipCoreHeaders;
  readonly source: TransportAddress;
  /** The local address it arrived at (for Via sent-by and Contact). */
  readonly local: TransportAddress;
}

/** What the transport layer offers the layers above. */
export interface SipTransportLayer {
  /**
   * The sent-by for a Via this layer would send over `protocol` (§18.1.1: the UA core adds the
   * Via with a fresh branch; the transport only checks it and, for UDP, may not rewrite it).
   */
  localAddress(protocol: TransportProtocol): TransportAddress | undefined;
  /**
   * Sends a request to `destination` (§18.1.1), reusing an open connection to it when one
   * exists (§18.1.1 last paragraph) and opening one otherwise. Rejects with a TransportError
   * when it cannot be sent; the transaction layer treats that as a transport error.
   */
  sendRequest(request: SipRequest, destination: TransportAddress): Promise<void>;
  /**
   * Sends a response where §18.2.2 and RFC 3581 §4 say, from the top Via and the request's
   * source: the same connection for reliable transports while it is open, else received/rport.
   */
  sendResponse(response: SipResponse, requestSource: TransportAddress): Promise<void>;
  /** Requests arrive here after §18.2.1 (received/rport added to the top Via). */
  onRequest(listener: (inbound: Inbound<SipRequest>) => void): () => void;
  /** Responses arrive here after §18.1.2 (sent-by checked, mismatches dropped). */
  onResponse(listener: (inbound: Inbound<SipResponse>) => void): () => void;
  close(): Promise<void>;
}
