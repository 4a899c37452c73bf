import type { Contact } from '../../shared/api-contract.js';
import type { EndedCall } from '../state/calls-state.js';
import { formatCallDuration } from './call-view.js';
import { callParty, partyLabel } from './caller-view.js';
import { findBuddy } from './party-key.js';

/**
 * Why a call ended, in the terms a person thinks in. SIP answers map as RFC 3261 §21 defines
 * them: 486/600 busy (Parley's do not disturb answers 486), 480 temporarily unavailable
 * (offline), 603 decline, 408/503/504 nobody answered the request, 403 forbidden, 404/604 no such
 * user, 415/488/606 nothing both sides can play.
 */
export type CallEndKind =
  | 'ended'
  | 'transferred'
  | 'cancelled'
  | 'busy'
  | 'offline'
  | 'declined'
  | 'unreachable'
  | 'rejected'
  | 'notFound'
  | 'incompatible'
  | 'missed'
  | 'callerHungUp'
  | 'declinedByYou'
  | 'turnedAway'
  | 'failed';

export type CallEndView = {
  kind: CallEndKind;
  /** `failure` when the call did not happen as asked; the note is coloured so. */
  tone: 'neutral' | 'failure';
  /** One sentence: `Bob is busy (do not disturb).`, `The call with Bob ended after 1:05: they hung up.` */
  sentence: string;
  /** The core's own words (and SIP status) behind the sentence, or null when the sentence says it all. */
  detail: string | null;
};

/** The SIP status of the end: the one the core gave, else the one in its reason (`rejected: 486 Busy Here`). */
export function endStatus(ended: Pick<EndedCall, 'status' | 'reason'>): number | null {
  if (ended.status !== null) return ended.status;
  const inReason = /^(?:rejected|failed|busy|declined):\s*([3-6]\d\d)\b/i.exec(ended.reason.trim());
  return inReason?.[1] === undefined ? null : Number(inReason[1]);
}

function startsWith(reason: string, ...prefixes: string[]): boolean {
  const lower = reason.trim().toLowerCase();
  return prefixes.some((prefix) => lower === prefix || lower.startsWith(`${prefix}:`) || lower.startsWith(`${prefix} `));
}

function incomingKind(reason: string, status: number | null): CallEndKind {
  // Our own do not disturb answers 486 and says so (src/main/call/call-endpoint.ts).
  if (startsWith(reason, 'declined') && (status === 486 || /do not disturb/i.test(reason))) return 'turnedAway';
  if (startsWith(reason, 'declined') || status === 603) return 'declinedByYou';
  if (status === 487 || startsWith(reason, 'cancelled') || /^missed: the caller/i.test(reason.trim())) return 'callerHungUp';
  if (startsWith(reason, 'missed')) return 'missed';
  return 'failed';
}

function outgoingKind(reason: string, status: number | null): CallEndKind {
  if (status === 487 || startsWith(reason, 'cancelled')) return 'cancelled';
  if (status === 486 || status === 600 || startsWith(reason, 'busy')) return 'busy';
  if (status === 480 || startsWith(reason, 'offline')) return 'offline';
  if (status === 603 || startsWith(reason, 'declined')) return 'declined';
  if (status === 408 || status === 503 || status === 504 || startsWith(reason, 'unreachable')) return 'unreachable';
  if (status === 403) return 'rejected';
  if (status === 404 || status === 604) return 'notFound';
  if (status === 415 || status === 488 || status === 606) return 'incompatible';
  return 'failed';
}

/** How the call ended, from its reason and status. */
export function callEndKind(ended: Pick<EndedCall, 'direction' | 'reason' | 'status' | 'durationMs'>): CallEndKind {
  if (startsWith(ended.reason, 'transferred')) return 'transferred';
  if (ended.durationMs !== null) return 'ended';
  const status = endStatus(ended);
  return ended.direction === 'incoming' ? incomingKind(ended.reason, status) : outgoingKind(ended.reason, status);
}

const NEUTRAL: ReadonlySet<CallEndKind> = new Set(['ended', 'transferred', 'cancelled', 'missed', 'callerHungUp', 'declinedByYou', 'turnedAway']);

function sentence(text: string): string {
  // An address that starts the sentence stays as it is written: `sip:` is not `Sip:`.
  const capitalised = /^sips?:/i.test(text) ? text : text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** `hangup by us` → `you hung up`; the core's other reasons as they are. */
function howItEnded(reason: string): string {
  const trimmed = reason.trim().replace(/[.]$/, '');
  if (/^hangup by (us|you)$/i.test(trimmed)) return 'you hung up';
  if (/^hangup by /i.test(trimmed)) return 'they hung up';
  return trimmed;
}

function detailOf(reason: string, status: number | null): string | null {
  const trimmed = reason.trim();
  if (status === null || trimmed.includes(String(status))) return trimmed === '' ? null : trimmed;
  return trimmed === '' ? `SIP ${status}` : `${trimmed} (SIP ${status})`;
}

/**
 * The note shown for a while after a call ends, and announced (role=status): who, what
 * happened in plain words, and the core's reason for whoever wants the detail.
 */
export function callEndView(ended: EndedCall, contacts: readonly Contact[]): CallEndView {
  const kind = callEndKind(ended);
  const party = ended.remoteUri === null ? null : callParty({ remoteUri: ended.remoteUri, remoteDisplayName: ended.remoteDisplayName }, contacts);
  const who = party === null ? 'the other party' : partyLabel(party);
  const status = endStatus(ended);
  const withWhom = party === null ? 'A call' : `The call ${ended.direction === 'incoming' ? 'from' : 'with'} ${who}`;
  const text = ((): string => {
    switch (kind) {
      case 'ended': {
        const lasted = ended.durationMs === null ? '' : ` after ${formatCallDuration(ended.durationMs)}`;
        return `${withWhom} ended${lasted}: ${howItEnded(ended.reason)}`;
      }
      case 'transferred': {
        const target = ended.reason.trim().replace(/^transferred( to)?:?\s*/i, '');
        const buddy = target === '' ? undefined : findBuddy(contacts, target);
        const targetLabel = buddy !== undefined && buddy.displayName.trim() !== '' ? buddy.displayName : target;
        return targetLabel === '' ? `${who} was transferred` : `${who} was transferred to ${targetLabel}`;
      }
      case 'cancelled':
        return `you cancelled the call to ${who}`;
      case 'busy':
        return `${who} is busy (do not disturb)`;
      case 'offline':
        return `${who} is offline`;
      case 'declined':
        return `${who} declined the call`;
      case 'unreachable':
        return `${who} could not be reached`;
      case 'rejected':
        return `${who} rejected the call`;
      case 'notFound':
        return `${who} was not found`;
      case 'incompatible':
        return `the call to ${who} failed: no audio format both sides can play`;
      case 'missed':
        return `you missed a call from ${who}`;
      case 'callerHungUp':
        return `${who} hung up before you answered`;
      case 'declinedByYou':
        return `you declined the call from ${who}`;
      case 'turnedAway':
        return `a call from ${who} was turned away: you are set to do not disturb`;
      case 'failed':
        return `${withWhom} failed: ${howItEnded(ended.reason) || 'no reason given'}`;
    }
  })();
  const showsReason = kind === 'ended' || kind === 'transferred' || kind === 'failed';
  return {
    kind,
    tone: NEUTRAL.has(kind) ? 'neutral' : 'failure',
    sentence: sentence(text),
    detail: showsReason ? null : detailOf(ended.reason, status),
  };
}
