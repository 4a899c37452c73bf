import type { AudioLevel } from '../media/audio/level-meter.js';
import type { CallStatistics, MediaWorkerHost, SessionOptions } from '../media/index.js';
import { TypedEmitter } from '../typed-emitter.js';
import type { CallAudioPlan } from './call-audio.js';
import { sameSessionShape, type NegotiatedSessionOptions } from './negotiated-media.js';

/** How long a finished `--play` file lingers before the call ends: the last packets play out at the peer. */
export const SOURCE_END_LINGER_MS = 300;

/** Session options the endpoint sets for every call: loss injected on the media path (tests, `npm run bench`). */
export type MediaTuning = Pick<SessionOptions, 'lossRate' | 'lossSeed'>;

export type CallMediaEvents = {
  /** An RFC 4733 digit from the peer. */
  dtmfReceived: { readonly digit: string };
  /** Microphone and loudspeaker levels, a few times a second (for meters). */
  levels: { readonly input: AudioLevel; readonly output: AudioLevel; readonly muted: boolean };
  /** The live figures, about once a second. */
  statistics: { readonly statistics: CallStatistics };
  /** The media side ended the call: its file played out, or the session failed. */
  ended: { readonly reason: 'sourceEnded' | 'failed'; readonly statistics: CallStatistics | undefined; readonly message?: string };
};

/**
 * One call's media session in the worker (the owner tree: the call owns it, closing the call
 * closes it). It exists before our SDP is written, so the SDP carries its real port. When the
 * peer's answer agrees on another codec than the one the session was made for, the session is
 * made again on the same port (`renegotiate`): the port in our offer stays true.
 */
export class CallMedia extends TypedEmitter<CallMediaEvents> {
  readonly port: number;
  readonly #host: MediaWorkerHost;
  readonly #base: string;
  readonly #plan: CallAudioPlan;
  readonly #localHost: string;
  readonly #tuning: MediaTuning;
  readonly #offs: Array<() => void> = [];
  #sessionId: string;
  #shape: NegotiatedSessionOptions;
  #incarnation = 1;
  #remote: { address: string; port: number } | undefined;
  #muted = false;
  #closing = false;
  #finalStatistics: Promise<CallStatistics | undefined> | undefined;

