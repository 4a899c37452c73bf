import { createRequire } from 'node:module';
import { MediaCodecError } from './media-codec-error.js';

/**
 * The binding to libopus 1.4 as opusscript 0.1.1 ships it (WebAssembly, `build/opusscript_native_wasm.js`).
 *
 * We call its native handler ourselves instead of going through `new OpusScript()`, because
 * opusscript's JavaScript wrapper mis-addresses its buffers (measured, DESIGN.md "Media"). It
 * makes its PCM views with `HEAPU16.subarray(pointer, …)`, indexing 16-bit elements with a byte
 * address, so it hands the library the address 2 × pointer: every instance reads and writes PCM
 * outside its own allocation, over other instances' codec state, and once 2 × pointer passes the
 * 16 MiB heap (the 79th live instance) `encode` fails with "offset is out of bounds". Its
 * decode buffer is 5760 bytes where the handler writes 4 bytes a sample for up to 5760 samples,
 * and its views go stale when the heap grows. Here every buffer is sized for what the handler
 * writes, addressed by its real pointer and viewed afresh on each call, so the number of
 * instances is bounded by memory only (the heap grows to 2 GiB).
 *
 * The native handler's own conventions, which we keep: `_encode(pcm, n, out, frameSize)` expects
 * the PCM as n bytes (little-endian) stored one per 16-bit element and packs them in place;
 * `_decode(in, length, out)` writes each sample as two 16-bit elements (low byte, high byte),
 * decodes into a buffer of 5760 samples, and conceals a loss when `length` is 0. It always
 * passes decode_fec = 0, so in-band FEC can be sent but not decoded.
 */

interface NativeHandler {
  _encode(pcmPointer: number, bytes: number, outPointer: number, frameSize: number): number;
  _decode(inPointer: number, length: number, outPointer: number): number;
  _encoder_ctl(request: number, value: number): number;
  _decoder_ctl(request: number, value: number): number;
}

interface NativeModule {
  readonly HEAPU8: Uint8Array;
  readonly HEAPU16: Uint16Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  OpusScriptHandler: {
    new (sampleRate: number, channels: number, application: number): NativeHandler;
    destroy_handler(handler: NativeHandler): void;
  };
}

/** OPUS_APPLICATION_VOIP (opus_defines.h). */
export const OPUS_APPLICATION_VOIP = 2048;
/** The most samples one packet may decode to here: 60 ms at 48 kHz (the PLC output size too). */
export const OPUS_MAX_DECODED_SAMPLES = 2880;
/** opusscript's packet buffer size (3 × 1276 bytes, the longest code-3 packet of 3 frames). */
export const OPUS_MAX_PACKET_BYTES = 3828;
/** The native decode buffer: 120 ms, what the handler may write at most. */
const NATIVE_DECODE_SAMPLES = 5760;

function isNativeModule(value: unknown): value is NativeModule {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const handler = candidate['OpusScriptHandler'];
  return (
    candidate['HEAPU8'] instanceof Uint8Array &&
    candidate['HEAPU16'] instanceof Uint16Array &&
    typeof candidate['_malloc'] === 'function' &&
    typeof candidate['_free'] === 'function' &&
    typeof handler === 'function' &&
    typeof (handler as unknown as Record<string, unknown>)['destroy_handler'] === 'function'
  );
}

let loaded: NativeModule | undefined;

/** One WebAssembly instance (one heap) per thread, created on first use. */
function nativeModule(): NativeModule {
  if (loaded) return loaded;
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) {
    throw new MediaCodecError('CODEC_BACKEND_UNAVAILABLE', 'the Opus binding moves samples as little-endian bytes; this machine is big-endian');
  }
  try {
    const require = createRequire(import.meta.url);
    const factory: unknown = require('opusscript/build/opusscript_native_wasm.js');
    if (typeof factory !== 'function') throw new Error('the module does not export a factory');
    const instance: unknown = (factory as () => unknown)();
    if (!isNativeModule(instance)) throw new Error('the module does not look like opusscript 0.1.x');
    loaded = instance;
    return instance;
  } catch (error) {
    throw new MediaCodecError('CODEC_BACKEND_UNAVAILABLE', `cannot load opusscript's WebAssembly build: ${String(error)}`, { cause: error });
  }
}

