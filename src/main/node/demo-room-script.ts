import { ENGINE_SAMPLE_RATE } from '../media/session/audio-io.js';

/**
 * What the two bots of the demo's conference room say, and how their turns become two looping
 * tracks. Pure: the speech itself comes from espeak-ng (demo-room-voices.ts), the tones from here.
 *
 * Both tracks are as long as the whole script, each silent while the other bot talks, so two
 * sources that loop side by side take turns for as long as the room runs: the speaking
 * indicators of a newcomer's roster move from one name to the other.
 */

export interface RoomBot {
  /** The bot's member id in the mixer and roster (what mute and remove take). */
  readonly memberId: string;
  readonly displayName: string;
  /** espeak-ng's voice (language + variant) and pitch (0–99): one higher, one lower voice. */
  readonly espeak: { readonly voice: string; readonly pitch: number };
  /** Without espeak-ng: the bot's tone, far from the other's so a test tells them apart by frequency. */
  readonly toneHz: number;
}

export const ROOM_BOTS: readonly [RoomBot, RoomBot] = [
  { memberId: 'ada', displayName: 'Ada', espeak: { voice: 'en-us+f3', pitch: 65 }, toneHz: 440 },
  { memberId: 'theo', displayName: 'Theo', espeak: { voice: 'en-gb+m3', pitch: 30 }, toneHz: 660 },
];

/** A turn: which bot (index into ROOM_BOTS) says what. */
export interface SpokenTurn {
  readonly bot: 0 | 1;
  readonly text: string;
}

/** Lines a newcomer understands at once: where they are, who talks, what the screen shows. */
export const SPOKEN_TURNS: readonly SpokenTurn[] = [
  { bot: 0, text: 'Hello, this is Ada in the Parley conference room.' },
  { bot: 1, text: 'And this is Theo. Welcome! You can hear both of us.' },
  { bot: 0, text: 'The roster shows who is speaking right now.' },
  { bot: 1, text: 'Say something, and your own name lights up too. Press Leave when you are done.' },
];

/** A tone turn: on and off times in ms, alternating, starting with a beep. */
export interface ToneTurn {
  readonly bot: 0 | 1;
  readonly pattern: readonly number[];
}

/** Short, so a test hears both bots within a few seconds: two beeps from Ada, a long and a short one from Theo. */
export const TONE_TURNS: readonly ToneTurn[] = [
  { bot: 0, pattern: [600, 200, 600] },
  { bot: 1, pattern: [1000, 200, 300] },
];

/** The silence after each turn: long enough for a speaking indicator to go out between speakers. */
export const TURN_PAUSE_MS = 1200;

/** Spoken lines and tones alike peak here (−6 dBFS): loud enough to hear, room to mix. */
export const TRACK_PEAK = 0.5;

/** Fades at the edges of a beep, against clicks. */
const FADE_MS = 10;

/** A turn's audio at 48 kHz (spoken or beeped), to be placed on its bot's track. */
export interface TurnAudio {
  readonly bot: 0 | 1;
  readonly pcm: Int16Array;
}

/**
 * The two bots' tracks: each turn in order on its bot's track, followed by `pauseMs` of silence
 * on both. Both tracks have the same length, the whole script's.
 */
export function composeTurns(turns: readonly TurnAudio[], pauseMs = TURN_PAUSE_MS): [Int16Array, Int16Array] {
  const pause = samplesOf(pauseMs);
  const total = turns.reduce((sum, turn) => sum + turn.pcm.length + pause, 0);
  const tracks: [Int16Array, Int16Array] = [new Int16Array(total), new Int16Array(total)];
  let offset = 0;
  for (const turn of turns) {
    tracks[turn.bot].set(turn.pcm, offset);
    offset += turn.pcm.length + pause;
  }
  return tracks;
}

/** Beeps of `frequencyHz` on and off as `pattern` says (ms, starting on), at `TRACK_PEAK`. */
export function toneBurst(frequencyHz: number, pattern: readonly number[]): Int16Array {
  const out = new Int16Array(pattern.reduce((sum, ms) => sum + samplesOf(ms), 0));
  const fade = samplesOf(FADE_MS);
  const step = (2 * Math.PI * frequencyHz) / ENGINE_SAMPLE_RATE;
  let offset = 0;
  pattern.forEach((ms, index) => {
    const length = samplesOf(ms);
    if (index % 2 === 0) {
      for (let n = 0; n < length; n++) {
        const envelope = Math.min(1, n / fade, (length - 1 - n) / fade);
        out[offset + n] = Math.round(TRACK_PEAK * 32767 * envelope * Math.sin(step * n));
      }
    }
    offset += length;
  });
  return out;
}

/** Scales `pcm` so that its peak is `TRACK_PEAK` (silence stays silence): two voices at one loudness. */
export function fitPeak(pcm: Int16Array): Int16Array {
  let peak = 0;
  for (const sample of pcm) peak = Math.max(peak, Math.abs(sample));
  if (peak === 0) return pcm;
  const gain = (TRACK_PEAK * 32767) / peak;
  return pcm.map((sample) => Math.round(sample * gain));
}

function samplesOf(ms: number): number {
  return Math.round((ms * ENGINE_SAMPLE_RATE) / 1000);
}