  private constructor(host: MediaWorkerHost, base: string, plan: CallAudioPlan, localHost: string, shape: NegotiatedSessionOptions, port: number, tuning: MediaTuning) {
    super();
    this.#tuning = tuning;
    this.#host = host;
    this.#base = base;
    this.#sessionId = `${base}.1`;
    this.#plan = plan;
    this.#localHost = localHost;
    this.#shape = shape;
    this.port = port;
    this.#offs.push(
      host.on('dtmfReceived', ({ sessionId, digit }) => {
        if (sessionId === this.#sessionId) this.emit('dtmfReceived', { digit });
      }),
      host.on('levels', ({ sessionId, input, output, muted }) => {
        if (sessionId === this.#sessionId) this.emit('levels', { input, output, muted });
      }),
      host.on('statistics', ({ sessionId, statistics }) => {
        if (sessionId === this.#sessionId) this.emit('statistics', { statistics });
      }),
      host.on('sessionClosed', ({ sessionId, reason, statistics }) => {
        if (sessionId !== this.#sessionId || this.#closing) return;
        this.#closedByMedia(reason === 'sourceEnded' ? 'sourceEnded' : 'failed', statistics, reason === 'sourceEnded' ? undefined : `media session ${reason}`);
      }),
      host.on('failed', ({ sessionId, message }) => {
        // No sessionId: the whole worker died, and this session with it.
        if ((sessionId === undefined || sessionId === this.#sessionId) && !this.#closing) this.#closedByMedia('failed', undefined, message);
      }),
    );
  }

  /** Creates the session: `shape` is what was agreed (UAS) or what we offer first (UAC). */
  static async create(host: MediaWorkerHost, base: string, plan: CallAudioPlan, localHost: string, shape: NegotiatedSessionOptions, tuning: MediaTuning = {}): Promise<CallMedia> {
    const created = await host.createSession(`${base}.1`, { ...sessionOptions(plan, localHost, shape), ...tuning });
    return new CallMedia(host, base, plan, localHost, shape, created.localAddress.port, tuning);
  }

  get sessionId(): string {
    return this.#sessionId;
  }

  /** Fits the session to what the answer agreed: remade on the same port if the codec or DTMF type differ. */
  async renegotiate(agreed: NegotiatedSessionOptions): Promise<void> {
    if (sameSessionShape(this.#shape, agreed)) {
      if (agreed.direction !== undefined && agreed.direction !== this.#shape.direction) await this.#host.setHold(this.#sessionId, agreed.direction);
      this.#shape = agreed;
      return;
    }
    await this.#remake(agreed);
  }

  /** Starts sending to and playing from the peer's c=/m= address. */
  async start(remote: { address: string; port: number }): Promise<null> {
    this.#remote = remote;
    return this.#host.startSession(this.#sessionId, remote);
  }

  /**
   * Applies a later offer/answer (hold, resume, a re-INVITE from the peer) to a running session:
   * a new direction is a `setHold`; a new codec or peer address remakes the session on the
   * same port and starts it again (the recording of a remade session starts over).
   */
  async refit(agreed: NegotiatedSessionOptions, remote: { address: string; port: number }): Promise<void> {
    const moved = this.#remote !== undefined && (this.#remote.address !== remote.address || this.#remote.port !== remote.port);
    if (sameSessionShape(this.#shape, agreed) && !moved) return this.renegotiate(agreed);
    await this.#remake(agreed);
    await this.start(remote);
  }

  setMuted(muted: boolean): Promise<null> {
    this.#muted = muted;
    return this.#host.setMute(this.#sessionId, muted);
  }

  get muted(): boolean {
    return this.#muted;
  }

  statistics(): Promise<CallStatistics> {
    return this.#host.getStatistics(this.#sessionId);
  }

  async #remake(agreed: NegotiatedSessionOptions): Promise<void> {
    const previous = this.#sessionId;
    this.#incarnation += 1;
    this.#sessionId = `${this.#base}.${this.#incarnation}`;
    this.#shape = agreed;
    await this.#host.closeSession(previous);
    await this.#host.createSession(this.#sessionId, { ...sessionOptions(this.#plan, this.#localHost, agreed, this.port), ...this.#tuning });
    if (this.#muted) await this.#host.setMute(this.#sessionId, true);
  }

  sendDtmf(digits: string): Promise<null> {
    return this.#host.sendDtmf(this.#sessionId, digits);
  }

  /** Ends the session (recording completed); resolves with the final figures, once, however often called. */
  close(): Promise<CallStatistics | undefined> {
    if (!this.#finalStatistics) {
      this.#closing = true;
      for (const off of this.#offs) off();
      this.#finalStatistics = this.#host.closeSession(this.#sessionId).catch(() => undefined);
    }
    return this.#finalStatistics;
  }

  #closedByMedia(reason: 'sourceEnded' | 'failed', statistics: CallStatistics | undefined, message: string | undefined): void {
    this.#closing = true;
    for (const off of this.#offs) off();
    this.#finalStatistics = Promise.resolve(statistics);
    this.emit('ended', { reason, statistics, ...(message !== undefined ? { message } : {}) });
  }
}

function sessionOptions(plan: CallAudioPlan, host: string, shape: NegotiatedSessionOptions, port?: number): SessionOptions {
  return {
    ...shape,
    source: plan.source,
    sink: plan.sink,
    local: { host, ...(port !== undefined ? { port } : {}) },
    ...(plan.endCallWhenSourceEnds ? { closeAfterSourceEndedMs: SOURCE_END_LINGER_MS } : {}),
  };
}
