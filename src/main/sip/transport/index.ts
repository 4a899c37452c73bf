/**
 * The SIP transport layer (RFC 3261 §18, RFC 3581, RFC 5626 §3.5.1): the public API the
 * transaction layer, the UA core and the composition root use.
 */
export { isReliable, type Inbound, type SipTransportLayer, type TransportAddress, type TransportProtocol } from './sip-transport.js';
export { createTransportLayer, TransportLayer, type StreamListenOptions, type TransportLayerOptions } from './transport-layer.js';
export { type ListenAddress, type TcpListenOptions, type UdpListenOptions } from './bind-listeners.js';
export { TransportError, isTransportError, type TransportErrorCode } from './transport-error.js';
export { TransportStats, TRANSPORT_STAT_NAMES, type TransportStatName, type TransportStatsSnapshot } from './transport-stats.js';
export { DatagramLoss, seededRandom, type DatagramLossOptions, type LossDirection } from './datagram-loss.js';
export { responseDestination, protocolOfVia, type ResponseRoute } from './response-destination.js';
export { stampReceived, type PacketSource } from './stamp-received.js';
export { sentByMatches, sentByOf, defaultPortFor, SIP_DEFAULT_PORT, SIPS_DEFAULT_PORT, type SentBy } from './sent-by.js';
export { chooseRequestProtocol, exceedsPathMtu, UNKNOWN_PATH_MTU_LIMIT_BYTES, PATH_MTU_MARGIN_BYTES, type RequestProtocolInput } from './choose-request-protocol.js';
export { StreamTransport, type OpenedStream, type StreamProtocol, type StreamTransportOptions } from './stream-transport.js';
export { DEFAULT_TCP_IDLE_TIMEOUT_MS, DEFAULT_TCP_CONNECT_TIMEOUT_MS } from './tcp-transport.js';
export { MAX_UDP_PAYLOAD_BYTES } from './udp-transport.js';
