/**
 * RTP and RTCP on one port (RFC 5761 §4): the second octet of an RTCP packet is its packet type,
 * 192–223 for every type defined, which reads as marker bit 1 and payload type 64–95 in an RTP
 * header — values RFC 5761 keeps out of RTP's payload types when muxing. So the second octet with
 * the marker bit masked tells them apart.
 */
export function isRtcp(packet: Uint8Array): boolean {
  const second = packet[1];
  if (second === undefined) return false;
  const payloadType = second & 0x7f;
  return payloadType >= 64 && payloadType <= 95;
}
