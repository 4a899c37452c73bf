import { CodedError } from '../../coded-error.js';

/**
 * Reading WAV (RIFF WAVE) files for `--play`: PCM 8 (unsigned), 16, 24 and 32-bit, IEEE float
 * 32 and 64-bit, any rate and channel count, WAVE_FORMAT_EXTENSIBLE whose sub-format is PCM or
 * float. Chunks may come in any order, unknown ones are skipped, odd-sized chunks are followed
 * by a pad byte (RIFF). Anything else is a `WavError` value, never a throw.
 */

export type WavErrorCode =
  /** Not "RIFF"…"WAVE" (also RIFX/RF64, which we do not read). */
  | 'WAV_NOT_RIFF'
  /** The file ends inside a chunk header, the `fmt ` chunk or (unless allowed) the data. */
  | 'WAV_TRUNCATED'
  | 'WAV_NO_FMT'
  | 'WAV_NO_DATA'
  /** A `fmt ` chunk that contradicts itself (no channels, zero rate, wrong block align). */
  | 'WAV_BAD_FMT'
  /** A format tag, sub-format or sample size we do not decode (ADPCM, µ-law, 12-bit…). */
  | 'WAV_UNSUPPORTED_FORMAT';

export class WavError extends CodedError<WavErrorCode> {
  constructor(code: WavErrorCode, message: string) {
    super('WavError', code, message);
  }
}

export interface WavAudio {
  readonly sampleRate: number;
  /** One array per channel, samples scaled to [−1, 1). */
  readonly channels: readonly Float32Array[];
  readonly encoding: 'pcm' | 'float';
  readonly bitsPerSample: number;
  /** The data chunk was shorter than its header said (only with `allowTruncatedData`). */
  readonly truncated: boolean;
}

export type WavReadResult = { readonly ok: true; readonly value: WavAudio } | { readonly ok: false; readonly error: WavError };

export interface WavReadOptions {
  /** Accept a data chunk cut short (a recorder that crashed), keeping its whole frames. Default false. */
  readonly allowTruncatedData?: boolean;
}

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_EXTENSIBLE = 0xfffe;
/** KSDATAFORMAT_SUBTYPE_* GUIDs end with these 14 bytes; the first two are the format tag. */
const EXTENSIBLE_GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

interface Format {
  readonly tag: number;
  readonly channelCount: number;
  readonly sampleRate: number;
  readonly blockAlign: number;
  readonly bitsPerSample: number;
}

function fail(code: WavErrorCode, message: string): WavReadResult {
  return { ok: false, error: new WavError(code, message) };
}

function fourCc(view: DataView, offset: number): string {
  return String.fromCharCode(view.getUint8(offset), view.getUint8(offset + 1), view.getUint8(offset + 2), view.getUint8(offset + 3));
}

function parseFormat(view: DataView, offset: number, size: number): Format | WavReadResult {
  if (size < 16) return fail('WAV_BAD_FMT', `a fmt chunk of ${size} bytes (at least 16)`);
  let tag = view.getUint16(offset, true);
  const channelCount = view.getUint16(offset + 2, true);
  const sampleRate = view.getUint32(offset + 4, true);
  const blockAlign = view.getUint16(offset + 12, true);
  const bitsPerSample = view.getUint16(offset + 14, true);
  if (tag === FORMAT_EXTENSIBLE) {
    if (size < 40) return fail('WAV_BAD_FMT', `a WAVE_FORMAT_EXTENSIBLE fmt chunk of ${size} bytes (40 expected)`);
    const guid = offset + 24;
    for (let i = 0; i < EXTENSIBLE_GUID_TAIL.length; i++) {
      if (view.getUint8(guid + 2 + i) !== EXTENSIBLE_GUID_TAIL[i]) return fail('WAV_UNSUPPORTED_FORMAT', 'an extensible sub-format that is not a KSDATAFORMAT_SUBTYPE');
    }
    tag = view.getUint16(guid, true);
  }
  if (channelCount === 0 || sampleRate === 0) return fail('WAV_BAD_FMT', `${channelCount} channels at ${sampleRate} Hz`);
  const supported = (tag === FORMAT_PCM && [8, 16, 24, 32].includes(bitsPerSample)) || (tag === FORMAT_FLOAT && [32, 64].includes(bitsPerSample));
  if (!supported) return fail('WAV_UNSUPPORTED_FORMAT', `format tag 0x${tag.toString(16)} with ${bitsPerSample}-bit samples`);
  if (blockAlign !== channelCount * (bitsPerSample / 8)) return fail('WAV_BAD_FMT', `block align ${blockAlign} for ${channelCount} × ${bitsPerSample} bits`);
  return { tag, channelCount, sampleRate, blockAlign, bitsPerSample };
}

