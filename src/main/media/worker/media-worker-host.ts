import { Worker } from 'node:worker_threads';
import { TypedEmitter } from '../../typed-emitter.js';
import { MediaSessionError, type MediaSessionErrorCode } from '../session/media-session-error.js';
import type { MediaDirection } from '../session/media-session-config.js';
import type { UdpAddress } from '../session/rtp-udp-transport.js';
import type {
  CreatedSession, MediaWorkerEvents, MediaWorkerMessage, MediaWorkerMethod, MediaWorkerParams, MediaWorkerResults, SessionOptions,
} from './media-worker-protocol.js';
import type { CallStatistics } from '../rtcp/call-statistics.js';

export interface MediaWorkerHostOptions {
  /** Another worker script (tests); the media worker next to this file by default. */
  readonly entry?: URL;
  /** How long `close()` waits for the worker to end by itself before terminating it. */
  readonly closeTimeoutMs?: number;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: MediaSessionError) => void;
}

/** The worker's entry next to this module: `media-worker.js` in the tsc build, `.ts` when this module runs through tsx. */
export function mediaWorkerEntry(moduleUrl: string = import.meta.url): URL {
  return new URL(moduleUrl.endsWith('.ts') ? './media-worker.ts' : './media-worker.js', moduleUrl);
}

/**
 * Starts a worker thread on `entry`. Compiled JavaScript starts as it is. TypeScript (tests and
 * benches run through tsx) needs tsx's loader inside the thread before the entry is imported; on
 * Node 20 `execArgv: ['--import', 'tsx']` does not reach a worker's entry module ("Unknown file
 * extension .ts", measured), so a two-line bootstrap registers tsx's ESM hooks, then imports it.
 */
export function startWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/**
 * The main thread's handle on one media worker: typed requests that resolve with typed results
 * or reject with a `MediaSessionError` (its code from the worker), and the worker's events. One
 * worker hosts many sessions. If the worker dies, every pending request rejects with
 * `MEDIA_WORKER_CRASHED`, `failed` fires without a sessionId (all its sessions are gone), and
 * `restart()` starts a fresh one.
 */
export class MediaWorkerHost extends TypedEmitter<MediaWorkerEvents> {
  readonly #options: MediaWorkerHostOptions;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | undefined;
  #exited: Promise<number> = Promise.resolve(0);
  #nextId = 1;
  #closing = false;
  #lastError: Error | undefined;

  constructor(options: MediaWorkerHostOptions = {}) {
    super();
    this.#options = options;
    this.#spawn();
  }

  /** True while a worker thread runs. */
  get alive(): boolean {
    return this.#worker !== undefined;
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

  getStatistics(sessionId: string): Promise<CallStatistics> {
    return this.request('getStatistics', { sessionId });
  }

  closeSession(sessionId: string): Promise<CallStatistics> {
    return this.request('closeSession', { sessionId });
  }

  request<M extends MediaWorkerMethod>(method: M, params: MediaWorkerParams<M>): Promise<MediaWorkerResults[M]> {
    if (this.#closing) return Promise.reject(new MediaSessionError('MEDIA_WORKER_CLOSED', 'the media worker is closing'));
    return this.#send(method, params);
  }

  #send<M extends MediaWorkerMethod>(method: M, params: MediaWorkerParams<M>): Promise<MediaWorkerResults[M]> {
    const worker = this.#worker;
    if (!worker) return Promise.reject(new MediaSessionError('MEDIA_WORKER_CLOSED', 'the media worker is not running'));
    const id = this.#nextId++;
    return new Promise<MediaWorkerResults[M]>((resolve, reject) => {
      // The worker is our own code answering with the result type of the method it was asked.
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, method, params });
    });
  }

  /** Starts a new worker after a crash (or replaces a running one, whose sessions end). */
  async restart(): Promise<void> {
    if (this.#worker) await this.#stop();
    this.#closing = false;
    this.#spawn();
  }

  /** Closes every session (recordings completed, sockets closed) and ends the thread. */
  async close(): Promise<void> {
    if (this.#closing || !this.#worker) return;
    await this.#stop();
  }

  async #stop(): Promise<void> {
    const worker = this.#worker;
    if (!worker) return;
    this.#closing = true;
    // A wedged worker never answers: it is terminated after the timeout, which rejects `shutdown`.
    const timeout = setTimeout(() => void worker.terminate(), this.#options.closeTimeoutMs ?? 2000);
    await this.#send('shutdown', {}).catch(() => null);
    await this.#exited;
    clearTimeout(timeout);
  }

  #spawn(): void {
    const worker = startWorker(this.#options.entry ?? mediaWorkerEntry());
    this.#worker = worker;
    this.#lastError = undefined;
    worker.on('message', (message: MediaWorkerMessage) => this.#onMessage(message));
    worker.on('error', (error) => (this.#lastError = error));
    this.#exited = new Promise((resolve) => {
      worker.once('exit', (code) => {
        this.#onExit(worker, code);
        resolve(code);
      });
    });
  }

  #onMessage(message: MediaWorkerMessage): void {
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

  #onExit(worker: Worker, code: number): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    const expected = this.#closing;
    const reason = this.#lastError?.message ?? `the media worker exited with code ${code}`;
    this.#rejectAll(expected ? 'MEDIA_WORKER_CLOSED' : 'MEDIA_WORKER_CRASHED', expected ? 'the media worker was closed' : reason);
    if (!expected) this.emit('failed', { code: 'MEDIA_WORKER_CRASHED', message: reason });
  }

  #rejectAll(code: MediaSessionErrorCode, message: string): void {
    for (const pending of this.#pending.values()) pending.reject(new MediaSessionError(code, message));
    this.#pending.clear();
  }
}
