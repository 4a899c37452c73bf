import type { AudioLevel } from '../media/audio/level-meter.js';
import { isMediaSessionError, type AudioDirection, type CallStatistics, type CreatedSession, type MediaWorkerHost, type SessionOptions } from '../media/index.js';
import type { PeerDatagramChannel } from '../p2p/peer-datagram-channel.js';
import { TypedEmitter } from '../typed-emitter.js';
import type { CallAudioPlan } from './call-audio.js';
import { CallError } from './call-error.js';
import { devicesOf, noDeviceAudio, switchRefused, type CallDevices } from './call-devices.js';
import { sameSessionShape, type NegotiatedSessionOptions } from './negotiated-media.js';

/** How long a finished `--play` file lingers before the call ends: the last packets play out at the peer. */
export const SOURCE_END_LINGER_MS = 300;

/** Session options the endpoint sets for every call: loss injected on the media path (tests, `npm run bench`). */
export type MediaTuning = Pick<SessionOptions, 'lossRate' | 'lossSeed'>;

/**
 * Where a call's RTP goes: a UDP socket the worker binds on `host` (plain SIP), or a datagram
 * channel on a Parley peer connection, whose packets the main thread only moves between the
 * connection and the worker (DESIGN.md, "RTP transport").
 */
export type MediaPath = { readonly kind: 'udp'; readonly host: string } | { readonly kind: 'channel'; readonly channel: PeerDatagramChannel };

export type CallMediaEvents = {
  /** An RFC 4733 digit from the peer. */
  dtmfReceived: { readonly digit: string };
  /** Microphone and loudspeaker levels, a few times a second (for meters). */
  levels: { readonly input: AudioLevel; readonly output: AudioLevel; readonly muted: boolean };
  /** The live figures, about once a second. */
  statistics: { readonly statistics: CallStatistics };
  /**
   * A device of the call vanished or failed and `to` took over, or none could (`to` undefined:
   * silence, and the call goes on). Also told at the start when no device could be opened at all.
   */
  deviceReplaced: { readonly direction: AudioDirection; readonly from: string; readonly to: string | undefined; readonly reason: string };
  /** The devices in use changed: a switch, a fallback, a device that came back. */
  devicesChanged: CallDevices;
  /** The media side ended the call: its file played out, or the session failed. */
  ended: { readonly reason: 'sourceEnded' | 'failed'; readonly statistics: CallStatistics | undefined; readonly message?: string };
};

/**
 * One call's media session in the worker (the owner tree: the call owns it, closing the call
 * closes it). It exists before our SDP is written, so the SDP carries its real port (or
 * channel). When the peer's answer agrees on another codec than the one the session was made
 * for, the session is made again on the same port (`renegotiate`): the port in our offer stays true.
 */
export class CallMedia extends TypedEmitter<CallMediaEvents> {
  /** The m= port of our SDP: the UDP port, or the datagram channel id. */
  readonly port: number;
  readonly #host: MediaWorkerHost;
  readonly #base: string;
  #plan: CallAudioPlan;
  readonly #path: MediaPath;
  /** Devices that could not be opened when the session was made (the call went on in silence). */
  readonly #unavailable: CallMediaEvents['deviceReplaced'][];
  readonly #tuning: MediaTuning;
  readonly #offs: Array<() => void> = [];
  #sessionId: string;
  #shape: NegotiatedSessionOptions;
  #incarnation = 1;
  #remote: { address: string; port: number } | undefined;
  #muted = false;
  #closing = false;
  #finalStatistics: Promise<CallStatistics | undefined> | undefined;
  #offDatagrams: (() => void) | undefined;
  #devices: CallDevices;

