/**
 * Blind transfer (RFC 3515 REFER, RFC 5589 §6), the decisions without I/O: which Refer-To a
 * transferee carries out, what the status line in a transferor's NOTIFY means, which status a
 * transferee reports when it could not place the call, and the sentences people read.
 */
import { formatUri, type NameAddr, type SipUri } from '../sip/message/index.js';
import { isCallError } from './call-error.js';
import { displayNameLabel } from './display-name-label.js';

/** The call a REFER asks for: the URI to INVITE and the name the transferor gave it (a label only). */
export interface ReferTarget {
  readonly uri: string;
  readonly displayName: string | null;
}

export type ReferToDecision =
  | { readonly ok: true; readonly target: ReferTarget }
  | { readonly ok: false; readonly status: 400 | 403; readonly reason: string };

/** As long as a URI the API takes (api-contract's SipUriSchema). */
const MAX_TARGET_LENGTH = 1024;

/**
 * Whether to carry out a REFER's Refer-To (RFC 3515 §2.4.2: the recipient decides). We only
 * place calls: the target must be a sip or sips URI, and a `method` parameter (§2.1) other than
 * INVITE is refused (403), as is an embedded Replaces (RFC 3891, attended transfer), which we
 * would otherwise turn into an unrelated new call. Other embedded headers are dropped: the call
 * is placed to the bare URI.
 */
export function decideReferTo(referTo: NameAddr): ReferToDecision {
  const { uri } = referTo;
  if (uri.kind !== 'sip') return { ok: false, status: 403, reason: 'Transfers go to sip or sips URIs only' };
  const method = uri.params.find((param) => param.name.toLowerCase() === 'method');
  if (method !== undefined && method.value?.toUpperCase() !== 'INVITE') return { ok: false, status: 403, reason: 'Only INVITE is carried out for a REFER' };
  if (uri.headers.some((header) => header.name.toLowerCase() === 'replaces')) return { ok: false, status: 403, reason: 'Attended transfer (Replaces) is not supported' };
  const bare: SipUri = { ...uri, params: uri.params.filter((param) => param !== method), headers: [] };
  const text = formatUri(bare);
  if (text.length > MAX_TARGET_LENGTH) return { ok: false, status: 400, reason: 'Refer-To Too Long' };
  return { ok: true, target: { uri: text, displayName: displayNameLabel(referTo.displayName) } };
}

export type TransferVerdict = 'pending' | 'succeeded' | 'failed';

/** RFC 3515 §2.4.5: the sipfrag's status is the referenced INVITE's — 1xx still going, 2xx answered, 3xx–6xx failed. */
export function verdictOf(status: number): TransferVerdict {
  if (status < 200) return 'pending';
  return status < 300 ? 'succeeded' : 'failed';
}

/** Why a transfer did not happen, as the transferor learnt it. */
export type TransferFailure =
  /** The REFER itself was answered ≥ 300 (`answered`), or got no answer (a local 408/503). */
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string; readonly answered: boolean }
  /** Accepted, then a NOTIFY reported the new call's failure. */
  | { readonly kind: 'failed'; readonly status: number; readonly reason: string }
  /** Accepted, then no final NOTIFY within the time allowed. */
  | { readonly kind: 'timeout'; readonly seconds: number }
  /** The subscription ended without a final status. */
  | { readonly kind: 'unknown' }
  /** The call itself ended first (either party hung up); nothing is left to transfer. */
  | { readonly kind: 'callEnded' };

export type TransferOutcome = { readonly ok: true } | { readonly ok: false; readonly failure: TransferFailure };

/**
 * The longest a transferor waits for the outcome after the 202: the new call may ring for a
 * minute (call-endpoint.ts DEFAULT_RING_TIMEOUT_MS) after its lookup and connection attempts.
 */
export const TRANSFER_TIMEOUT_MS = 90_000;

/** A sentence for the transferor's user; the call it was about stays up. */
export function transferFailureSentence(target: string, failure: TransferFailure): string {
  const to = target.slice(0, 200);
  switch (failure.kind) {
    case 'refused':
      return failure.answered
        ? `The other party refused the transfer to ${to} (${failure.status} ${failure.reason}); the call goes on.`
        : `The other party did not answer the transfer request (${failure.status} ${failure.reason}); the call goes on.`;
    case 'failed':
      return `The transfer to ${to} failed: ${failure.status} ${failure.reason}; the call goes on.`;
    case 'timeout':
      return `The transfer to ${to} brought no result within ${failure.seconds} s; the call goes on.`;
    case 'unknown':
      return `The transfer to ${to} ended without a result; the call goes on.`;
    case 'callEnded':
      return `The call ended before the transfer to ${to} completed.`;
  }
}

/**
 * The status a transferee reports (RFC 3515 §2.4.5) when the call it was asked to place failed.
 * A call that ended without a final failure status of its own (cancelled, media failed) is 500.
 */
export function failedCallStatus(status: number | undefined): number {
  return status !== undefined && status >= 300 && status <= 699 ? status : 500;
}

/** The status for a call that could not even be placed: a target no call reaches (400), no endpoint for it (503), or a fault (500). */
export function placementFailureStatus(error: unknown): number {
  if (isCallError(error, 'CALL_BAD_TARGET')) return 400;
  if (isCallError(error, 'CALL_UNAVAILABLE')) return 503;
  return 500;
}
