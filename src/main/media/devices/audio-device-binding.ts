import { createRequire } from 'node:module';
import { AudioDeviceError, errorMessage } from './audio-device-error.js';

/**
 * naudiodon's native binding, loaded directly and typed at the edge (STYLE.md habit 5).
 *
 * Never `require('naudiodon')`: its index.js registers segfault-handler, a second native module
 * that loads once per process and whose build we do not approve (DESIGN.md, "Media"). The binding
 * itself is Node-API. Facts from its source (naudiodon 2.3.6, src/*.cc) that shape this wrapper:
 * - `create({ inOptions } | { outOptions })` opens a PortAudio stream synchronously and throws
 *   on a format the device refuses ("Format not supported").
 * - `read(bytes)` resolves `{ buf, finished }` or `{ err }` (xrun flags when `closeOnError`);
 *   it waits on a libuv pool thread until that many bytes were captured.
 * - `write(buffer)` resolves once the chunk is queued (at most `maxQueue` chunks), so a writer
 *   that awaits each write is paced by the device. PortAudio's callback waits for data, so the
 *   writer must keep writing (silence when there is nothing to play).
 * - `quit('ABORT')` releases blocked reads/writes, stops the stream and calls Pa_Terminate on a
 *   pool thread; `getDevices()` and `create()` call Pa_Initialize on the calling thread.
 *   PortAudio's (un)initialisation is not thread-safe, so the wrapper tells when a quit is
 *   still running (`whenIdle`) and callers open nothing before it ends.
 * - Quitting an output stream whose device died never returns: `quit` first waits for the
 *   PortAudio callback to finish its current chunk, and that callback thread is gone. The pool
 *   thread stays blocked and PortAudio is never terminated (so it does not re-enumerate devices
 *   afterwards). We give a quit QUIT_TIMEOUT_MS, then count the stream as stuck and go on.
 * - Its constructor reference is a C++ static: load it in one thread per process only.
 * - It prints its options to stdout (C `printf`), which we cannot silence from JavaScript.
 */

/** naudiodon's `sampleFormat` for 16-bit signed integers (little-endian here). */
const SAMPLE_FORMAT_16_BIT = 16;
const BINDING_MODULE = 'naudiodon/build/Release/naudiodon.node';
/** A healthy quit takes ~20–110 ms here (naudiodon sleeps 20 ms for the last callback). */
const QUIT_TIMEOUT_MS = 1000;

export interface NativeDeviceInfo {
  readonly id: number;
  readonly name: string;
  readonly hostApiName: string;
  readonly maxInputChannels: number;
  readonly maxOutputChannels: number;
  readonly defaultSampleRate: number;
}

export interface NativeDefaultDevices {
  /** Device ids of the default host API's default input and output, when it has them. */
  readonly input: number | undefined;
  readonly output: number | undefined;
}

export interface NativeStreamFormat {
  readonly deviceId: number;
  readonly sampleRate: number;
  readonly channelCount: number;
  /** Frames per PortAudio callback; 0 lets PortAudio choose. */
  readonly framesPerBuffer: number;
  /** Chunks queued between JavaScript and the callback. */
  readonly maxQueue: number;
}

export type NativeReadResult =
  | { readonly kind: 'data'; readonly pcm: Int16Array }
  | { readonly kind: 'finished' }
  /** A status the stream reported (an xrun, usually); the chunk it came with is lost. */
  | { readonly kind: 'status'; readonly message: string };

export interface NativeAudioStream {
  start(): void;
  read(bytes: number): Promise<NativeReadResult>;
  /** Resolves with the status text the stream reported, if any. */
  write(pcm: Int16Array): Promise<string | undefined>;
  /** Stops and closes the stream; never rejects. */
  quit(): Promise<void>;
}