/** One native encoder + decoder pair with its buffers, at their true addresses. */
export class OpusNativeHandle {
  readonly #module: NativeModule;
  #handler: NativeHandler | undefined;
  readonly #pcmIn: number;
  readonly #packetIn: number;
  readonly #packetOut: number;
  readonly #pcmOut: number;

  constructor(sampleRate: number, channels: number, application: number) {
    this.#module = nativeModule();
    try {
      this.#handler = new this.#module.OpusScriptHandler(sampleRate, channels, application);
    } catch (error) {
      throw new MediaCodecError('CODEC_FAILED', `opus_encoder_create/opus_decoder_create failed: ${String(error)}`, { cause: error });
    }
    // _encode reads 2 × bytes 16-bit elements while packing: 4 bytes of buffer per input byte.
    this.#pcmIn = this.#allocate(OPUS_MAX_DECODED_SAMPLES * channels * 2 * 4);
    this.#packetIn = this.#allocate(OPUS_MAX_PACKET_BYTES);
    this.#packetOut = this.#allocate(OPUS_MAX_PACKET_BYTES);
    this.#pcmOut = this.#allocate(NATIVE_DECODE_SAMPLES * channels * 4);
  }

  get deleted(): boolean {
    return this.#handler === undefined;
  }

  /** Encodes `frameSize` samples per channel; returns a copy of the packet, or the negative libopus error. */
  encode(pcm: Int16Array, frameSize: number): Uint8Array | number {
    const handler = this.#live();
    // One byte per 16-bit element, as the handler wants: a typed-array copy from a byte view
    // of the (little-endian) samples does exactly that, natively.
    this.#module.HEAPU16.set(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength), this.#pcmIn >> 1);
    const length = handler._encode(this.#pcmIn, pcm.length * 2, this.#packetOut, frameSize);
    if (length < 0) return length;
    return this.#module.HEAPU8.slice(this.#packetOut, this.#packetOut + length);
  }

  /**
   * Decodes a packet (an empty one asks for concealment); returns the samples per channel
   * interleaved in a fresh array, or the negative libopus error.
   */
  decode(packet: Uint8Array, channels: number): Int16Array | number {
    const handler = this.#live();
    if (packet.length > 0) this.#module.HEAPU8.set(packet, this.#packetIn);
    const samples = handler._decode(this.#packetIn, packet.length, this.#pcmOut);
    if (samples < 0) return samples;
    // Each element holds one byte of the little-endian sample: narrowing them to bytes rebuilds it.
    const base = this.#pcmOut >> 1;
    const bytes = new Uint8Array(this.#module.HEAPU16.subarray(base, base + samples * channels * 2));
    return new Int16Array(bytes.buffer);
  }

  encoderCtl(request: number, value: number): number {
    return this.#live()._encoder_ctl(request, value);
  }

  /** A GET request: libopus writes the value through a pointer we lend it. */
  encoderGet(request: number): number | undefined {
    const handler = this.#live();
    const pointer = this.#allocate(4);
    try {
      const result = handler._encoder_ctl(request, pointer);
      return result < 0 ? undefined : new DataView(this.#module.HEAPU8.buffer).getInt32(pointer, true);
    } finally {
      this.#module._free(pointer);
    }
  }

  decoderCtl(request: number, value: number): number {
    return this.#live()._decoder_ctl(request, value);
  }

  /** Frees the native state and buffers; later calls throw `CODEC_DELETED`. Idempotent. */
  delete(): void {
    const handler = this.#handler;
    if (!handler) return;
    this.#handler = undefined;
    this.#module.OpusScriptHandler.destroy_handler(handler);
    for (const pointer of [this.#pcmIn, this.#packetIn, this.#packetOut, this.#pcmOut]) this.#module._free(pointer);
  }

  #allocate(bytes: number): number {
    const pointer = this.#module._malloc(bytes);
    if (pointer === 0) throw new MediaCodecError('CODEC_FAILED', `the Opus heap cannot hold ${bytes} more bytes`);
    return pointer;
  }

  #live(): NativeHandler {
    if (!this.#handler) throw new MediaCodecError('CODEC_DELETED', 'this Opus codec was deleted');
    return this.#handler;
  }
}

/** The size of the Opus WebAssembly heap of this thread (0 before first use): it only grows. */
export function opusHeapBytes(): number {
  return loaded?.HEAPU8.length ?? 0;
}
