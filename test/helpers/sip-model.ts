/** Plain views of SIP messages, so tests compare models with deepEqual. */
import { type SipMessage } from '../../src/main/sip/message/index.js';

export interface MessageView {
  readonly startLine: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

export function messageView(message: SipMessage): MessageView {
  return {
    startLine:
      message.kind === 'request'
        ? `${message.method} ${message.requestUri} ${message.version}`
        : `${message.version} ${message.status} ${message.reason}`,
    headers: message.headers.fields.map((field) => [field.name, field.value] as const),
    body: Buffer.from(message.body).toString('latin1'),
  };
}

/** A typical INVITE (RFC 3665 §3.1 F1 with a Record-Route and two Vias), for tests and benchmarks. */
export const TYPICAL_INVITE = [
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP ss1.atlanta.example.com:5060;branch=z9hG4bK2d4790.1',
  'Via: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;received=192.0.2.101;rport=5060',
  'Max-Forwards: 69',
  'Record-Route: <sip:ss1.atlanta.example.com;lr>',
  'From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl',
  'To: Bob <sip:bob@biloxi.example.com>',
  'Call-ID: 3848276298220188511@atlanta.example.com',
  'CSeq: 1 INVITE',
  'Contact: <sip:alice@client.atlanta.example.com;transport=udp>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>"',
  'Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE',
  'Supported: replaces, outbound, gruu',
  'User-Agent: Parley/0.1',
  'Content-Type: application/sdp',
  'Content-Length: 151',
  '',
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 client.atlanta.example.com',
  's=-',
  'c=IN IP4 192.0.2.101',
  't=0 0',
  'm=audio 49172 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  '',
].join('\r\n');

/** CRLF-joined lines plus the empty line: a bodiless message for tables. */
export function sipText(...lines: string[]): Buffer {
  return Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8');
}
