import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dominantFrequency, readWav, toneRatio, type Samples } from '../../src/main/media/audio/index.js';

/** The rate of what the device tests record: the calls' WAV files and `recordMonitor`. */
export const RATE = 48000;
/** 100 ms, the window `toneRatio` counts in. */
export const WINDOW = RATE / 10;
/** Louder than this, a tone has arrived (the test tones are at −9 dBFS RMS, the audio test's beeps at −15). */
export const TONE_DBFS = -30;

/** A call's recording (channel 0), once it is a complete WAV at RATE. */
export function readRecording(path: string): Float32Array {
  const wav = readWav(readFileSync(path));
  assert.ok(wav.ok, `${path} is a complete WAV`);
  assert.equal(wav.value.sampleRate, RATE);
  return wav.value.channels[0] ?? new Float32Array(0);
}

/** Indexes of the 100 ms windows that `frequency` dominates (and that are not near silence). */
export function toneWindows(samples: Samples, frequency: number): number[] {
  const found: number[] = [];
  for (let w = 0; (w + 1) * WINDOW <= samples.length; w++) {
    if (toneRatio(samples.subarray(w * WINDOW, (w + 1) * WINDOW), RATE, frequency) === 1) found.push(w);
  }
  return found;
}

/**
 * Mostly `frequency`: in ≥ 60 % of the windows (a device on a loaded 2-core machine drops some
 * audio), and the strongest frequency.
 */
export function assertMostlyTone(samples: Samples, frequency: number, what: string): void {
  const ratio = toneRatio(samples, RATE, frequency);
  const dominant = dominantFrequency(samples, RATE, { minHz: 100, maxHz: 4000 });
  assert.ok(ratio >= 0.6, `${what}: ${frequency} Hz in ${(ratio * 100).toFixed(0)} % of ${Math.floor(samples.length / WINDOW)} windows`);
  assert.ok(Math.abs(dominant - frequency) < 5, `${what}: the strongest frequency is ${dominant.toFixed(1)} Hz`);
}
