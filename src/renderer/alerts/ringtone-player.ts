import type { Ringtone } from '../../shared/api-contract.js';
import { RING_PATTERNS, renderRingPeriod } from './ring-pattern.js';

/** The parts of a Web Audio `AudioBuffer` the player uses. */
export interface RingBuffer {
  copyToChannel(source: Float32Array<ArrayBuffer>, channelNumber: number): void;
}

/** The parts of an `AudioBufferSourceNode` the player uses. */
export interface RingSource {
  buffer: RingBuffer | null;
  loop: boolean;
  connect(destination: never): unknown;
  disconnect(): void;
  start(): void;
  stop(): void;
  addEventListener(type: 'ended', listener: () => void): void;
}

/** The parts of an `AudioContext` the player uses, so tests can hand it a fake. */
export interface RingAudioContext {
  readonly state: string;
  readonly sampleRate: number;
  readonly destination: unknown;
  createBuffer(numberOfChannels: number, length: number, sampleRate: number): RingBuffer;
  createBufferSource(): RingSource;
  resume(): Promise<void>;
  suspend(): Promise<void>;
  addEventListener(type: 'statechange', listener: () => void): void;
  /** Chromium 110+: the output device, by the id `enumerateDevices` gives. */
  setSinkId?: (sinkId: string) => Promise<void>;
}

/**
 * What the ring sounds like right now: `playing`; `blocked` while the browser's autoplay rules
 * hold the sound back until the user first clicks or types in the page; `unsupported` without
 * Web Audio; `idle` when nothing plays.
 */
export type RingtonePlayback = 'idle' | 'playing' | 'blocked' | 'unsupported';

/** The page's Web Audio, or null where there is none. */
export function browserRingAudio(): RingAudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  return new AudioContext({ latencyHint: 'playback' });
}

/**
 * Plays a ringtone in the page: one period of the ring pattern, rendered once into a buffer and
 * looped. The audio context is made on the first ring and kept (browsers allow only a few per
 * page), suspended between rings so it holds no audio device while silent.
 */
export class RingtonePlayer {
  readonly #createContext: () => RingAudioContext | null;
  #context: RingAudioContext | null | undefined;
  #source: RingSource | null = null;
  #finish: (() => void) | null = null;
  readonly #buffers = new Map<Ringtone, RingBuffer>();
  #state: RingtonePlayback = 'idle';
  readonly #listeners = new Set<(state: RingtonePlayback) => void>();

  constructor(createContext: () => RingAudioContext | null) {
    this.#createContext = createContext;
  }

  get state(): RingtonePlayback {
    return this.#state;
  }

  onStateChanged(listener: (state: RingtonePlayback) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Plays `ringtone`, looped until `stop` (a ring) or once (a preview). Resolves when it is
   * over, by its end or by `stop`. A ring already playing is stopped first.
   */
  play(ringtone: Exclude<Ringtone, 'off'>, options: { loop: boolean }): Promise<void> {
    this.stop();
    const context = this.#ensureContext();
    if (context === null) {
      this.#setState('unsupported');
      return Promise.resolve();
    }
    const source = context.createBufferSource();
    source.buffer = this.#buffer(context, ringtone);
    source.loop = options.loop;
    source.connect(context.destination as never);
    this.#source = source;
    const over = new Promise<void>((resolve) => {
      this.#finish = resolve;
      source.addEventListener('ended', () => this.#ended(source));
    });
    source.start();
    this.#setState(context.state === 'running' ? 'playing' : 'blocked');
    // Always: the suspend of the last ring may still be queued, and resume runs after it.
    void context.resume().catch(() => {});
    return over;
  }

  stop(): void {
    const source = this.#source;
    if (source === null) return;
    try {
      source.stop();
    } catch {
      // Already stopped: the end is handled below all the same.
    }
    this.#ended(source);
  }

  /**
   * Called on each click or key press in the page: a user gesture is what the autoplay rules
   * wait for, so a ring they held back becomes audible.
   */
  unlock(): void {
    const context = this.#context;
    if (context && this.#source !== null && context.state === 'suspended') void context.resume().catch(() => {});
  }

  /** Sends the ring to this output device (an id from `enumerateDevices`), where the browser can choose. */
  async setSink(sinkId: string): Promise<boolean> {
    const context = this.#ensureContext();
    if (context?.setSinkId === undefined) return false;
    try {
      await context.setSinkId(sinkId);
      return true;
    } catch {
      return false; // the device went away or may not be used: the default output plays it
    }
  }

  #ensureContext(): RingAudioContext | null {
    if (this.#context === undefined) {
      try {
        this.#context = this.#createContext();
      } catch {
        this.#context = null;
      }
      this.#context?.addEventListener('statechange', () => this.#contextStateChanged());
    }
    return this.#context;
  }

  #buffer(context: RingAudioContext, ringtone: Exclude<Ringtone, 'off'>): RingBuffer {
    const known = this.#buffers.get(ringtone);
    if (known !== undefined) return known;
    const samples = renderRingPeriod(RING_PATTERNS[ringtone], context.sampleRate);
    const buffer = context.createBuffer(1, samples.length, context.sampleRate);
    buffer.copyToChannel(samples, 0);
    this.#buffers.set(ringtone, buffer);
    return buffer;
  }

  #ended(source: RingSource): void {
    if (this.#source !== source) return;
    source.disconnect();
    this.#source = null;
    const finish = this.#finish;
    this.#finish = null;
    this.#setState('idle');
    if (this.#context?.state === 'running') void this.#context.suspend().catch(() => {});
    finish?.();
  }

  #contextStateChanged(): void {
    if (this.#source === null || this.#context == null) return;
    this.#setState(this.#context.state === 'running' ? 'playing' : 'blocked');
  }

  #setState(state: RingtonePlayback): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
  }
}
