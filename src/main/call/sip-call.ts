import type { CallStatistics } from '../media/index.js';
import type { InviteSession, OutgoingInvite } from '../sip/ua/index.js';
import { TypedEmitter } from '../typed-emitter.js';
import { audioFiles, type CallAudioPlan } from './call-audio.js';
import type { CallMedia } from './call-media.js';

export interface CallSummary {
  callId: string;
  direction: 'incoming' | 'outgoing';
  /** The caller's address as its From header gave it. */
  from: string;
  /** The callee's address. */
  to: string;
  /** Where an incoming INVITE came from, PROTOCOL HOST:PORT. */
  source?: string;
}

/** The files a call plays and records, printed with its events. */
export type CallFiles = { play?: string; record?: string };

export type SipCallEvents = {
  ringing: { status: number };
  established: { codec: string | null } & CallFiles;
  dtmfReceived: { digit: string };
  ended: { reason: string; status?: number; statistics?: CallStatistics } & CallFiles;
};

export type SipCallState = 'setup' | 'established' | 'ended';

/** How long `settled()` waits for the BYE transaction to finish before a command closes the transport. */
const BYE_GRACE_MS = 2000;

/**
 * One plain SIP call, either way, with its media: the SIP session and the media session end
 * together, whichever ends first (a BYE, the `--play` file played out, a failed session). The
 * endpoint builds it; commands and the UI use `hangUp` and `sendDtmf`.
 */
export class SipCall extends TypedEmitter<SipCallEvents> {
  readonly summary: CallSummary;
  readonly files: CallFiles;
  #state: SipCallState = 'setup';
  #media: CallMedia | undefined;
  #session: InviteSession | undefined;
  #outgoing: OutgoingInvite | undefined;
  #ended: Promise<void> | undefined;

  constructor(summary: CallSummary, plan: CallAudioPlan) {
    super();
    this.summary = summary;
    this.files = audioFiles(plan);
  }

  get callId(): string {
    return this.summary.callId;
  }

  get state(): SipCallState {
    return this.#state;
  }

  /** The media session: its digits become events, and its end (file played, failure) ends the call. */
  attachMedia(media: CallMedia): void {
    this.#media = media;
    media.on('dtmfReceived', ({ digit }) => this.emit('dtmfReceived', { digit }));
    media.on('ended', ({ reason, statistics, message }) => {
      // Ended first, so the BYE's own `onEnded` finds the call over and keeps this reason.
      void this.end(reason === 'sourceEnded' ? 'played to the end' : `media failed: ${message ?? 'unknown'}`, undefined, statistics);
      if (this.#session) this.#session.bye();
      else this.#outgoing?.cancel();
    });
  }

  attachOutgoing(invite: OutgoingInvite): void {
    this.#outgoing = invite;
  }

  /** The SIP session: its end (BYE either way, ACK timeout) ends the call. */
  attachSession(session: InviteSession, peer: 'caller' | 'callee'): void {
    this.#session = session;
    session.onEnded(({ by, reason }) => void this.end(reason === 'bye' ? `hangup by ${by === 'local' ? 'us' : peer}` : reason));
  }

  established(codec: string | null): void {
    if (this.#state !== 'setup') return;
    this.#state = 'established';
    this.emit('established', { codec, ...this.files });
  }

  /** Hangs up: BYE when established, CANCEL while it still rings. */
  hangUp(): void {
    if (this.#state === 'ended') return;
    if (this.#session) this.#session.bye();
    else if (this.#outgoing) this.#outgoing.cancel();
  }

  /** RFC 4733 digits to the peer; rejects when the peer did not take telephone-event. */
  async sendDtmf(digits: string): Promise<void> {
    if (!this.#media || this.#state !== 'established') throw new Error('DTMF needs an established call with audio');
    await this.#media.sendDtmf(digits);
  }

  /** Closes the media (final statistics) and reports the end, once. */
  end(reason: string, status?: number, statistics?: CallStatistics): Promise<void> {
    if (!this.#ended) {
      this.#state = 'ended';
      this.#ended = (async () => {
        const final = statistics ?? (await this.#media?.close());
        this.emit('ended', { reason, ...(status !== undefined ? { status } : {}), ...(final ? { statistics: final } : {}), ...this.files });
      })();
    }
    return this.#ended;
  }

  /** Resolves once the call has ended and its BYE transaction finished (or after a short grace). */
  async settled(): Promise<void> {
    await this.#ended;
    const deadline = Date.now() + BYE_GRACE_MS;
    while (this.#session && this.#session.state !== 'terminated' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
