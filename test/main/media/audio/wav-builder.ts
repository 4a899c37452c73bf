// Builds WAV files of every layout the reader must handle (sox is not installed: files are made
// here). Not a test file itself.

export interface WavSpec {
  readonly formatTag: 1 | 3 | 2 | 0x0007;
  readonly bits: number;
  readonly sampleRate: number;
  /** Samples per channel, in [−1, 1]. */
  readonly channels: readonly Float32Array[];
  /** Write WAVE_FORMAT_EXTENSIBLE with this sub-format tag; `guidTail` overrides the GUID's tail. */
  readonly extensible?: boolean;
  readonly guidTail?: readonly number[];
  /** Chunks written before `fmt `, between `fmt ` and `data`, and after `data`. */
  readonly before?: readonly Chunk[];
  readonly between?: readonly Chunk[];
  readonly after?: readonly Chunk[];
  /** Put `data` before `fmt `. */
  readonly dataFirst?: boolean;
  /** Override the block align written in `fmt `. */
  readonly blockAlign?: number;
}

export interface Chunk {
  readonly id: string;
  readonly body: Uint8Array;
}

const KSDATAFORMAT_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

function chunk(id: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length % 2));
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = id.charCodeAt(i);
  view.setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}

function sampleBytes(spec: WavSpec): Uint8Array {
  const size = spec.bits / 8;
  const frames = spec.channels[0]?.length ?? 0;
  const out = new Uint8Array(frames * spec.channels.length * size);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (let frame = 0; frame < frames; frame++) {
    for (const channel of spec.channels) {
      const value = Math.max(-1, Math.min(1, channel[frame] ?? 0));
      if (spec.formatTag === 3 && spec.bits === 32) view.setFloat32(offset, value, true);
      else if (spec.formatTag === 3) view.setFloat64(offset, value, true);
      else if (spec.bits === 8) view.setUint8(offset, Math.max(0, Math.min(255, Math.round(value * 128) + 128)));
      else if (spec.bits === 16) view.setInt16(offset, Math.max(-32768, Math.min(32767, Math.round(value * 32768))), true);
      else if (spec.bits === 24) {
        const v = Math.max(-8388608, Math.min(8388607, Math.round(value * 8388608)));
        view.setUint8(offset, v & 0xff);
        view.setUint8(offset + 1, (v >> 8) & 0xff);
        view.setInt8(offset + 2, v >> 16);
      } else view.setInt32(offset, Math.max(-2147483648, Math.min(2147483647, Math.round(value * 2147483648))), true);
      offset += size;
    }
  }
  return out;
}

export function buildWav(spec: WavSpec): Uint8Array {
  const channelCount = spec.channels.length;
  const blockAlign = spec.blockAlign ?? channelCount * (spec.bits / 8);
  const fmt = new Uint8Array(spec.extensible ? 40 : 16);
  const view = new DataView(fmt.buffer);
  view.setUint16(0, spec.extensible ? 0xfffe : spec.formatTag, true);
  view.setUint16(2, channelCount, true);
  view.setUint32(4, spec.sampleRate, true);
  view.setUint32(8, spec.sampleRate * blockAlign, true);
  view.setUint16(12, blockAlign, true);
  view.setUint16(14, spec.bits, true);
  if (spec.extensible) {
    view.setUint16(16, 22, true);
    view.setUint16(18, spec.bits, true);
    view.setUint32(20, channelCount === 2 ? 3 : 4, true);
    view.setUint16(24, spec.formatTag, true);
    fmt.set(spec.guidTail ?? KSDATAFORMAT_TAIL, 26);
  }
  const fmtChunk = chunk('fmt ', fmt);
  const dataChunk = chunk('data', sampleBytes(spec));
  const parts = [
    ...(spec.before ?? []).map((c) => chunk(c.id, c.body)),
    ...(spec.dataFirst ? [dataChunk, fmtChunk] : [fmtChunk]),
    ...(spec.between ?? []).map((c) => chunk(c.id, c.body)),
    ...(spec.dataFirst ? [] : [dataChunk]),
    ...(spec.after ?? []).map((c) => chunk(c.id, c.body)),
  ];
  const size = parts.reduce((sum, part) => sum + part.length, 4);
  const out = new Uint8Array(8 + size);
  const outView = new DataView(out.buffer);
  out.set([0x52, 0x49, 0x46, 0x46], 0);
  outView.setUint32(4, size, true);
  out.set([0x57, 0x41, 0x56, 0x45], 8);
  let offset = 12;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
