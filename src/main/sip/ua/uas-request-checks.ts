/**
 * What a UAS checks before it looks at what a request asks (RFC 3261 §8.2), as a pure
 * function: the first check that fails decides the response. ACK is never answered and never
 * comes here; CANCEL is matched to its INVITE (§9.2) and skips the checks that do not apply to it.
 */
import { getRequire, getRequestUri, type SipCoreHeaders, type SipRequest, tagOf } from '../message/index.js';
import { mediaTypeOf } from './sip-content.js';

export interface UasPolicy {
  readonly allow: readonly string[];
  readonly supported: readonly string[];
  /** Body types an INVITE may carry. */
  readonly sessionTypes: readonly string[];
}

export interface Rejection {
  readonly status: number;
  readonly reason?: string;
  readonly headers: readonly (readonly [string, string])[];
  /** Which rule refused it, for logs and tests. */
  readonly rule: string;
}

/** Requests that create a dialog must say where the peer is (§8.1.1.8, RFC 6665 §4.1.2). */
const NEEDS_CONTACT = new Set(['INVITE', 'SUBSCRIBE']);

/**
 * Checks in order:
 * 1. Max-Forwards 0 → 483 (§16.3 step 3 by analogy: the request may go no further; OPTIONS is
 *    still answered, as that step allows).
 * 2. Method not supported → 405 with Allow (§8.2.1).
 * 3. Request-URI scheme not sip/sips → 416 (§8.2.2.1).
 * 4. Merged request (§8.2.2.2): no To tag, and From tag, Call-ID and CSeq of a live transaction → 482.
 * 5. Require with an option tag we lack → 420 with Unsupported (§8.2.2.3); never for CANCEL.
 * 6. INVITE body of a type we cannot handle → 415 with Accept (§8.2.3).
 * 7. A dialog-creating request without Contact → 400 (§8.1.1.8).
 */
export function checkRequest(request: SipRequest, core: SipCoreHeaders, policy: UasPolicy, merged: boolean): Rejection | undefined {
  const method = request.method;
  if (core.maxForwards === 0 && method !== 'OPTIONS') return { status: 483, headers: [], rule: 'Max-Forwards' };
  if (!policy.allow.includes(method)) return { status: 405, headers: [['Allow', policy.allow.join(', ')]], rule: 'method' };
  const uri = getRequestUri(request);
  if (uri.ok && uri.value.kind !== 'sip') return { status: 416, headers: [], rule: 'URI scheme' };
  if (merged) return { status: 482, headers: [], rule: 'merged request' };
  if (method !== 'CANCEL') {
    const required = getRequire(request);
    const unsupported = required.ok ? required.value.filter((tag) => !policy.supported.includes(tag.toLowerCase())) : [];
    if (unsupported.length > 0) return { status: 420, headers: [['Unsupported', unsupported.join(', ')]], rule: 'Require' };
  }
  if (method === 'INVITE' && request.body.length > 0) {
    const type = mediaTypeOf(request);
    if (type === undefined || !policy.sessionTypes.includes(type)) return { status: 415, headers: [['Accept', policy.sessionTypes.join(', ')]], rule: 'Content-Type' };
  }
  if (NEEDS_CONTACT.has(method) && tagOf(core.to) === undefined && request.headers.count('Contact') === 0) {
    return { status: 400, reason: 'Missing Contact', headers: [], rule: 'Contact' };
  }
  return undefined;
}
