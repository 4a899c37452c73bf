/** Messages for the dialog tests, written as on the wire (RFC 3261 §24 style) and parsed. */
import { parseSipMessage, type SipMessage, type SipRequest, type SipResponse } from '../../../../src/main/sip/message/index.js';

function parse(text: string): SipMessage {
  const result = parseSipMessage(Buffer.from(text.replace(/\n/g, '\r\n') + '\r\n'));
  if (!result.ok) throw new Error(`fixture does not parse: ${result.error.reason}`);
  return result.message;
}

export function request(text: string): SipRequest {
  const message = parse(text);
  if (message.kind !== 'request') throw new Error('not a request');
  return message;
}

export function response(text: string): SipResponse {
  const message = parse(text);
  if (message.kind !== 'response') throw new Error('not a response');
  return message;
}

/** Alice's INVITE, through two loose-routing proxies that Record-Route. */
export const INVITE = request(`INVITE sip:bob@biloxi.example.com SIP/2.0
Via: SIP/2.0/UDP ss2.biloxi.example.com;branch=z9hG4bKnashds9
Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8
Max-Forwards: 68
Record-Route: <sip:ss2.biloxi.example.com;lr>
Record-Route: <sip:ss1.atlanta.example.com;lr>
From: "Alice" <sip:alice@atlanta.example.com>;tag=9fxced76sl
To: Bob <sip:bob@biloxi.example.com>
Call-ID: 3848276298220188511@atlanta.example.com
CSeq: 314159 INVITE
Contact: <sip:alice@client.atlanta.example.com;transport=tcp>
Authorization: Digest username="alice", realm="atlanta.example.com", nonce="ea9c8e88", uri="sip:bob@biloxi.example.com", response="dfe56131d1958046689d83306477ecc"
Content-Length: 0
`);

function reply(status: string, extra: string): SipResponse {
  return response(`SIP/2.0 ${status}
Via: SIP/2.0/UDP ss2.biloxi.example.com;branch=z9hG4bKnashds9
Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8
Record-Route: <sip:ss2.biloxi.example.com;lr>
Record-Route: <sip:ss1.atlanta.example.com;lr>
From: "Alice" <sip:alice@atlanta.example.com>;tag=9fxced76sl
To: Bob <sip:bob@biloxi.example.com>${extra}
Call-ID: 3848276298220188511@atlanta.example.com
CSeq: 314159 INVITE
Content-Length: 0
`);
}

export const RINGING = reply('180 Ringing', ';tag=8321234356\nContact: <sip:bob@client.biloxi.example.com>');
export const OK = reply('200 OK', ';tag=8321234356\nContact: <sip:bob@192.0.2.4>');
export const TRYING = reply('100 Trying', '');
export const OK_WITHOUT_CONTACT = reply('200 OK', ';tag=8321234356');
