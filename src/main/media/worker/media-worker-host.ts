import { TypedEmitter } from '../../typed-emitter.js';
import type { AudioDevice, AudioDirection } from '../devices/audio-device-list.js';
import type { DeviceSwitchOutcome } from '../devices/device-stream-keeper.js';
import { MediaSessionError, type MediaSessionErrorCode } from '../session/media-session-error.js';
import type { MediaDirection } from '../session/media-session-config.js';
import type { UdpAddress } from '../session/rtp-udp-transport.js';
import { mediaWorkerEntry, openMediaWorkerChannel, type MediaProcessLauncher, type MediaWorkerChannel, type MediaWorkerIsolation } from './media-worker-channel.js';
import type {
  CreatedSession, MediaWorkerEvents, MediaWorkerDatagram, MediaWorkerMessage, MediaWorkerMethod, MediaWorkerParams, MediaWorkerRequest, MediaWorkerResults, SessionOptions,
} from './media-worker-protocol.js';
import type { CallStatistics } from '../rtcp/call-statistics.js';

export interface MediaWorkerHostOptions {
  /**
   * 'thread' (default) for files and tones; 'process' for sound cards (see `MediaWorkerIsolation`):
   * in a thread, naudiodon prints to our stdout and loads only once per process.
   */
  readonly isolation?: MediaWorkerIsolation;
  /** Starts the media process another way than Node's fork (Electron's utilityProcess in the desktop app). */
  readonly launcher?: MediaProcessLauncher;
  /** Another entry script (tests); the media worker (or process) next to this file by default. */
  readonly entry?: URL;
  /** How long `close()` waits for the worker to end by itself before killing it. */
  readonly closeTimeoutMs?: number;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: MediaSessionError) => void;
}

/**
 * The main thread's handle on one media worker, a thread or a child process (`isolation`): typed
 * requests that resolve with typed results or reject with a `MediaSessionError` (its code from
 * the worker), and the worker's events. One worker hosts many sessions. If the worker dies, every
 * pending request rejects with `MEDIA_WORKER_CRASHED`, `failed` fires without a sessionId (all its
 * sessions are gone), and `restart()` starts a fresh one.
 */
export class MediaWorkerHost extends TypedEmitter<MediaWorkerEvents> {
  readonly #options: MediaWorkerHostOptions;
  readonly #pending = new Map<number, Pending>();
  readonly #datagramListeners = new Map<string, (bytes: Uint8Array) => void>();
  #channel: MediaWorkerChannel | undefined;
  #exited: Promise<void> = Promise.resolve();
  #nextId = 1;
  #closing = false;

  constructor(options: MediaWorkerHostOptions = {}) {
    super();
    this.#options = options;
    this.#spawn();
  }

  /** True while the worker runs. */
  get alive(): boolean {
    return this.#channel !== undefined;
  }

  get isolation(): MediaWorkerIsolation {
    return this.#options.isolation ?? 'thread';
  }

  /** The media process's id ('process' isolation, while it runs): for diagnostics and tests. */
  get pid(): number | undefined {
    return this.#channel?.pid;
  }

  createSession(sessionId: string, options: SessionOptions): Promise<CreatedSession> {
    return this.request('createSession', { sessionId, options });
  }

  /** Starts sending and playing; `remote` is the peer's address from its SDP unless given at creation. */
  startSession(sessionId: string, remote?: UdpAddress): Promise<null> {
    return this.request('startSession', { sessionId, remote });
  }

  setMute(sessionId: string, muted: boolean): Promise<null> {
    return this.request('setMute', { sessionId, muted });
  }

  setHold(sessionId: string, direction: MediaDirection): Promise<null> {
    return this.request('setHold', { sessionId, direction });
  }

  sendDtmf(sessionId: string, digits: string): Promise<null> {
    return this.request('sendDtmf', { sessionId, digits });
  }

  /** Moves a session's microphone (`input`) or loudspeaker (`output`) to the named device, or the default (null). */
  switchDevice(sessionId: string, direction: AudioDirection, name: string | null): Promise<DeviceSwitchOutcome> {
    return this.request('switchDevice', { sessionId, direction, name });
  }

  getStatistics(sessionId: string): Promise<CallStatistics> {
    return this.request('getStatistics', { sessionId });
  }

  closeSession(sessionId: string): Promise<CallStatistics> {
    return this.request('closeSession', { sessionId });
  }

  /** The sound cards the worker sees; empty when there are none (or naudiodon cannot load). */
  listDevices(): Promise<AudioDevice[]> {
    return this.request('listDevices', {});
  }

