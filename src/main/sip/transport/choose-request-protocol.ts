/**
 * RFC 3261 §18.1.1: "If a request is within 200 bytes of the path MTU, or if it is larger than
 * 1300 bytes and the path MTU is unknown, the request MUST be sent using an RFC 2914 congestion
 * controlled transport protocol, such as TCP." (Fragmented UDP loses the whole message with
 * any fragment.) Parley's own peers may not listen on TCP, and plain SIP peers often do not
 * either, so the switch happens only when this layer has a TCP transport, and the caller falls
 * back to UDP when the connection is refused (§18.1.1, last paragraph).
 */
import { type TransportProtocol } from './sip-transport.js';

/** The limit when the path MTU is unknown. */
export const UNKNOWN_PATH_MTU_LIMIT_BYTES = 1300;
/** How close to a known path MTU a request may come. */
export const PATH_MTU_MARGIN_BYTES = 200;

export interface RequestProtocolInput {
  /** The protocol the destination asks for. */
  readonly protocol: TransportProtocol;
  /** The serialized request's size in bytes. */
  readonly messageBytes: number;
  readonly pathMtu?: number;
  readonly tcpAvailable: boolean;
}

export function exceedsPathMtu(messageBytes: number, pathMtu?: number): boolean {
  return pathMtu === undefined ? messageBytes > UNKNOWN_PATH_MTU_LIMIT_BYTES : messageBytes >= pathMtu - PATH_MTU_MARGIN_BYTES;
}

export function chooseRequestProtocol(input: RequestProtocolInput): TransportProtocol {
  if (input.protocol !== 'UDP' || !input.tcpAvailable) return input.protocol;
  return exceedsPathMtu(input.messageBytes, input.pathMtu) ? 'TCP' : 'UDP';
}