  private constructor(
    host: MediaWorkerHost,
    base: string,
    plan: CallAudioPlan,
    path: MediaPath,
    shape: NegotiatedSessionOptions,
    created: CreatedSession,
    tuning: MediaTuning,
    unavailable: CallMediaEvents['deviceReplaced'][],
  ) {
    super();
    this.#unavailable = unavailable;
    this.#tuning = tuning;
    this.#host = host;
    this.#base = base;
    this.#sessionId = `${base}.1`;
    this.#plan = plan;
    this.#path = path;
    this.#shape = shape;
    this.port = portOf(path, created);
    this.#devices = devicesOf(created);
    const mine = (sessionId: string | undefined): boolean => sessionId === this.#sessionId;
    this.#offs.push(
      host.on('dtmfReceived', ({ sessionId, digit }) => mine(sessionId) && this.emit('dtmfReceived', { digit })),
      host.on('levels', ({ sessionId, input, output, muted }) => mine(sessionId) && this.emit('levels', { input, output, muted })),
      host.on('statistics', ({ sessionId, statistics }) => mine(sessionId) && this.emit('statistics', { statistics })),
      host.on('deviceOpened', ({ sessionId, direction, name }) => mine(sessionId) && this.#inUse(direction, name)),
      host.on('deviceFellBack', ({ sessionId, direction, from, to, reason }) => {
        if (!mine(sessionId)) return;
        this.emit('deviceReplaced', { direction, from, to, reason });
        this.#inUse(direction, to ?? null);
      }),
      host.on('sessionClosed', ({ sessionId, reason, statistics }) => {
        if (!mine(sessionId) || this.#closing) return;
        this.#closedByMedia(reason === 'sourceEnded' ? 'sourceEnded' : 'failed', statistics, reason === 'sourceEnded' ? undefined : `media session ${reason}`);
      }),
      host.on('failed', ({ sessionId, message }) => {
        // No sessionId: the whole worker died, and this session with it.
        if ((sessionId === undefined || mine(sessionId)) && !this.#closing) this.#closedByMedia('failed', undefined, message);
      }),
    );
    if (path.kind === 'channel') {
      const { channel } = path;
      this.#routeDatagrams();
      this.#offs.push(
        () => this.#offDatagrams?.(),
        channel.onDatagram((bytes) => void this.#host.deliverDatagram(this.#sessionId, bytes)),
        channel.onClosed(() => {
          if (!this.#closing) this.#closedByMedia('failed', undefined, 'the peer connection closed');
        }),
      );
    }
  }

  /** Creates the session: `shape` is what was agreed (UAS) or what we offer first (UAC). */
  static async create(host: MediaWorkerHost, base: string, plan: CallAudioPlan, path: MediaPath, shape: NegotiatedSessionOptions, tuning: MediaTuning = {}): Promise<CallMedia> {
    const attempt = (candidate: CallAudioPlan) => host.createSession(`${base}.1`, { ...sessionOptions(candidate, path, shape), ...tuning });
    let first: string;
    try {
      const created = await attempt(plan);
      return new CallMedia(host, base, plan, path, shape, created, tuning, []);
    } catch (error) {
      // No sound card (or a busy one) must not cost the call: it goes on without the device
      // that failed, in silence, and says which. A device whose driver crashed the media process
      // counts as unavailable too (the host starts a new one); then no device is tried again.
      if (isMediaSessionError(error, 'MEDIA_WORKER_CRASHED') && usesDevices(plan)) {
        const none = withoutDevices(plan, ['input', 'output'], `the audio driver failed: ${error.message}`);
        const created = await attempt(none.plan);
        return new CallMedia(host, base, none.plan, path, shape, created, tuning, none.unavailable);
      }
      if (!isMediaSessionError(error, 'MEDIA_DEVICE_UNAVAILABLE')) throw error;
      first = error.message;
    }
    const reasons: Partial<Record<AudioDirection, string>> = {};
    for (const kept of ['output', 'input'] as const) {
      const dropped = kept === 'output' ? 'input' : 'output';
      const degraded = withoutDevices(plan, [dropped], '');
      if (degraded.unavailable.length === 0) continue;
      try {
        const created = await attempt(degraded.plan);
        return new CallMedia(host, base, degraded.plan, path, shape, created, tuning, withoutDevices(plan, [dropped], reasons[dropped] ?? first).unavailable);
      } catch (error) {
        if (!isMediaSessionError(error, 'MEDIA_DEVICE_UNAVAILABLE')) throw error;
        reasons[kept] = error.message; // with only `kept` left as a device, this is its failure
      }
    }
    const none = withoutDevices(plan, ['input', 'output'], '');
    const created = await attempt(none.plan);
    const unavailable = none.unavailable.map((event) => ({ ...event, reason: reasons[event.direction] ?? first }));
    return new CallMedia(host, base, none.plan, path, shape, created, tuning, unavailable);
  }

  /** Devices that could not be opened at the start; the call layer tells the user once it listens. */
  get unavailableDevices(): readonly CallMediaEvents['deviceReplaced'][] {
    return this.#unavailable;
  }

  get sessionId(): string {
    return this.#sessionId;
  }

  get devices(): CallDevices {
    return this.#devices;
  }

  /**
   * Moves this call's microphone (`input`) or loudspeaker (`output`) to another device, or to
   * the system default (null), without pausing it. Only this call's: the choice remembered for
   * the calls to come is the settings' (as in Linphone). Resolves with the devices in use; a
   * device that refuses is `CALL_DEVICE_SWITCH_FAILED`, and the call goes on with the device
   * `devices` then names (the old one, or the default if the old one could not be reopened).
   */
  async switchDevice(direction: AudioDirection, name: string | null): Promise<CallDevices> {
    const side = direction === 'input' ? this.#plan.source : this.#plan.sink;
    const unavailable = this.#unavailable.find((event) => event.direction === direction);
    if (side.kind !== 'device') throw noDeviceAudio(direction, side.kind, unavailable?.reason);
    let outcome;
    try {
      outcome = await this.#host.switchDevice(this.#sessionId, direction, name);
    } catch (error) {
      if (!isMediaSessionError(error)) throw error;
      const code = error.code === 'MEDIA_NOT_A_DEVICE' ? 'CALL_NO_DEVICE_AUDIO' : 'CALL_DEVICE_SWITCH_FAILED';
      throw new CallError(code, error.message, { cause: error });
    }
    this.#inUse(direction, outcome.name);
    if (!outcome.ok) throw switchRefused(direction, name, outcome);
    // A session made again (another codec, a peer that moved) opens the device switched to.
    const device = { kind: 'device' as const, ...(name === null ? {} : { name: outcome.name }) };
    this.#plan = direction === 'input' ? { ...this.#plan, source: device } : { ...this.#plan, sink: device };
    return this.#devices;
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

  /** Starts sending to and playing from the peer's c=/m= address (a channel needs none). */
  async start(remote: { address: string; port: number }): Promise<null> {
    this.#remote = remote;
    return this.#host.startSession(this.#sessionId, this.#path.kind === 'udp' ? remote : undefined);
  }

  /**
   * Applies a later offer/answer (hold, resume, a re-INVITE from the peer) to a running session:
   * a new direction is a `setHold`; a new codec or peer address remakes the session on the
   * same port and starts it again (the recording of a remade session starts over).
   */
  async refit(agreed: NegotiatedSessionOptions, remote: { address: string; port: number }): Promise<void> {
    const moved = this.#path.kind === 'udp' && this.#remote !== undefined && (this.#remote.address !== remote.address || this.#remote.port !== remote.port);
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

  sendDtmf(digits: string): Promise<null> {
    return this.#host.sendDtmf(this.#sessionId, digits);
  }

  /** Ends the session (recording completed); resolves with the final figures, once, however often called. */
  close(): Promise<CallStatistics | undefined> {
    if (!this.#finalStatistics) {
      this.#closing = true;
      this.#finalStatistics = this.#host.closeSession(this.#sessionId).catch(() => undefined);
      void this.#finalStatistics.then(() => this.#release());
    }
    return this.#finalStatistics;
  }

  async #remake(agreed: NegotiatedSessionOptions): Promise<void> {
    const previous = this.#sessionId;
    this.#incarnation += 1;
    this.#sessionId = `${this.#base}.${this.#incarnation}`;
    this.#shape = agreed;
    await this.#host.closeSession(previous);
    this.#routeDatagrams();
    const created = await this.#host.createSession(this.#sessionId, { ...sessionOptions(this.#plan, this.#path, agreed, this.port), ...this.#tuning });
    this.#inUse('input', created.devices.input ?? null);
    this.#inUse('output', created.devices.output ?? null);
    if (this.#muted) await this.#host.setMute(this.#sessionId, true);
  }

  /** The current session's outgoing datagrams onto the channel (again after a remake: a new session id). */
  #routeDatagrams(): void {
    if (this.#path.kind !== 'channel') return;
    const { channel } = this.#path;
    this.#offDatagrams?.();
    this.#offDatagrams = this.#host.onDatagramOut(this.#sessionId, (bytes) => {
      if (channel.isOpen) channel.send(bytes);
    });
  }

  #inUse(direction: AudioDirection, name: string | null): void {
    if (this.#devices[direction] === name) return;
    this.#devices = { ...this.#devices, [direction]: name };
    this.emit('devicesChanged', this.#devices);
  }

  /** Listeners off, and the channel closed: the connection may idle out once no call uses it. */
  #release(): void {
    for (const off of this.#offs) off();
    if (this.#path.kind === 'channel') this.#path.channel.close();
  }

  #closedByMedia(reason: 'sourceEnded' | 'failed', statistics: CallStatistics | undefined, message: string | undefined): void {
    this.#closing = true;
    this.#release();
    this.#finalStatistics = Promise.resolve(statistics);
    this.emit('ended', { reason, statistics, ...(message !== undefined ? { message } : {}) });
  }
}

/** The plan with the devices of `directions` replaced by silence (microphone) or nowhere (loudspeaker). */
function withoutDevices(plan: CallAudioPlan, directions: readonly AudioDirection[], reason: string): { plan: CallAudioPlan; unavailable: CallMediaEvents['deviceReplaced'][] } {
  const unavailable: CallMediaEvents['deviceReplaced'][] = [];
  let { source, sink } = plan;
  if (directions.includes('input') && source.kind === 'device') {
    unavailable.push({ direction: 'input', from: source.name ?? 'default', to: undefined, reason });
    source = { kind: 'silence' };
  }
  if (directions.includes('output') && sink.kind === 'device') {
    unavailable.push({ direction: 'output', from: sink.name ?? 'default', to: undefined, reason });
    sink = { kind: 'null' };
  }
  return { plan: { ...plan, source, sink }, unavailable };
}

function usesDevices(plan: CallAudioPlan): boolean {
  return plan.source.kind === 'device' || plan.sink.kind === 'device';
}

function portOf(path: MediaPath, created: { localAddress: { port: number } | null }): number {
  return path.kind === 'udp' ? (created.localAddress?.port ?? 0) : path.channel.id;
}

function sessionOptions(plan: CallAudioPlan, path: MediaPath, shape: NegotiatedSessionOptions, port?: number): SessionOptions {
  return {
    ...shape,
    source: plan.source,
    sink: plan.sink,
    ...(path.kind === 'udp' ? { local: { host: path.host, ...(port !== undefined ? { port } : {}) } } : { transport: 'relayed' as const }),
    ...(plan.endCallWhenSourceEnds ? { closeAfterSourceEndedMs: SOURCE_END_LINGER_MS } : {}),
  };
}
