import { CodedError } from '../coded-error.js';

/**
 * Faults of the peer connection layer. The first three are what a failed `connect` rejects
 * with, chosen so the call layer can answer a SIP request with them:
 *
 * | code | means | a UAC might answer |
 * |---|---|---|
 * | PEER_UNREACHABLE | no device listens under that key, every route failed, or its firewall refused us (HyperDHT gives a refused client no answer at all, so a refusal looks exactly like this) | 480 Temporarily Unavailable |
 * | PEER_TIMEOUT | no connection within the connect timeout | 408 Request Timeout |
 * | PEER_REFUSED | the device answered and turned the connection down | 403 Forbidden / 603 Decline |
 */
export type PeerErrorCode =
  | 'PEER_UNREACHABLE'
  | 'PEER_TIMEOUT'
  | 'PEER_REFUSED'
  /** Not a 32-byte device key, or this device's own key. */
  | 'PEER_BAD_KEY'
  /** The connector (or the DHT under it) is closed. */
  | 'PEER_CONNECTOR_CLOSED'
  /** The connection closed before or while the operation ran. */
  | 'PEER_CONNECTION_CLOSED'
  /** A datagram payload larger than MAX_DATAGRAM_PAYLOAD_BYTES (peer-wire.ts). */
  | 'PEER_DATAGRAM_TOO_LARGE'
  /** A datagram channel id outside 1..2^32-1, or already open on this connection. */
  | 'PEER_BAD_CHANNEL'
  /** The datagram channel was closed. */
  | 'PEER_CHANNEL_CLOSED'
  /** The peer broke the framing of peer-wire.ts. */
  | 'PEER_PROTOCOL_ERROR'
  /** Listening on the DHT failed (the key pair is in use by another server, the DHT is destroyed…). */
  | 'PEER_LISTEN_FAILED';

export class PeerError extends CodedError<PeerErrorCode> {
  /** HyperDHT's own code (PEER_NOT_FOUND, HOLEPUNCH_ABORTED…) when the fault came from it. */
  readonly dhtCode?: string;

  constructor(code: PeerErrorCode, message: string, options?: { cause?: unknown; dhtCode?: string }) {
    super('PeerError', code, message, options);
    if (options?.dhtCode !== undefined) this.dhtCode = options.dhtCode;
  }
}

export function isPeerError(error: unknown, code?: PeerErrorCode): error is PeerError {
  return error instanceof PeerError && (code === undefined || error.code === code);
}

/**
 * HyperDHT connect failures (hyperdht lib/errors.js) that mean the far end answered and said
 * no. Everything else it reports — PEER_NOT_FOUND, PEER_CONNECTION_FAILED (the only thing a
 * firewalled client ever sees), the holepunch and relay failures — means no route.
 */
const REFUSALS: ReadonlySet<string> = new Set(['REMOTE_ABORTED', 'SERVER_ERROR', 'SERVER_INCOMPATIBLE']);
const SHUTDOWNS: ReadonlySet<string> = new Set(['NODE_DESTROYED', 'SUSPENDED']);

/** The PeerError a failed HyperDHT connect to `remoteHex` stands for. */
export function peerErrorFromDht(error: unknown, remoteHex: string): PeerError {
  if (error instanceof PeerError) return error;
  const dhtCode = dhtCodeOf(error);
  const detail = error instanceof Error ? error.message : 'the connection closed during the handshake';
  const options = { cause: error, ...(dhtCode === undefined ? {} : { dhtCode }) };
  if (dhtCode !== undefined && REFUSALS.has(dhtCode)) {
    return new PeerError('PEER_REFUSED', `device ${short(remoteHex)} refused the connection: ${detail}`, options);
  }
  if (dhtCode !== undefined && SHUTDOWNS.has(dhtCode)) {
    return new PeerError('PEER_CONNECTOR_CLOSED', `cannot connect to device ${short(remoteHex)}: ${detail}`, options);
  }
  return new PeerError('PEER_UNREACHABLE', `device ${short(remoteHex)} is unreachable: ${detail}`, options);
}

function dhtCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/** The first 8 hex digits of a key, enough to tell devices apart in a message. */
export function short(hex: string): string {
  return hex.slice(0, 8);
}
