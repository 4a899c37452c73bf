import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dominantFrequency } from '../../../../src/main/media/audio/tone-analysis.js';
import { createCodec } from '../../../../src/main/media/codecs/create-codec.js';
import { G711_CONCEALMENT_GAINS } from '../../../../src/main/media/codecs/g711-codec.js';
import { aLawToLinear, linearToALaw, linearToMuLaw, muLawToLinear } from '../../../../src/main/media/codecs/g711.js';
import { isMediaCodecError } from '../../../../src/main/media/codecs/media-codec-error.js';
import { concat, sine, toneSnrDb } from '../audio/test-signals.js';

describe('G.711 µ-law (PCMU) is bit-exact', () => {
  // [linear sample, µ-law code]: G.711 table 2a / the G.191 reference encoder.
  const encodeVectors: [number, number][] = [
    [0, 0xff],
    [-1, 0x7f],
    [1, 0xff],
    [32767, 0x80],
    [-32768, 0x00],
    [32124, 0x80],
    [1000, 0xce],
    [-1000, 0x4e],
    [100, 0xf2],
    // Negative samples take the ones' complement (G.191): −100 codes like +99, not like +100.
    [-100, 0x73],
    [99, 0xf3],
  ];
  for (const [linear, code] of encodeVectors) {
    test(`${linear} encodes to 0x${code.toString(16)}`, () => assert.equal(linearToMuLaw(linear), code));
  }
  // [code, decoded value]: the well-known µ-law expansion table.
  const decodeVectors: [number, number][] = [
    [0x00, -32124],
    [0x01, -31100],
    [0x10, -15996],
    [0x20, -7932],
    [0x30, -3900],
    [0x40, -1884],
    [0x50, -876],
    [0x60, -372],
    [0x70, -120],
    [0x7e, -8],
    [0x7f, 0],
    [0x80, 32124],
    [0xce, 988],
    [0xff, 0],
  ];
  for (const [code, linear] of decodeVectors) {
    test(`0x${code.toString(16)} decodes to ${linear}`, () => assert.equal(muLawToLinear(code), linear));
  }
  test('every code but 0x7f (negative zero) survives decode → encode', () => {
    for (let code = 0; code < 256; code++) assert.equal(linearToMuLaw(muLawToLinear(code)), code === 0x7f ? 0xff : code, `code 0x${code.toString(16)}`);
  });
});

describe('G.711 A-law (PCMA) is bit-exact', () => {
  const encodeVectors: [number, number][] = [
    [0, 0xd5],
    [-1, 0x55],
    [32767, 0xaa],
    [-32768, 0x2a],
    [1000, 0xfa],
    [-1000, 0x7a],
  ];
  for (const [linear, code] of encodeVectors) {
    test(`${linear} encodes to 0x${code.toString(16)}`, () => assert.equal(linearToALaw(linear), code));
  }
  const decodeVectors: [number, number][] = [
    [0x00, -5504],
    [0x01, -5248],
    [0x02, -6016],
    [0x2a, -32256],
    [0x55, -8],
    [0xd5, 8],
    [0xaa, 32256],
    [0x80, 5504],
  ];
  for (const [code, linear] of decodeVectors) {
    test(`0x${code.toString(16)} decodes to ${linear}`, () => assert.equal(aLawToLinear(code), linear));
  }
  test('every code survives decode → encode', () => {
    for (let code = 0; code < 256; code++) assert.equal(linearToALaw(aLawToLinear(code)), code, `code 0x${code.toString(16)}`);
  });
});

