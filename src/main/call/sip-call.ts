import type { AudioLevel } from '../media/audio/level-meter.js';
import { isMediaSessionError, type CallStatistics } from '../media/index.js';
import type { SessionDescription } from '../sdp/session-description.js';
import { isSipUaError, type IncomingInvite, type IncomingRefer, type InviteSession, type OfferDecision, type OutgoingInvite, type SipContent } from '../sip/ua/index.js';
import { TypedEmitter } from '../typed-emitter.js';
import { sdpContent } from './answer-offer.js';
import { audioFiles, type CallAudioPlan } from './call-audio.js';
import { CallError } from './call-error.js';
import type { CallDevices } from './call-devices.js';
import type { CallMedia, CallMediaEvents } from './call-media.js';
import { afterOurOffer, answerPeerOffer, holdOffer, offerForOfferlessReinvite, type CallSdp } from './call-modification.js';
import { CallTransfers, type TransferOptions, type TransferPlacer } from './call-transfers.js';
import { requestTransfer, TransferRefused } from './request-transfer.js';
import type { Clock } from '../clock.js';
import { displayNameLabel } from './display-name-label.js';
import { negotiatedSessionOptions } from './negotiated-media.js';
import type { TransferOutcome } from './transfer-decisions.js';

export interface CallSummary {
  callId: string;
  direction: 'incoming' | 'outgoing';
  /** The caller's address as its From header gave it. */
  from: string;
  /** The callee's address. */
  to: string;
  /** Where an incoming INVITE came from, PROTOCOL HOST:PORT. */
  source?: string;
  /** The display name the other party gave (an incoming call's From), as a label (display-name-label.ts). */
  remoteDisplayName?: string;
  /** The conference an incoming call brings us into: its caller is the focus (RFC 4579 `isfocus`), answer-call.ts. */
  conference?: string;
}

export type { TransferOptions, TransferPlacer } from './call-transfers.js';
export type { CallDevices } from './call-devices.js';

/** The files a call plays and records, printed with its events. */
export type CallFiles = { play?: string; record?: string };

export interface CallHoldState {
  /** We put the call on hold. */
  readonly localHold: boolean;
  /** The peer put us on hold. */
  readonly remoteHold: boolean;
}

export type SipCallEvents = {
  /** A P2P call's phases before it rings (a plain call starts ringing at once). */
  progress: { phase: 'lookup' | 'connecting'; devices?: number };
  ringing: { status: number };
  established: { codec: string | null } & CallFiles;
  dtmfReceived: { digit: string };
  holdChanged: CallHoldState;
  muteChanged: { muted: boolean };
  levels: { input: AudioLevel; output: AudioLevel; muted: boolean };
  statistics: { statistics: CallStatistics };
  /** `device` is which of the call's devices: its microphone (input) or loudspeaker (output). */
  deviceReplaced: { device: 'input' | 'output'; replaced: string; by: string | undefined; reason: string };
  /** The sound cards in use changed (a switch, a fallback): what `devices` now says. */
  devicesChanged: CallDevices;
  /** The peer asked us (REFER) to call `target`; the call placed for it follows as a call of its own. */
  transferRequested: { target: string };
  ended: { reason: string; status?: number; statistics?: CallStatistics } & CallFiles;
};

export type SipCallState = 'setup' | 'established' | 'ended';

/** How long `settled()` waits for the BYE transaction to finish before a command closes the transport. */
const BYE_GRACE_MS = 2000;

/**
 * One plain SIP call, either way, with its media: the SIP session and the media session end
 * together, whichever ends first (a BYE, the `--play` file played out, a failed session). The
 * endpoint builds it; commands and the UI use `hangUp`, `hold`/`resume`, `setMuted` and
 * `sendDtmf`. Hold and resume are re-INVITEs (RFC 3264 §8.4); the peer's re-INVITEs are
 * answered from the same offer/answer state.
 */
