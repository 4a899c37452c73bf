import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const BARESIP = '/usr/bin/baresip';

export type BaresipCodec = 'opus' | 'PCMU';

/** baresip's own names for the codecs, as `audio_codecs` takes them (its Opus is mono here: opus_stereo no). */
const ACCOUNT_CODEC: Record<BaresipCodec, string> = { opus: 'opus/48000/1', PCMU: 'PCMU/8000/1' };
/** aufile refuses a file whose rate is not the codec's ("must have sample-rate 8000 Hz", measured). */
export const BARESIP_FILE_RATE: Record<BaresipCodec, number> = { opus: 48000, PCMU: 8000 };

export interface BaresipOptions {
  /** A folder of its own: config, accounts and the sndfile recordings go there. */
  dir: string;
  codec: BaresipCodec;
  /** The WAV baresip sends (at `BARESIP_FILE_RATE[codec]`); the call ends when it has played. */
  play: string;
  /** `/dial` this URI at start; otherwise baresip waits and auto-answers. */
  dial?: string;
  /** A hard bound on baresip's life (`-t`). */
  seconds: number;
}

/** A port free right now on 127.0.0.1 (baresip needs a concrete one). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * One baresip 1.0 on 127.0.0.1, configured by files: aufile as the microphone, sndfile recording
 * both directions (`dump-*-dec.wav` is what it heard), aubridge as a speaker that needs no sound
 * card, `net_interface 127.0.0.1` (otherwise its SDP names the host's other address and RTP from
 * loopback does not match it), and `-v` because received DTMF is printed only at debug level
 * (`received event: '5' (end=1)`). Commands go to its stdin (the stdio module), e.g. `/sndcode 12`.
 */
export class Baresip {
  readonly child: ChildProcess;
  readonly sip: string;
  readonly recordings: string;
  output = '';
  readonly exited: Promise<number | null>;

  private constructor(child: ChildProcess, sip: string, recordings: string) {
    this.child = child;
    this.sip = sip;
    this.recordings = recordings;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const collect = (stream: NodeJS.ReadableStream | null): void => {
      if (stream) createInterface({ input: stream }).on('line', (line) => (this.output += `${line}\n`));
    };
    collect(child.stdout);
    collect(child.stderr);
  }

  static async start(options: BaresipOptions): Promise<Baresip> {
    const port = await freePort();
    const config = join(options.dir, 'config');
    const recordings = join(options.dir, 'recordings');
    mkdirSync(config, { recursive: true });
    mkdirSync(recordings, { recursive: true });
    const lines = [
      'poll_method poll',
      `sip_listen 127.0.0.1:${port}`,
      'net_interface 127.0.0.1',
      `audio_source aufile,${options.play}`,
      'audio_player aubridge,nowhere',
      'audio_alert aubridge,nowhere',
      'module_path /usr/lib/baresip/modules',
      ...['stdio', 'g711', 'opus', 'aufile', 'aubridge', 'sndfile'].map((name) => `module ${name}.so`),
      'module_app account.so',
      'module_app menu.so',
      `snd_path ${recordings}`,
      'opus_stereo no',
      'opus_sprop_stereo no',
    ];
    writeFileSync(join(config, 'config'), `${lines.join('\n')}\n`);
    writeFileSync(join(config, 'accounts'), `<sip:baresip@127.0.0.1:${port}>;regint=0;answermode=auto;audio_codecs=${ACCOUNT_CODEC[options.codec]}\n`);
    const args = ['-v', '-f', config, '-t', String(options.seconds), ...(options.dial ? ['-e', `/dial ${options.dial}`] : [])];
    const child = spawn(BARESIP, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const baresip = new Baresip(child, `127.0.0.1:${port}`, recordings);
    await baresip.waitFor(/baresip is ready/, 5_000);
    return baresip;
  }

  /** A menu command on stdin, e.g. `/sndcode 1234` or `/hangup`. */
  command(text: string): void {
    this.child.stdin?.write(`${text}\n`);
  }

  waitFor(pattern: RegExp, ms = 10_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const poll = (): void => {
        const match = this.output.match(pattern);
        if (match) return resolve(match);
        if (Date.now() - started > ms) return reject(new Error(`baresip did not print ${String(pattern)} within ${ms} ms:\n${this.output.slice(-3000)}`));
        setTimeout(poll, 50);
      };
      poll();
    });
  }

  /** The DTMF digits baresip received, in order (end packets only, once each). */
  receivedDigits(): string[] {
    return [...this.output.matchAll(/received event: '(.)' \(end=1\)/g)].map((m) => m[1] ?? '');
  }

  /** What baresip heard: sndfile's decode-side dump of the call. */
  heardFile(): string {
    const file = existsSync(this.recordings) ? readdirSync(this.recordings).find((name) => name.endsWith('-dec.wav')) : undefined;
    if (!file) throw new Error(`baresip recorded nothing in ${this.recordings}:\n${this.output.slice(-2000)}`);
    return join(this.recordings, file);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
    await this.exited;
    clearTimeout(timer);
  }
}
