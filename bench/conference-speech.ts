// Speech for the conference benchmarks (not a bench itself): a few sentences spoken by espeak-ng
// when it is installed, else a speech-like synthetic signal (a voiced buzz at a wandering pitch,
// shaped into syllables and pauses), at 48 kHz, encoded to Opus once so that the simulated
// members only replay packets.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWav } from '../src/main/media/audio/wav-reader.js';
import { resample } from '../src/main/media/audio/resampler.js';
import { float32ToInt16 } from '../src/main/media/audio/pcm-convert.js';
import { OpusEncoder } from '../src/main/media/codecs/opus-encoder.js';

const RATE = 48000;
const FRAME = 960;
const TEXT =
  'Good morning everyone, thanks for joining the call. Let us start with the numbers from last week. ' +
  'The mixer held two hundred members on this machine, and nobody heard themselves. Any questions before we move on?';

export interface Speech {
  /** Where it came from: `espeak-ng` or `synthetic`. */
  readonly origin: string;
  readonly pcm: Int16Array;
  /** One Opus packet per 20 ms frame. */
  readonly packets: readonly Uint8Array[];
}

export function conferenceSpeech(): Speech {
  const spoken = espeak();
  const pcm = spoken ?? synthetic(8);
  const encoder = new OpusEncoder({ complexity: 5 });
  const packets: Uint8Array[] = [];
  for (let start = 0; start + FRAME <= pcm.length; start += FRAME) packets.push(encoder.encode(pcm.subarray(start, start + FRAME)));
  encoder.delete();
  return { origin: spoken ? 'espeak-ng' : 'synthetic', pcm, packets };
}

function espeak(): Int16Array | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'parley-speech-'));
  try {
    const path = join(dir, 'speech.wav');
    const result = spawnSync('espeak-ng', ['-s', '160', '-w', path, TEXT], { stdio: 'ignore' });
    if (result.status !== 0) return undefined;
    const wav = readWav(readFileSync(path));
    if (!wav.ok) return undefined;
    const mono = wav.value.channels[0];
    if (!mono) return undefined;
    return float32ToInt16(resample(mono, wav.value.sampleRate, RATE));
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Syllables of ~200 ms at 4–5 a second, grouped in phrases with pauses, pitch 100–160 Hz. */
function synthetic(seconds: number): Int16Array {
  const out = new Int16Array(seconds * RATE);
  let phase = 0;
  for (let n = 0; n < out.length; n++) {
    const t = n / RATE;
    const pitch = 130 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
    phase += (2 * Math.PI * pitch) / RATE;
    const inPhrase = t % 3 < 2.2;
    const syllable = Math.max(0, Math.sin(2 * Math.PI * 4.5 * t)) ** 2;
    let voice = 0;
    for (let harmonic = 1; harmonic <= 12; harmonic++) voice += Math.sin(harmonic * phase) / harmonic;
    out[n] = Math.round((inPhrase ? syllable : 0) * 0.25 * 32767 * (voice / 2));
  }
  return out;
}