  /**
   * Hands a relayed session a datagram from the peer connection. Fire and forget: a datagram
   * for a session that is gone, or a worker that is down, is lost like any other packet.
   */
  deliverDatagram(sessionId: string, bytes: Uint8Array): void {
    const datagram: MediaWorkerDatagram = { type: 'datagram', sessionId, bytes: ownBytes(bytes) };
    if (!this.#closing) this.#channel?.post(datagram, () => undefined);
  }

  /**
   * Where a relayed session's outgoing datagrams go: one listener a session, reached by its id,
   * so each packet costs one lookup however many calls run (instead of an event every call's
   * listener filters). Returns the function that removes it.
   */
  onDatagramOut(sessionId: string, listener: (bytes: Uint8Array) => void): () => void {
    this.#datagramListeners.set(sessionId, listener);
    return () => {
      if (this.#datagramListeners.get(sessionId) === listener) this.#datagramListeners.delete(sessionId);
    };
  }

  request<M extends MediaWorkerMethod>(method: M, params: MediaWorkerParams<M>): Promise<MediaWorkerResults[M]> {
    if (this.#closing) return Promise.reject(new MediaSessionError('MEDIA_WORKER_CLOSED', 'the media worker is closing'));
    // After a crash (told by `failed`), the next request starts a fresh worker: the calls that
    // died with the old one are gone, the next call must not be.
    if (!this.#channel) this.#spawn();
    return this.#send(method, params);
  }

  #send<M extends MediaWorkerMethod>(method: M, params: MediaWorkerParams<M>): Promise<MediaWorkerResults[M]> {
    const channel = this.#channel;
    if (!channel) return Promise.reject(new MediaSessionError('MEDIA_WORKER_CLOSED', 'the media worker is not running'));
    const id = this.#nextId++;
    return new Promise<MediaWorkerResults[M]>((resolve, reject) => {
      // The worker is our own code answering with the result type of the method it was asked.
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      // Checked against the schema in the worker; a method the protocol lacks is its MEDIA_BAD_REQUEST.
      channel.post({ id, method, params } as MediaWorkerRequest, (error) => {
        if (!this.#pending.delete(id)) return;
        reject(new MediaSessionError(this.#channel === channel ? 'MEDIA_INTERNAL' : 'MEDIA_WORKER_CLOSED', `the request could not reach the media worker: ${error.message}`));
      });
    });
  }

  /** Starts a new worker after a crash (or replaces a running one, whose sessions end). */
  async restart(): Promise<void> {
    if (this.#channel) await this.#stop();
    this.#closing = false;
    this.#spawn();
  }

  /** Closes every session (recordings completed, sockets and devices closed) and ends the worker. */
  async close(): Promise<void> {
    if (this.#closing || !this.#channel) return;
    await this.#stop();
  }

  async #stop(): Promise<void> {
    const channel = this.#channel;
    if (!channel) return;
    this.#closing = true;
    // A wedged worker never answers, and a process holding a dead output device never exits:
    // it is killed after the timeout, which also rejects `shutdown`.
    const timeout = setTimeout(() => channel.kill(), this.#options.closeTimeoutMs ?? 2000);
    const answered = await this.#send('shutdown', {}).then(
      () => true,
      () => false,
    );
    if (answered) channel.end();
    await this.#exited;
    clearTimeout(timeout);
  }

  #spawn(): void {
    const channel = openMediaWorkerChannel(this.isolation, this.#options.entry ?? mediaWorkerEntry(this.isolation), this.#options.launcher);
    this.#channel = channel;
    channel.onMessage((message) => this.#onMessage(message));
    this.#exited = new Promise((resolve) => {
      channel.onExit((reason) => {
        this.#onExit(channel, reason);
        resolve();
      });
    });
  }

  #onMessage(message: MediaWorkerMessage): void {
    if (message.type === 'event' && message.name === 'datagramOut') {
      const { sessionId, bytes } = message.payload as MediaWorkerEvents['datagramOut'];
      this.#datagramListeners.get(sessionId)?.(bytes);
      return;
    }
    if (message.type === 'event') {
      this.emit(message.name, message.payload as never);
      return;
    }
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(new MediaSessionError(message.error.code, message.error.message));
  }

  #onExit(channel: MediaWorkerChannel, reason: string): void {
    if (this.#channel !== channel) return;
    this.#channel = undefined;
    const expected = this.#closing;
    this.#rejectAll(expected ? 'MEDIA_WORKER_CLOSED' : 'MEDIA_WORKER_CRASHED', expected ? 'the media worker was closed' : reason);
    if (!expected) this.emit('failed', { code: 'MEDIA_WORKER_CRASHED', message: reason });
  }

  #rejectAll(code: MediaSessionErrorCode, message: string): void {
    for (const pending of this.#pending.values()) pending.reject(new MediaSessionError(code, message));
    this.#pending.clear();
  }
}

/**
 * A datagram in a buffer of its own size. A structured clone copies a view's whole buffer, and a
 * datagram from the peer connection is a view into a 64 KiB receive buffer: 50 such copies a
 * second per call would cost 3 MB/s for 1 KB of audio.
 */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}
