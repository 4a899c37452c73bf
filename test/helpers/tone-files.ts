import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { readWav, toneRatio, writeWav } from '../../src/main/media/audio/index.js';

/** Writes a sine of `frequency` Hz, half of full scale, as 16-bit mono WAV at `sampleRate`. */
export function writeToneWav(path: string, frequency: number, seconds: number, sampleRate = 48000): string {
  const samples = new Int16Array(Math.round(sampleRate * seconds));
  for (let n = 0; n < samples.length; n++) samples[n] = Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * frequency * n) / sampleRate));
  writeFileSync(path, writeWav(samples, sampleRate));
  return path;
}

/**
 * The share of 100 ms windows in the middle 60 % of a recording where `frequency` dominates:
 * the start and end of a call (ringing, the last packets) are left out.
 */
export function middleToneRatio(path: string, frequency: number): number {
  const wav = readWav(readFileSync(path));
  assert.ok(wav.ok, `${path} is a complete WAV`);
  const samples = wav.value.channels[0] ?? new Float32Array(0);
  assert.ok(samples.length >= wav.value.sampleRate, `${path} holds at least a second of audio`);
  return toneRatio(samples.subarray(Math.floor(samples.length * 0.2), Math.floor(samples.length * 0.8)), wav.value.sampleRate, frequency);
}