function readSample(view: DataView, offset: number, format: Format): number {
  if (format.tag === FORMAT_FLOAT) return format.bitsPerSample === 32 ? view.getFloat32(offset, true) : view.getFloat64(offset, true);
  switch (format.bitsPerSample) {
    case 8:
      return (view.getUint8(offset) - 128) / 128;
    case 16:
      return view.getInt16(offset, true) / 32768;
    case 24:
      return (view.getUint8(offset) | (view.getUint8(offset + 1) << 8) | (view.getInt8(offset + 2) << 16)) / 8388608;
    default:
      return view.getInt32(offset, true) / 2147483648;
  }
}

function decodeData(view: DataView, offset: number, bytes: number, format: Format): Float32Array[] {
  const frames = Math.floor(bytes / format.blockAlign);
  const size = format.bitsPerSample / 8;
  const channels = Array.from({ length: format.channelCount }, () => new Float32Array(frames));
  for (let frame = 0; frame < frames; frame++) {
    const base = offset + frame * format.blockAlign;
    for (let c = 0; c < format.channelCount; c++) {
      const channel = channels[c];
      if (channel) channel[frame] = readSample(view, base + c * size, format);
    }
  }
  return channels;
}

export function readWav(bytes: Uint8Array, options: WavReadOptions = {}): WavReadResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) return fail(bytes.length >= 4 && fourCc(view, 0) === 'RIFF' ? 'WAV_TRUNCATED' : 'WAV_NOT_RIFF', `a file of ${bytes.length} bytes`);
  if (fourCc(view, 0) !== 'RIFF' || fourCc(view, 8) !== 'WAVE') return fail('WAV_NOT_RIFF', 'the file does not start with RIFF…WAVE');
  // The RIFF size is often wrong (streamed writers leave 0 or 0xFFFFFFFF): trust the file length.
  let format: Format | undefined;
  let data: { offset: number; size: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length && !(format && data)) {
    const id = fourCc(view, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (body + size > bytes.length) return fail('WAV_TRUNCATED', 'the file ends inside the fmt chunk');
      const parsed = parseFormat(view, body, size);
      if ('ok' in parsed) return parsed;
      format = parsed;
    } else if (id === 'data') {
      data = { offset: body, size };
    }
    offset = body + size + (size % 2);
  }
  // The walk stopped early (a partial chunk header) or a chunk ran past the end (beyond its pad byte).
  const cut = offset < bytes.length || offset > bytes.length + 1;
  if (!format) return fail(cut ? 'WAV_TRUNCATED' : 'WAV_NO_FMT', cut ? 'the file ends before its fmt chunk' : 'no fmt chunk');
  if (!data) return fail(cut ? 'WAV_TRUNCATED' : 'WAV_NO_DATA', cut ? 'the file ends before its data chunk' : 'no data chunk');
  const available = Math.max(0, Math.min(data.size, bytes.length - data.offset));
  const truncated = available < data.size;
  if (truncated && !options.allowTruncatedData) return fail('WAV_TRUNCATED', `the data chunk says ${data.size} bytes, the file holds ${available}`);
  const channels = decodeData(view, data.offset, available, format);
  return { ok: true, value: { sampleRate: format.sampleRate, channels, encoding: format.tag === FORMAT_FLOAT ? 'float' : 'pcm', bitsPerSample: format.bitsPerSample, truncated } };
}
