import type { CallView } from '../../shared/api-contract.js';
import type { DeviceReplacement } from '../state/calls-state.js';

/**
 * Where a call goes: Parley's own addresses are self-certifying keys in the `.invalid`
 * pseudo-domain, a person's under `parley.invalid`, a conference's under `conference.parley.invalid`.
 */
export type AddressKind = 'parley' | 'conference' | 'sip';

const PARLEY_ADDRESS = /@parley\.invalid(?:[;:>?]|$)/i;
const CONFERENCE_ADDRESS = /@conference\.parley\.invalid(?:[;:>?]|$)/i;

export function addressKind(uri: string): AddressKind {
  if (CONFERENCE_ADDRESS.test(uri)) return 'conference';
  return PARLEY_ADDRESS.test(uri) ? 'parley' : 'sip';
}

/** The badge beside an address: a short word and what it means. */
export function addressBadge(kind: AddressKind): { label: string; title: string } {
  switch (kind) {
    case 'parley':
      return { label: 'Parley', title: 'A Parley address, reached over the DHT' };
    case 'conference':
      return { label: 'Conference', title: 'A Parley conference, reached through its focus over the DHT' };
    case 'sip':
      return { label: 'SIP', title: 'A SIP address' };
  }
}

/** An outgoing call's progress before it is answered (P2P calls look the callee up and connect first). */
const SETUP_PHASE_LABELS: Record<CallView['setupPhase'], string> = {
  calling: 'Calling…',
  lookup: 'Looking up…',
  connecting: 'Connecting…',
  ringing: 'Ringing…',
};

/** What the call is doing, in the words the panel shows. */
export function callStateLabel(view: CallView): string {
  switch (view.state) {
    case 'setup':
      return view.direction === 'incoming' ? 'Ringing…' : SETUP_PHASE_LABELS[view.setupPhase];
    case 'ended':
      return 'Ended';
    case 'established':
      if (view.localHold && view.remoteHold) return 'On hold on both sides';
      if (view.localHold) return 'On hold';
      if (view.remoteHold) return 'Held by the other party';
      return 'In call';
  }
}

/** How long the call has been established at `now`, or null before it is. */
export function callElapsedMs(view: CallView, now: number): number | null {
  if (view.establishedAt === null) return null;
  // The core and the page read the same machine's clock, but never show a negative time.
  return Math.max(0, now - view.establishedAt);
}

/** `0:07`, `12:34`, `1:02:03`: whole seconds, hours only when there are any. */
export function formatCallDuration(ms: number): string {
  const totalSeconds = Math.floor(Math.max(0, ms) / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** The same duration for screen readers: "1 minute 5 seconds". */
export function spokenCallDuration(ms: number): string {
  const totalSeconds = Math.floor(Math.max(0, ms) / 1000);
  const parts: Array<[number, string]> = [
    [Math.floor(totalSeconds / 3600), 'hour'],
    [Math.floor((totalSeconds % 3600) / 60), 'minute'],
    [totalSeconds % 60, 'second'],
  ];
  const spoken = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`);
  return spoken.length > 0 ? spoken.join(' ') : '0 seconds';
}

/** A device that failed mid-call, as a sentence. */
export function deviceReplacementText(replacement: DeviceReplacement): string {
  const device = replacement.direction === 'input' ? 'Microphone' : 'Speaker';
  if (replacement.to === null) return `${device} “${replacement.from}” is unavailable (${replacement.reason}); the call goes on in silence.`;
  return `${device} “${replacement.from}” stopped (${replacement.reason}); now using “${replacement.to}”.`;
}