/** What device code needs from PortAudio: real (naudiodon) or a fake in tests. */
export interface AudioDeviceBackend {
  listDevices(): readonly NativeDeviceInfo[];
  defaultDevices(): NativeDefaultDevices;
  openCapture(format: NativeStreamFormat): NativeAudioStream;
  openPlayback(format: NativeStreamFormat): NativeAudioStream;
  /** Resolves when no stream of this backend is still being closed. */
  whenIdle(): Promise<void>;
  readonly idle: boolean;
  /** Streams whose quit never returned (an output device that died); each holds a libuv pool thread. */
  readonly stuckStreams: number;
}

interface RawStream {
  start(): unknown;
  read(bytes: number): Promise<unknown>;
  write(chunk: Buffer): Promise<unknown>;
  quit(mode: 'WAIT' | 'ABORT'): Promise<unknown>;
}

interface RawBinding {
  getDevices(): unknown;
  getHostAPIs(): unknown;
  create(options: Record<string, Record<string, number | boolean>>): unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function hasFunctions<K extends string>(value: unknown, names: readonly K[]): value is Record<K, (...args: never[]) => unknown> {
  return isRecord(value) && names.every((name) => typeof value[name] === 'function');
}

function isRawBinding(value: unknown): value is RawBinding {
  return hasFunctions(value, ['getDevices', 'getHostAPIs', 'create']);
}

function isRawStream(value: unknown): value is RawStream {
  return hasFunctions(value, ['start', 'read', 'write', 'quit']);
}

function numberField(record: Record<string, unknown>, key: string): number | undefined {
  const value = record[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A device entry from `getDevices()`, or undefined when it is not shaped like one. */
export function parseNativeDevice(value: unknown): NativeDeviceInfo | undefined {
  if (!isRecord(value) || typeof value['name'] !== 'string') return undefined;
  const id = numberField(value, 'id');
  if (id === undefined) return undefined;
  return {
    id,
    name: value['name'],
    hostApiName: typeof value['hostAPIName'] === 'string' ? value['hostAPIName'] : '',
    maxInputChannels: numberField(value, 'maxInputChannels') ?? 0,
    maxOutputChannels: numberField(value, 'maxOutputChannels') ?? 0,
    defaultSampleRate: numberField(value, 'defaultSampleRate') ?? 0,
  };
}

/** The default host API's default devices from `getHostAPIs()`; PortAudio says "none" as −1 (0xffffffff). */
export function parseDefaultDevices(value: unknown): NativeDefaultDevices {
  const none: NativeDefaultDevices = { input: undefined, output: undefined };
  if (!isRecord(value) || !Array.isArray(value['HostAPIs'])) return none;
  const defaultId = numberField(value, 'defaultHostAPI');
  const api: unknown = value['HostAPIs'].find((entry: unknown) => isRecord(entry) && entry['id'] === defaultId);
  if (!isRecord(api)) return none;
  const device = (key: string): number | undefined => {
    const id = numberField(api, key);
    return id === undefined || id < 0 || id >= 0x7fff_ffff ? undefined : id;
  };
  return { input: device('defaultInput'), output: device('defaultOutput') };
}

function toBuffer(pcm: Int16Array): Buffer {
  return Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
}

function toInt16(buffer: Buffer): Int16Array {
  const samples = Math.floor(buffer.length / 2);
  if (buffer.byteOffset % 2 === 0) return new Int16Array(buffer.buffer, buffer.byteOffset, samples);
  return new Int16Array(Uint8Array.prototype.slice.call(buffer, 0, samples * 2).buffer);
}

class NaudiodonBackend implements AudioDeviceBackend {
  readonly #binding: RawBinding;
  readonly #quitting = new Set<Promise<void>>();
  #stuck = 0;

  constructor(binding: RawBinding) {
    this.#binding = binding;
  }

  get idle(): boolean {
    return this.#quitting.size === 0;
  }

  get stuckStreams(): number {
    return this.#stuck;
  }

  async whenIdle(): Promise<void> {
    while (this.#quitting.size > 0) await Promise.all(this.#quitting);
  }

  listDevices(): readonly NativeDeviceInfo[] {
    const raw = this.#binding.getDevices();
    if (!Array.isArray(raw)) return [];
    return raw.map(parseNativeDevice).filter((device): device is NativeDeviceInfo => device !== undefined);
  }

  defaultDevices(): NativeDefaultDevices {
    return parseDefaultDevices(this.#binding.getHostAPIs());
  }

  openCapture(format: NativeStreamFormat): NativeAudioStream {
    return this.#open('inOptions', format);
  }

  openPlayback(format: NativeStreamFormat): NativeAudioStream {
    return this.#open('outOptions', format);
  }

  #open(side: 'inOptions' | 'outOptions', format: NativeStreamFormat): NativeAudioStream {
    const options = {
      deviceId: format.deviceId,
      sampleRate: format.sampleRate,
      channelCount: format.channelCount,
      sampleFormat: SAMPLE_FORMAT_16_BIT,
      framesPerBuffer: format.framesPerBuffer,
      maxQueue: format.maxQueue,
      // Status flags (xruns) come back as values instead of being printed to stdout.
      closeOnError: true,
    };
    const raw = this.#binding.create({ [side]: options });
    if (!isRawStream(raw)) throw new Error('naudiodon returned something that is not a stream');
    return this.#wrap(raw);
  }

  #wrap(raw: RawStream): NativeAudioStream {
    let quit: Promise<void> | undefined;
    return {
      start: () => void raw.start(),
      read: async (bytes) => {
        const result = await raw.read(bytes);
        if (!isRecord(result)) return { kind: 'status', message: 'malformed read result' };
        if (typeof result['err'] === 'string' && result['err'] !== '') return { kind: 'status', message: result['err'] };
        if (result['finished'] === true) return { kind: 'finished' };
        const buffer = result['buf'];
        return Buffer.isBuffer(buffer) ? { kind: 'data', pcm: toInt16(buffer) } : { kind: 'status', message: 'read without a buffer' };
      },
      write: async (pcm) => {
        const status = await raw.write(toBuffer(pcm));
        return typeof status === 'string' && status !== '' ? status : undefined;
      },
      quit: () => {
        if (quit) return quit;
        const done = new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            this.#stuck++;
            resolve();
          }, QUIT_TIMEOUT_MS);
          timer.unref();
          raw.quit('ABORT').then(
            () => (clearTimeout(timer), resolve()),
            () => (clearTimeout(timer), resolve()),
          );
        });
        quit = done.finally(() => this.#quitting.delete(done));
        this.#quitting.add(done);
        return quit;
      },
    };
  }
}

