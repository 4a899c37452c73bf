import { downMixToMono } from './down-mix.js';
import { float32ToInt16 } from './pcm-convert.js';
import { resample } from './resampler.js';
import type { WavAudio } from './wav-reader.js';

/** What `--play` feeds the encoder: any WAV as 16-bit mono at the engine's rate (48 kHz). */
export function toMonoPcm(audio: WavAudio, sampleRate = 48000): Int16Array {
  return float32ToInt16(resample(downMixToMono(audio.channels), audio.sampleRate, sampleRate));
}
