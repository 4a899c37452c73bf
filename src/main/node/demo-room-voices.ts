import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toMonoPcm } from '../media/audio/mono-pcm.js';
import { readWav } from '../media/audio/wav-reader.js';
import { writeWav } from '../media/audio/wav-writer.js';
import { ENGINE_SAMPLE_RATE } from '../media/session/audio-io.js';
import { composeTurns, fitPeak, ROOM_BOTS, SPOKEN_TURNS, TONE_TURNS, toneBurst, TURN_PAUSE_MS, type RoomBot, type TurnAudio } from './demo-room-script.js';

/** Spoken with espeak-ng, or beeped (no espeak-ng, or asked for: tests that tell the bots apart by frequency). */
export type RoomVoiceKind = 'spoken' | 'tones';

export interface RoomVoices {
  readonly kind: RoomVoiceKind;
  /** Each bot with its looping track: 48 kHz mono WAV, all of one length. */
  readonly bots: ReadonlyArray<RoomBot & { readonly path: string }>;
}

/** Generous for a phrase; espeak-ng takes a fraction of a second. */
const ESPEAK_TIMEOUT_MS = 15_000;
/** Words per minute: a little slower than espeak-ng's 175, for listeners new to the voice. */
const ESPEAK_WORDS_PER_MINUTE = 150;
const MAX_ESPEAK_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * The bots' tracks in `dir`, made once: the file names carry a digest of the script and voices,
 * so a changed script is made anew and an unchanged one is read as it is. Asked for `spoken`
 * without espeak-ng (or if it fails), the bots beep instead and `log` says how to get voices.
 */
export async function prepareRoomVoices(options: { dir: string; kind?: RoomVoiceKind; log?: (line: string) => void }): Promise<RoomVoices> {
  const log = options.log ?? (() => undefined);
  let kind = options.kind ?? 'spoken';
  if (kind === 'spoken' && !(await espeakAvailable())) {
    log('espeak-ng is not installed, so the conference room bots beep instead of talking (apt-get install espeak-ng for voices)');
    kind = 'tones';
  }
  if (kind === 'spoken') {
    try {
      return await kept(options.dir, 'spoken', spokenTracks);
    } catch (error) {
      log(`espeak-ng could not make the conference room voices (${(error as Error).message}); the bots beep instead`);
    }
  }
  return kept(options.dir, 'tones', async () => composeTurns(TONE_TURNS.map((turn) => ({ bot: turn.bot, pcm: toneBurst(ROOM_BOTS[turn.bot].toneHz, turn.pattern) }))));
}

/** Whether `espeak-ng` runs here. */
export function espeakAvailable(): Promise<boolean> {
  return new Promise((resolve) => execFile('espeak-ng', ['--version'], { timeout: ESPEAK_TIMEOUT_MS }, (error) => resolve(error === null)));
}

/** The tracks of `kind` in `dir`: the files there already, or `make`'s, written whole (a temporary file renamed). */
async function kept(dir: string, kind: RoomVoiceKind, make: () => Promise<[Int16Array, Int16Array]>): Promise<RoomVoices> {
  const digest = createHash('sha256')
    .update(JSON.stringify({ kind, bots: ROOM_BOTS, turns: kind === 'spoken' ? SPOKEN_TURNS : TONE_TURNS, pause: TURN_PAUSE_MS, rate: ESPEAK_WORDS_PER_MINUTE }))
    .digest('hex')
    .slice(0, 12);
  const bots = ROOM_BOTS.map((bot) => ({ ...bot, path: join(dir, `${bot.memberId}-${kind}-${digest}.wav`) }));
  const present = await Promise.all(bots.map((bot) => access(bot.path).then(() => true, () => false)));
  if (present.every(Boolean)) return { kind, bots };
  const tracks = await make();
  await mkdir(dir, { recursive: true });
  for (const [index, bot] of bots.entries()) {
    const temporary = join(dir, `.${bot.memberId}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temporary, writeWav(tracks[index] ?? new Int16Array(0), ENGINE_SAMPLE_RATE));
      await rename(temporary, bot.path);
    } finally {
      await rm(temporary, { force: true });
    }
  }
  return { kind, bots };
}

async function spokenTracks(): Promise<[Int16Array, Int16Array]> {
  const turns: TurnAudio[] = [];
  for (const turn of SPOKEN_TURNS) turns.push({ bot: turn.bot, pcm: fitPeak(await speak(turn.text, ROOM_BOTS[turn.bot])) });
  return composeTurns(turns);
}

/** One line in a bot's voice, at 48 kHz mono (espeak-ng speaks at 22.05 kHz). */
function speak(text: string, bot: RoomBot): Promise<Int16Array> {
  const args = ['-v', bot.espeak.voice, '-p', String(bot.espeak.pitch), '-s', String(ESPEAK_WORDS_PER_MINUTE), '--stdout', text];
  return new Promise((resolve, reject) => {
    execFile('espeak-ng', args, { encoding: 'buffer', timeout: ESPEAK_TIMEOUT_MS, maxBuffer: MAX_ESPEAK_OUTPUT_BYTES }, (error, stdout) => {
      if (error) return reject(error);
      // Written to a pipe, the WAV header's sizes are placeholders: the data runs to the end.
      const wav = readWav(stdout, { allowTruncatedData: true });
      if (!wav.ok) return reject(new Error(`espeak-ng gave no WAV: ${wav.error.message}`));
      const pcm = toMonoPcm(wav.value, ENGINE_SAMPLE_RATE);
      if (pcm.length === 0) return reject(new Error(`espeak-ng said nothing for voice ${bot.espeak.voice}`));
      resolve(pcm);
    });
  });
}