export type BindingLoadResult = { readonly ok: true; readonly backend: AudioDeviceBackend } | { readonly ok: false; readonly error: AudioDeviceError };

let loaded: BindingLoadResult | undefined;

/**
 * The process's naudiodon backend, loaded on first use. A binding that cannot load (not built,
 * a shared library missing) is an `AUDIO_BACKEND_UNAVAILABLE` value, never a crash. `modulePath`
 * is for tests: it loads that file instead and is not cached.
 */
export function loadAudioDeviceBinding(modulePath?: string): BindingLoadResult {
  if (modulePath === undefined && loaded) return loaded;
  let result: BindingLoadResult;
  try {
    const binding: unknown = createRequire(import.meta.url)(modulePath ?? BINDING_MODULE);
    result = isRawBinding(binding)
      ? { ok: true, backend: new NaudiodonBackend(binding) }
      : { ok: false, error: new AudioDeviceError('AUDIO_BACKEND_UNAVAILABLE', 'naudiodon binding loaded but lacks getDevices/getHostAPIs/create') };
  } catch (error) {
    result = { ok: false, error: new AudioDeviceError('AUDIO_BACKEND_UNAVAILABLE', `naudiodon binding cannot be loaded: ${errorMessage(error)}`, { cause: error }) };
  }
  if (modulePath === undefined) loaded = result;
  return result;
}

/** The backend, or a thrown `AUDIO_BACKEND_UNAVAILABLE`. */
export function requireAudioDeviceBackend(): AudioDeviceBackend {
  const result = loadAudioDeviceBinding();
  if (!result.ok) throw result.error;
  return result.backend;
}