describe('G.711 quantisation error stays within half a step of its segment', () => {
  const laws = [
    { name: 'µ-law', encode: linearToMuLaw, decode: muLawToLinear, firstStep: 8, clip: 32124 },
    { name: 'A-law', encode: linearToALaw, decode: aLawToLinear, firstStep: 16, clip: 32256 },
  ];
  for (const law of laws) {
    test(`${law.name}: every 16-bit sample`, () => {
      let worstRelative = 0;
      for (let x = -32768; x <= 32767; x++) {
        const error = Math.abs(law.decode(law.encode(x)) - x);
        if (Math.abs(x) > law.clip) continue; // clipped at full scale
        // Half a step: a segment starting at s has steps of s/16 (4-bit mantissa), so the error
        // stays under (|x| + the µ-law bias of 132) / 32, or half the smallest step.
        assert.ok(error <= Math.max(law.firstStep / 2 + 1, (Math.abs(x) + 132) / 32 + 1), `${x} → error ${error}`);
        if (Math.abs(x) >= 1024) worstRelative = Math.max(worstRelative, error / Math.abs(x));
      }
      assert.ok(worstRelative > 0.02 && worstRelative < 0.035, `worst relative error ${worstRelative}`);
    });
  }
});

describe('the PCMU and PCMA codecs', () => {
  for (const name of ['PCMU', 'PCMA'] as const) {
    // G.711's SQNR is about 38 dB for loud speech-like signals; a 1 kHz tone at 8 kHz repeats the
    // same 8 sample values, which for µ-law at −6 dBFS land near a segment edge (34 dB).
    test(`${name}: a 1 kHz tone comes back at 1 kHz with the SNR G.711 promises (> 33 dB)`, () => {
      const codec = createCodec(name);
      assert.equal(codec.descriptor.samplesPerFrame, 160);
      assert.equal(codec.descriptor.clockRate, 8000);
      assert.equal(codec.descriptor.defaultPayloadType, name === 'PCMU' ? 0 : 8);
      const encoder = codec.createEncoder();
      const decoder = codec.createDecoder();
      const frames: Int16Array[] = [];
      for (let f = 0; f < 50; f++) {
        const payload = encoder.encode(sine(1000, 8000, 160, 0.5, f * 160));
        assert.equal(payload.length, 160);
        frames.push(decoder.decode(payload));
      }
      const decoded = concat(frames);
      assert.ok(Math.abs(dominantFrequency(decoded, 8000) - 1000) < 1);
      const snr = toneSnrDb(decoded, 8000, 1000);
      assert.ok(snr > 33 && snr < 45, `SNR ${snr.toFixed(1)} dB`);
    });

    test(`${name}: concealment repeats the last frame fading (${G711_CONCEALMENT_GAINS.join(', ')}), then silence`, () => {
      const codec = createCodec(name);
      const decoder = codec.createDecoder();
      const last = decoder.decode(codec.createEncoder().encode(sine(440, 8000, 160, 0.5)));
      for (const gain of [...G711_CONCEALMENT_GAINS, 0, 0]) {
        const concealed = decoder.conceal();
        assert.equal(concealed.length, 160);
        for (let i = 0; i < 160; i += 17) assert.equal(concealed[i], Math.round((last[i] ?? 0) * gain) || 0);
      }
      decoder.decode(new Uint8Array(160).fill(name === 'PCMU' ? 0x80 : 0xaa));
      assert.equal(decoder.conceal()[0], Math.round((name === 'PCMU' ? 32124 : 32256) * 0.8), 'a decoded frame restarts the fade');
    });

    test(`${name}: a frame of the wrong length and an empty payload are refused with codes`, () => {
      const codec = createCodec(name);
      assert.throws(() => codec.createEncoder().encode(new Int16Array(959)), (e) => isMediaCodecError(e, 'CODEC_BAD_FRAME'));
      assert.throws(() => codec.createDecoder().decode(new Uint8Array(0)), (e) => isMediaCodecError(e, 'CODEC_BAD_PAYLOAD'));
    });
  }

  test('createCodec knows opus, PCMU and PCMA (case-insensitively) and refuses the rest', () => {
    assert.equal(createCodec('pcmu').descriptor.encodingName, 'PCMU');
    assert.equal(createCodec('OPUS').descriptor.clockRate, 48000);
    assert.throws(() => createCodec('G722'), (e) => isMediaCodecError(e, 'CODEC_UNKNOWN'));
  });
});
