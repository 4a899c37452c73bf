import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readWav } from '../../../../src/main/media/audio/wav-reader.js';
import { dominantFrequency } from '../../../../src/main/media/audio/tone-analysis.js';
import { isMediaSessionError } from '../../../../src/main/media/session/media-session-error.js';
import { PitchConcealer } from '../../../../src/main/media/session/pitch-concealer.js';
import { WavFileRecorder } from '../../../../src/main/media/session/wav-file-recorder.js';
import { WavFileSource } from '../../../../src/main/media/session/wav-file-source.js';
import { buildWav } from '../audio/wav-builder.js';
import { sine, sineFloat, toneSnrDb } from '../audio/test-signals.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-audio-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('WavFileSource: any WAV as the microphone', () => {
  test('a 44.1 kHz stereo file plays as 48 kHz mono, then silence with `ended`', () => {
    const left = sineFloat(1000, 44100, 44100 / 2);
    const path = join(dir, 'stereo.wav');
    writeFileSync(path, buildWav({ formatTag: 1, bits: 16, sampleRate: 44100, channels: [left, left] }));
    const source = WavFileSource.open(path);
    assert.ok(Math.abs(source.durationMs - 500) < 1);
    const frames: Int16Array[] = [];
    while (!source.ended) frames.push(source.read(960));
    assert.equal(frames.length, 25);
    const middle = frames[10] ?? new Int16Array(0);
    assert.ok(Math.abs(dominantFrequency(middle, 48000) - 1000) < 5);
    assert.deepEqual(source.read(960), new Int16Array(960), 'silence after the end');
  });

  test('looping, it plays from the start again across a frame boundary and never ends', () => {
    // 1.5 frames: each read of two frames' worth wraps around at least once.
    const pcm = Int16Array.from({ length: 1440 }, (_, n) => n + 1);
    const source = new WavFileSource(pcm, { loop: true });
    const first = source.read(960);
    const second = source.read(960);
    assert.equal(first[0], 1);
    assert.equal(second[479], 1440, 'the end of the file…');
    assert.equal(second[480], 1, '…then its start again, in the same frame');
    for (let i = 0; i < 10; i++) source.read(960);
    assert.equal(source.ended, false);
    assert.ok(source.read(960).some((sample) => sample !== 0), 'still playing');
    const empty = new WavFileSource(new Int16Array(0), { loop: true });
    assert.equal(empty.ended, true, 'an empty file has nothing to repeat');
    assert.deepEqual(empty.read(960), new Int16Array(960));
  });

  test('a missing or broken file is MEDIA_SOURCE_UNREADABLE', () => {
    assert.throws(() => WavFileSource.open(join(dir, 'nope.wav')), (e) => isMediaSessionError(e, 'MEDIA_SOURCE_UNREADABLE'));
    assert.throws(() => WavFileSource.fromBytes(new Uint8Array(40)), (e) => isMediaSessionError(e, 'MEDIA_SOURCE_UNREADABLE'));
  });
});

describe('WavFileRecorder: streaming 48 kHz mono 16-bit', () => {
  test('writes the header first and patches the sizes on close', () => {
    const path = join(dir, 'rec.wav');
    const recorder = new WavFileRecorder(path);
    const tone = sine(440, 48000, 9600);
    for (let i = 0; i < 10; i++) recorder.write(tone.subarray(i * 960, (i + 1) * 960));
    const unfinished = readWav(readFileSync(path), { allowTruncatedData: true });
    assert.ok(unfinished.ok, 'readable before close (sizes still 0)');
    recorder.close();
    recorder.write(tone); // ignored
    const wav = readWav(readFileSync(path));
    assert.ok(wav.ok && wav.value.sampleRate === 48000 && wav.value.channels.length === 1);
    assert.equal(wav.value.channels[0]?.length, 9600);
    assert.equal(Math.round((wav.value.channels[0]?.[100] ?? 0) * 32768), tone[100]);
  });

  test('an unwritable path is MEDIA_SINK_UNWRITABLE', () => {
    assert.throws(() => new WavFileRecorder(join(dir, 'no', 'such', 'dir.wav')), (e) => isMediaSessionError(e, 'MEDIA_SINK_UNWRITABLE'));
  });
});

describe('PitchConcealer', () => {
  test('continues a tone through a lost frame in phase, and fades out a long loss', () => {
    const rate = 8000;
    const concealer = new PitchConcealer(rate, 160);
    const out: Int16Array[] = [];
    const frame = (k: number) => sine(440, rate, 160, 0.5, k * 160);
    for (let k = 0; k < 10; k++) out.push(concealer.good(frame(k)));
    out.push(concealer.conceal());
    out.push(concealer.good(frame(11)));
    const joined = new Int16Array(12 * 160);
    out.forEach((f, i) => joined.set(f, i * 160));
    // Repeating the last frame instead (what the G.711 decoder does) jumps 0.8 of a period at 440 Hz.
    const repeated = Int16Array.from(joined);
    repeated.set(frame(9), 10 * 160);
    repeated.set(frame(11), 11 * 160);
    const ours = toneSnrDb(joined, rate, 440, 9 * 160, 12 * 160);
    const repetition = toneSnrDb(repeated, rate, 440, 9 * 160, 12 * 160);
    assert.ok(ours > 15 && ours > repetition + 6, `SNR across the loss ${ours} dB; frame repetition ${repetition} dB`);
    const long = [concealer.conceal(), concealer.conceal(), concealer.conceal(), concealer.conceal()];
    assert.deepEqual(long[3], new Int16Array(160), 'silent after 60 ms');
  });

  test('conceals silence when it has heard nothing', () => {
    assert.deepEqual(new PitchConcealer(48000, 960).conceal(), new Int16Array(960));
  });
});