/** The phases of a call before it is answered, as the caller sees them. */
export type CallSetupPhase = 'calling' | 'lookup' | 'connecting' | 'ringing';

export class SipCall extends TypedEmitter<SipCallEvents> {
  readonly summary: CallSummary;
  readonly files: CallFiles;
  /** Milliseconds since the epoch. */
  readonly startedAt = Date.now();
  #establishedAt: number | undefined;
  #codec: string | null = null;
  #state: SipCallState = 'setup';
  #media: CallMedia | undefined;
  #session: InviteSession | undefined;
  /** INVITEs still ringing: one for a plain call, one per device for a forked P2P call. */
  readonly #outgoing = new Set<OutgoingInvite>();
  /** An incoming call's INVITE, until it is answered or turned away. */
  #incoming: IncomingInvite | undefined;
  #ended: Promise<void> | undefined;
  #sdp: CallSdp | undefined;
  /** Our offer in the 2xx to an offerless re-INVITE, until its ACK brings the answer. */
  #offerAwaitingAck: SessionDescription | undefined;
  #muted = false;
  #setupPhase: CallSetupPhase = 'calling';
  #remoteDisplayName: string | null;
  #referHandler: ((refer: IncomingRefer) => void) | undefined;
  readonly #transfers = new CallTransfers({
    established: () => this.#state === 'established',
    finish: (reason, session) => {
      if (this.#state === 'ended') return; // the peer's BYE came first
      void this.end(reason);
      session.bye();
    },
    requested: (target) => this.emit('transferRequested', { target }),
  });

  constructor(summary: CallSummary, plan: CallAudioPlan) {
    super();
    this.summary = summary;
    this.files = audioFiles(plan);
    this.#remoteDisplayName = displayNameLabel(summary.remoteDisplayName);
    // The endpoint tells the phases as events; the call remembers the latest for its view.
    this.on('progress', ({ phase }) => (this.#setupPhase = phase));
    this.on('ringing', () => (this.#setupPhase = 'ringing'));
  }

  /** Where an outgoing call is before it is answered: `calling` until the endpoint says more (P2P: `lookup`, `connecting`), then `ringing`. */
  get setupPhase(): CallSetupPhase {
    return this.#setupPhase;
  }

  get callId(): string {
    return this.summary.callId;
  }

  get state(): SipCallState {
    return this.#state;
  }

  get codec(): string | null {
    return this.#codec;
  }

  get establishedAt(): number | undefined {
    return this.#establishedAt;
  }

  get hold(): CallHoldState {
    return { localHold: this.#sdp?.localHold ?? false, remoteHold: this.#sdp?.remoteHold ?? false };
  }

  get muted(): boolean {
    return this.#muted;
  }

  /** The sound cards the call uses now; null for a side that is not one (files, silence) or before the call has audio. */
  get devices(): CallDevices {
    return this.#media?.devices ?? { input: null, output: null };
  }

  /** The name the other party goes by, a label only: its From (incoming), the To we dialled or the name a transferor gave (outgoing); null when none. */
  get remoteDisplayName(): string | null {
    return this.#remoteDisplayName;
  }

  /** Names the other party when its own signalling does not (the Refer-To display name of a transfer). */
  nameRemote(name: string | null): void {
    this.#remoteDisplayName = displayNameLabel(name ?? undefined) ?? this.#remoteDisplayName;
  }

  /** The media session: its digits become events, and its end (file played, failure) ends the call. */
  attachMedia(media: CallMedia): void {
    this.#media = media;
    media.on('dtmfReceived', ({ digit }) => this.emit('dtmfReceived', { digit }));
    media.on('levels', (levels) => this.emit('levels', levels));
    media.on('statistics', (event) => this.emit('statistics', event));
    const replaced = ({ direction, from, to, reason }: CallMediaEvents['deviceReplaced']): void => this.emit('deviceReplaced', { device: direction, replaced: from, by: to, reason });
    media.on('deviceReplaced', replaced);
    media.on('devicesChanged', (devices) => this.emit('devicesChanged', devices));
    // Told on the next turn, once the endpoint listens to this call.
    for (const event of media.unavailableDevices) queueMicrotask(() => replaced(event));
    media.on('ended', ({ reason, statistics, message }) => {
      // Ended first, so the BYE's own `onEnded` finds the call over and keeps this reason.
      void this.end(reason === 'sourceEnded' ? 'played to the end' : `media failed: ${message ?? 'unknown'}`, undefined, statistics);
      if (this.#session) this.#session.bye();
      else for (const invite of this.#outgoing) invite.cancel();
    });
    if (this.#muted) void media.setMuted(true).catch(() => undefined);
  }

  /** An incoming call that rings: hanging up declines it. */
  attachIncoming(invite: IncomingInvite): void {
    this.#incoming = invite;
  }

  attachOutgoing(invite: OutgoingInvite): void {
    this.#outgoing.add(invite);
  }

  /** A fork that failed or lost: hanging up no longer concerns it. */
  detachOutgoing(invite: OutgoingInvite): void {
    this.#outgoing.delete(invite);
  }

  /** The SIP session: its end (BYE either way, ACK timeout) ends the call; its re-INVITEs are answered here. */
  attachSession(session: InviteSession, peer: 'caller' | 'callee'): void {
    this.#session = session;
    // §12.1: the remote URI is the caller's From (UAS) or the To we sent (UAC), with its name if any.
    this.#remoteDisplayName ??= displayNameLabel(session.dialog.remoteUri.displayName);
    const byeReason = (by: 'local' | 'remote'): string => (by === 'remote' ? this.#transfers.remoteByeReason() : undefined) ?? `hangup by ${by === 'local' ? 'us' : peer}`;
    session.onEnded(({ by, reason }) => void this.end(reason === 'bye' ? byeReason(by) : reason));
    session.setOfferHandler((offer) => this.#answerPeerOffer(offer));
    session.onAcknowledged(({ content }) => this.#answerInAck(content));
    session.setReferHandler((refer) => (this.#referHandler ? this.#referHandler(refer) : this.#transfers.receive(refer, session)));
  }

  /**
   * Takes the peer's REFERs itself instead of as a transfer of this call: a conference focus,
   * whose members ask it with REFER to call someone in (RFC 4579 §5.5).
   */
  takeRefers(handler: (refer: IncomingRefer) => void): void {
    this.#referHandler = handler;
  }

  /**
   * Asks the other party (REFER in this dialog, RFC 3515) to call `target`, without leaving this
   * call: a conference member asking the focus to invite someone (RFC 4579 §5.5). Resolves once
   * the peer accepted, with the outcome to come; a refusal rejects (`CALL_TRANSFER_FAILED`).
   */
  async refer(target: string, options: { readonly clock: Clock; readonly timeoutMs: number }): Promise<{ readonly outcome: Promise<TransferOutcome> }> {
    const session = this.#session;
    if (this.#state !== 'established' || !session) throw new CallError('CALL_NOT_ESTABLISHED', 'only an established call can carry a REFER');
    const request = requestTransfer(session, target, { referredBy: this.summary.direction === 'outgoing' ? this.summary.from : this.summary.to, ...options });
    try {
      await request.accepted;
    } catch (error) {
      throw new CallError('CALL_TRANSFER_FAILED', error instanceof TransferRefused ? `the other party refused to call ${target.slice(0, 200)} (${error.failure.status} ${error.failure.reason})` : (error as Error).message, { cause: error });
    }
    return { outcome: request.outcome };
  }

  /** Lets the peer transfer this call (REFERs are carried out by `place`); without it they are declined (603). */
  acceptTransfers(place: TransferPlacer | undefined, log: (line: string) => void = () => undefined): void {
    this.#transfers.accept(place, log);
  }

  /** What offer/answer agreed when the call was set up; later changes start from it. */
  agreed(sdp: CallSdp): void {
    this.#sdp = sdp;
  }

  established(codec: string | null): void {
    if (this.#state !== 'setup') return;
    this.#state = 'established';
    this.#codec = codec;
    this.#establishedAt = Date.now();
    this.emit('established', { codec, ...this.files });
  }

  /** Hangs up: BYE when established, CANCEL while it still rings. */
  hangUp(): void {
    if (this.#state === 'ended') return;
    if (this.#session) this.#session.bye();
    else if (this.#outgoing.size > 0) for (const invite of this.#outgoing) invite.cancel();
    else if (this.#incoming && (this.#incoming.state === 'pending' || this.#incoming.state === 'early')) {
      // §21.6.2: the user does not want to take the call.
      this.#incoming.reject(603, { reason: 'Decline' });
      void this.end('declined', 603);
    } else void this.end('cancelled'); // still looking the callee up: nothing on the wire yet
  }

  /** Puts the call on hold (RFC 3264 §8.4: a re-INVITE offering `sendonly`); resolves once the peer agreed. */
  putOnHold(): Promise<void> {
    return this.#changeHold(true);
  }

  /** Takes the call off hold (a re-INVITE offering `sendrecv` again). */
  resume(): Promise<void> {
    return this.#changeHold(false);
  }

  /** Mutes the microphone of this call: silence is sent, the call goes on. Allowed while it rings. */
  async setMuted(muted: boolean): Promise<void> {
    if (this.#state === 'ended') throw new CallError('CALL_NOT_ESTABLISHED', 'the call has ended');
    if (this.#muted === muted) return;
    this.#muted = muted;
    await this.#media?.setMuted(muted);
    this.emit('muteChanged', { muted });
  }

  /** RFC 4733 digits to the peer; rejects when the peer did not take telephone-event. */
  async sendDtmf(digits: string): Promise<void> {
    if (!this.#media || this.#state !== 'established') throw new CallError('CALL_NOT_ESTABLISHED', 'DTMF needs an established call with audio');
    try {
      await this.#media.sendDtmf(digits);
    } catch (error) {
      if (isMediaSessionError(error, 'MEDIA_DTMF_NOT_NEGOTIATED') || isMediaSessionError(error, 'MEDIA_BAD_DIGITS')) {
        throw new CallError('CALL_DTMF_FAILED', error.message, { cause: error });
      }
      throw error;
    }
  }

  /**
   * Moves this call's microphone or loudspeaker to another device (null: the system default),
   * for this call only (CallMedia.switchDevice says what a refusal leaves).
   */
  async switchDevice(direction: 'input' | 'output', name: string | null): Promise<CallDevices> {
    if (this.#state === 'ended') throw new CallError('CALL_NOT_ESTABLISHED', 'the call has ended');
    if (!this.#media) throw new CallError('CALL_NOT_ESTABLISHED', 'the call has no audio yet');
    return this.#media.switchDevice(direction, name);
  }

  /** The live figures of the call's audio. */
  async statistics(): Promise<CallStatistics> {
    if (!this.#media || this.#state === 'ended') throw new CallError('CALL_NOT_ESTABLISHED', 'the call has no running audio');
    return this.#media.statistics();
  }

  /**
   * Blind transfer, the transferor's side (RFC 5589 §6): REFER with `Refer-To: target` in this
   * call's dialog. Resolves once the peer accepted (202) with the outcome to come: when its
   * NOTIFY reports the new call answered, this call ends as `transferred to …` with our BYE;
   * any other outcome leaves it as it is. A refused REFER rejects (`CALL_TRANSFER_FAILED`).
   */
  async transfer(target: string, options: TransferOptions = {}): Promise<{ readonly outcome: Promise<TransferOutcome> }> {
    const session = this.#session;
    if (this.#state !== 'established' || !session) throw new CallError('CALL_NOT_ESTABLISHED', 'only an established call can be transferred');
    const { direction, from, to } = this.summary;
    return this.#transfers.request(session, target, direction === 'outgoing' ? from : to, options);
  }

  /** Closes the media (final statistics) and reports the end, once. */
  end(reason: string, status?: number, statistics?: CallStatistics): Promise<void> {
    if (!this.#ended) {
      this.#state = 'ended';
      this.#transfers.abandon();
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

  async #changeHold(hold: boolean): Promise<void> {
    const session = this.#session;
    const sdp = this.#sdp;
    if (this.#state !== 'established' || !session || !sdp) throw new CallError('CALL_NOT_ESTABLISHED', `cannot ${hold ? 'hold' : 'resume'} a call that is not established`);
    if (sdp.localHold === hold) return;
    const offer = holdOffer(sdp, hold);
    let result;
    try {
      result = await session.modify(sdpContent(offer));
    } catch (error) {
      if (isSipUaError(error, 'UA_REQUEST_PENDING')) throw new CallError('CALL_BUSY', 'the call is being changed already; try again in a moment', { cause: error });
      throw new CallError('CALL_MODIFY_FAILED', (error as Error).message, { cause: error });
    }
    if (!result.ok) {
      // §14.1: a refused re-INVITE leaves the session as it was; 491 means both sides offered at once.
      throw new CallError(result.status === 491 ? 'CALL_BUSY' : 'CALL_MODIFY_FAILED', `the peer answered ${result.status} ${result.reason}`);
    }
    const after = afterOurOffer(sdp, offer, result.answer, hold);
    if (!after.ok) {
      // RFC 3264 §8: an answer we cannot use leaves no agreed session; end it rather than guess.
      void this.end(`bad answer: ${after.reason}`);
      session.bye();
      throw new CallError('CALL_MODIFY_FAILED', `the peer's answer cannot be used: ${after.reason}`);
    }
    await this.#apply(after.sdp);
  }

  #answerPeerOffer(offer: SipContent | undefined): OfferDecision {
    const sdp = this.#sdp;
    if (!sdp || !this.#media || this.#state !== 'established') return { reject: 488 };
    if (!offer) {
      this.#offerAwaitingAck = offerForOfferlessReinvite(sdp);
      return sdpContent(this.#offerAwaitingAck);
    }
    const answer = answerPeerOffer(sdp, offer);
    if (!answer.ok) return { reject: answer.status };
    // The answerer may use the new session as soon as its answer is sent (RFC 3264 §8).
    void this.#apply(answer.sdp).catch((error: Error) => this.#mediaFailed(error));
    return sdpContent(answer.description);
  }

  #answerInAck(content: SipContent | undefined): void {
    const offer = this.#offerAwaitingAck;
    const sdp = this.#sdp;
    if (!offer || !sdp) return;
    this.#offerAwaitingAck = undefined;
    const after = afterOurOffer(sdp, offer, content, sdp.localHold);
    if (!after.ok) return this.#mediaFailed(new Error(after.reason));
    void this.#apply(after.sdp).catch((error: Error) => this.#mediaFailed(error));
  }

  async #apply(sdp: CallSdp): Promise<void> {
    const before = this.hold;
    this.#sdp = sdp;
    // SDP says sendonly so the peer could get music on hold; our microphone stays private meanwhile.
    const options = { ...negotiatedSessionOptions(sdp.agreed), ...(sdp.localHold ? { direction: 'inactive' as const } : {}) };
    await this.#media?.refit(options, { address: sdp.agreed.remoteAddress, port: sdp.agreed.remotePort });
    const after = this.hold;
    if (after.localHold !== before.localHold || after.remoteHold !== before.remoteHold) this.emit('holdChanged', after);
  }

  #mediaFailed(error: Error): void {
    if (this.#state === 'ended') return;
    void this.end(`media failed: ${error.message}`);
    this.#session?.bye();
  }
}
