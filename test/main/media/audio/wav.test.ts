import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toMonoPcm } from '../../../../src/main/media/audio/mono-pcm.js';
import { dominantFrequency } from '../../../../src/main/media/audio/tone-analysis.js';
import { readWav, WavError, type WavAudio, type WavErrorCode } from '../../../../src/main/media/audio/wav-reader.js';
import { encodeWavHeader, writeWav } from '../../../../src/main/media/audio/wav-writer.js';
import { buildWav, type WavSpec } from './wav-builder.js';
import { seededRandom, sine, sineFloat } from './test-signals.js';

function readOk(bytes: Uint8Array): WavAudio {
  const result = readWav(bytes);
  if (!result.ok) assert.fail(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function readError(bytes: Uint8Array): WavErrorCode {
  const result = readWav(bytes);
  if (result.ok) assert.fail('the file was read');
  assert.ok(result.error instanceof WavError);
  return result.error.code;
}

const LIST = { id: 'LIST', body: new TextEncoder().encode('INFOISFT\x05\x00\x00\x00test\x00') }; // odd: 17 bytes
const ODD = { id: 'junk', body: Uint8Array.of(1, 2, 3) };

describe('WAV write', () => {
  test('16-bit mono 48 kHz: the canonical 44-byte header, then little-endian samples', () => {
    const file = writeWav(Int16Array.of(1, -2, 32767, -32768));
    assert.equal(file.length, 44 + 8);
    const text = (from: number): string => new TextDecoder().decode(file.subarray(from, from + 4));
    assert.deepEqual([text(0), text(8), text(12), text(36)], ['RIFF', 'WAVE', 'fmt ', 'data']);
    const view = new DataView(file.buffer);
    assert.deepEqual(
      [view.getUint32(4, true), view.getUint16(20, true), view.getUint16(22, true), view.getUint32(24, true), view.getUint32(28, true), view.getUint16(32, true), view.getUint16(34, true), view.getUint32(40, true)],
      [44, 1, 1, 48000, 96000, 2, 16, 8],
    );
    assert.deepEqual([...file.subarray(44)], [0x01, 0x00, 0xfe, 0xff, 0xff, 0x7f, 0x00, 0x80]);
    assert.deepEqual([...encodeWavHeader(7).subarray(4, 8)], [44, 0, 0, 0], 'the RIFF size counts the pad byte of odd data');
  });

  test('what it writes reads back sample for sample', () => {
    const samples = sine(440, 48000, 4800, 0.7);
    const audio = readOk(writeWav(samples));
    assert.equal(audio.sampleRate, 48000);
    assert.equal(audio.channels.length, 1);
    assert.deepEqual([...(audio.channels[0] ?? [])].map((x) => Math.round(x * 32768)), [...samples]);
  });
});

describe('WAV read: every format --play accepts', () => {
  const left = sineFloat(440, 48000, 4800, 0.5);
  const right = sineFloat(1000, 48000, 4800, 0.25);
  // [spec, largest error allowed against the float source]: one quantisation step.
  const cases: { name: string; spec: WavSpec; tolerance: number }[] = [
    { name: '8-bit unsigned PCM mono', spec: { formatTag: 1, bits: 8, sampleRate: 8000, channels: [left] }, tolerance: 1 / 128 },
    { name: '16-bit PCM stereo 44.1 kHz', spec: { formatTag: 1, bits: 16, sampleRate: 44100, channels: [left, right] }, tolerance: 1 / 32768 },
    { name: '24-bit PCM mono', spec: { formatTag: 1, bits: 24, sampleRate: 96000, channels: [left] }, tolerance: 1 / 8388608 },
    { name: '32-bit PCM stereo', spec: { formatTag: 1, bits: 32, sampleRate: 48000, channels: [left, right] }, tolerance: 1e-7 },
    { name: '32-bit float stereo', spec: { formatTag: 3, bits: 32, sampleRate: 22050, channels: [left, right] }, tolerance: 0 },
    { name: '64-bit float mono', spec: { formatTag: 3, bits: 64, sampleRate: 16000, channels: [left] }, tolerance: 0 },
    { name: 'WAVE_FORMAT_EXTENSIBLE 24-bit PCM stereo', spec: { formatTag: 1, bits: 24, sampleRate: 48000, channels: [left, right], extensible: true }, tolerance: 1 / 8388608 },
    { name: 'WAVE_FORMAT_EXTENSIBLE float mono', spec: { formatTag: 3, bits: 32, sampleRate: 48000, channels: [left], extensible: true }, tolerance: 0 },
    { name: 'a LIST chunk of odd size (padded) before fmt', spec: { formatTag: 1, bits: 16, sampleRate: 48000, channels: [left], before: [LIST] }, tolerance: 1 / 32768 },
    { name: 'odd-sized chunks between fmt and data and after data', spec: { formatTag: 1, bits: 16, sampleRate: 48000, channels: [left], between: [ODD, LIST], after: [ODD] }, tolerance: 1 / 32768 },
    { name: 'data before fmt', spec: { formatTag: 1, bits: 16, sampleRate: 48000, channels: [left, right], dataFirst: true, before: [ODD] }, tolerance: 1 / 32768 },
  ];
  for (const { name, spec, tolerance } of cases) {
    test(name, () => {
      const audio = readOk(buildWav(spec));
      assert.equal(audio.sampleRate, spec.sampleRate);
      assert.equal(audio.bitsPerSample, spec.bits);
      assert.equal(audio.encoding, spec.formatTag === 3 ? 'float' : 'pcm');
      assert.equal(audio.channels.length, spec.channels.length);
      spec.channels.forEach((source, c) => {
        const read = audio.channels[c] ?? new Float32Array(0);
        assert.equal(read.length, source.length);
        let worst = 0;
        for (let i = 0; i < source.length; i++) worst = Math.max(worst, Math.abs((read[i] ?? 0) - (source[i] ?? 0)));
        assert.ok(worst <= tolerance + 1e-9, `channel ${c}: error ${worst}`);
      });
    });
  }

  test('toMonoPcm turns a 44.1 kHz stereo float file into 48 kHz mono 16-bit with the tone intact', () => {
    const tone = sineFloat(440, 44100, 44100, 0.5);
    const pcm = toMonoPcm(readOk(buildWav({ formatTag: 3, bits: 32, sampleRate: 44100, channels: [tone, tone] })));
    assert.equal(pcm.length, 48000);
    assert.ok(Math.abs(dominantFrequency(pcm, 48000) - 440) < 0.5);
  });
});

describe('WAV read: anything else is a typed error, never a throw', () => {
  const good = buildWav({ formatTag: 1, bits: 16, sampleRate: 48000, channels: [sineFloat(440, 48000, 480)] });
  const withFmtField = (offset: number, value: number, bytes = 2): Uint8Array => {
    const copy = Uint8Array.from(good);
    const view = new DataView(copy.buffer);
    if (bytes === 2) view.setUint16(20 + offset, value, true);
    else view.setUint32(20 + offset, value, true);
    return copy;
  };
  const cases: { name: string; bytes: Uint8Array; code: WavErrorCode }[] = [
    { name: 'an empty file', bytes: new Uint8Array(0), code: 'WAV_NOT_RIFF' },
    { name: 'text', bytes: new TextEncoder().encode('this is not a wave file at all'), code: 'WAV_NOT_RIFF' },
    { name: 'RIFF but AVI', bytes: Uint8Array.from([...good.subarray(0, 8), ...new TextEncoder().encode('AVI '), ...good.subarray(12)]), code: 'WAV_NOT_RIFF' },
    { name: 'RIFF cut after 6 bytes', bytes: good.subarray(0, 6), code: 'WAV_TRUNCATED' },
    { name: 'a file cut inside the fmt chunk', bytes: good.subarray(0, 30), code: 'WAV_TRUNCATED' },
    { name: 'a file cut inside the data chunk', bytes: good.subarray(0, 500), code: 'WAV_TRUNCATED' },
    { name: 'a file cut inside the data chunk header', bytes: good.subarray(0, 40), code: 'WAV_TRUNCATED' },
    { name: 'no data chunk', bytes: (() => { const f = good.subarray(0, 36).slice(); new DataView(f.buffer).setUint32(4, 28, true); return f; })(), code: 'WAV_NO_DATA' },
    { name: 'no fmt chunk', bytes: Uint8Array.from([...good.subarray(0, 12), ...good.subarray(36)]), code: 'WAV_NO_FMT' },
    { name: 'IMA ADPCM (format tag 0x11)', bytes: withFmtField(0, 0x11), code: 'WAV_UNSUPPORTED_FORMAT' },
    { name: 'µ-law in WAV (format tag 7)', bytes: buildWav({ formatTag: 7, bits: 8, sampleRate: 8000, channels: [new Float32Array(8)] }), code: 'WAV_UNSUPPORTED_FORMAT' },
    { name: '12-bit PCM', bytes: withFmtField(14, 12), code: 'WAV_UNSUPPORTED_FORMAT' },
    { name: 'an extensible file with an unknown sub-format GUID', bytes: buildWav({ formatTag: 1, bits: 16, sampleRate: 8000, channels: [new Float32Array(8)], extensible: true, guidTail: new Array<number>(14).fill(7) }), code: 'WAV_UNSUPPORTED_FORMAT' },
    { name: 'zero channels', bytes: withFmtField(2, 0), code: 'WAV_BAD_FMT' },
    { name: 'a zero sample rate', bytes: withFmtField(4, 0, 4), code: 'WAV_BAD_FMT' },
    { name: 'a block align that contradicts the format', bytes: buildWav({ formatTag: 1, bits: 16, sampleRate: 8000, channels: [new Float32Array(8)], blockAlign: 3 }), code: 'WAV_BAD_FMT' },
  ];
  for (const { name, bytes, code } of cases) {
    test(`${name}: ${code}`, () => assert.equal(readError(bytes), code));
  }

  test('a data chunk cut short is read up to its last whole frame when the caller allows it', () => {
    const result = readWav(good.subarray(0, 44 + 201), { allowTruncatedData: true });
    assert.ok(result.ok);
    assert.equal(result.value.truncated, true);
    assert.equal(result.value.channels[0]?.length, 100);
  });

  test('2000 randomly damaged files: each is read or refused with a WavError, none throws', () => {
    const random = seededRandom(4);
    const seeds = [good, buildWav({ formatTag: 3, bits: 32, sampleRate: 44100, channels: [sineFloat(1, 44100, 64), sineFloat(2, 44100, 64)], extensible: true, before: [LIST] })];
    let refused = 0;
    for (let i = 0; i < 2000; i++) {
      const seed = seeds[i % seeds.length] ?? good;
      const bytes = seed.slice(0, Math.floor(random() * (seed.length + 1)));
      for (let flips = Math.floor(random() * 8); flips > 0; flips--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const result = readWav(bytes);
      if (!result.ok) {
        assert.ok(result.error instanceof WavError);
        refused++;
      }
    }
    assert.ok(refused > 500, `${refused} refused`);
  });
});
