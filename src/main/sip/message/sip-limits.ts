/**
 * Every bound the message layer puts on what a peer sends, in one place (STYLE.md habit 10),
 * so that no input can make the parser use unbounded memory or time. The transports and the
 * stream framer read the same object; tests pass smaller ones to exercise the edges.
 */
export interface SipMessageLimits {
  /** Start line + headers + body, in bytes. */
  readonly maxMessageBytes: number;
  /** Start line + headers + the empty line, in bytes (what a framer buffers before it knows the body size). */
  readonly maxHeadBytes: number;
  /** One header after unfolding (name, colon and value), or the start line, in UTF-16 code units. */
  readonly maxLineLength: number;
  /** Header fields (lines after unfolding) in one message. */
  readonly maxHeaderCount: number;
  /** Via values in one message, counting comma-separated ones. */
  readonly maxViaCount: number;
}

export const SIP_MESSAGE_LIMITS: SipMessageLimits = {
  // 64 KiB: no UDP datagram carries more (65,507 bytes of IPv4 payload), and RFC 3261 §18.1.1
  // moves anything near the path MTU to TCP anyway; a typical INVITE with SDP is 1–4 KiB and
  // the largest bodies we expect (conference-info NOTIFYs, PIDF, multipart) fit many times over.
  // It is also the most a stream framer buffers per connection.
  maxMessageBytes: 64 * 1024,
  // The RFC 4475 "longreq" torture message has a 3 KiB head; 16 KiB leaves room for long
  // Route/Record-Route sets and Identity headers while bounding a peer that never sends CRLFCRLF.
  maxHeadBytes: 16 * 1024,
  // The longest torture header is ~700 characters; Identity (RFC 8224) values are ~1 KiB.
  maxLineLength: 8 * 1024,
  // RFC 4475 "longreq" has 43 header lines.
  maxHeaderCount: 256,
  // Max-Forwards starts at 70 (RFC 3261 §8.1.1.6) and every hop adds one Via, so a request
  // that went through more than 70 elements has been forwarded in a loop.
  maxViaCount: 70,
};
