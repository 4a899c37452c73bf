/**
 * The 400/505/513 for a request the parser refused (RFC 3261 §8.2, §21.4.1, §21.5.6, RFC 4475):
 * built from the parser's SipRejectReply, with the top Via stamped like any request's (§18.2.1)
 * so the answer is routed by the same rules as every response (§18.2.2). No transaction is
 * created: the request never reached one.
 */
import { createRejectResponse, type SipParseError, type SipResponse, type Via } from '../message/index.js';
import { replaceTopVia } from './replace-top-via.js';
import { stampReceived } from './stamp-received.js';
import { type TransportAddress } from './sip-transport.js';

export interface StatelessReject {
  readonly response: SipResponse;
  /** The response's top Via, stamped. */
  readonly via: Via;
}

/** The answer, or undefined when the message must be dropped (a response, an ACK, no usable Via). */
export function statelessReject(error: SipParseError, source: TransportAddress): StatelessReject | undefined {
  if (!error.reply) return undefined;
  const via = stampReceived(error.reply.via, source);
  const response = createRejectResponse(error.reply);
  return { response: { ...response, headers: replaceTopVia(response.headers, via) }, via };
}
