import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { toneRatio } from '../../../../src/main/media/audio/tone-analysis.js';
import { readWav } from '../../../../src/main/media/audio/wav-reader.js';
import { isMediaSessionError } from '../../../../src/main/media/session/media-session-error.js';
import { MediaWorkerHost } from '../../../../src/main/media/worker/media-worker-host.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { NEGOTIATED } from '../session/session-pair.js';
import { collectEvents, nextEvent } from './host-events.js';

const LOOPBACK = { host: '127.0.0.1' };
const silent = { codec: NEGOTIATED.PCMU, source: { kind: 'silence' }, sink: { kind: 'null' }, local: LOOPBACK } as const;

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, ms: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms; await sleep(50)) if (!running(pid)) return true;
  return !running(pid);
}

describe('media sessions in a child process (isolation: process)', () => {
  test('a tone crosses from one session to the other and is recorded', { timeout: 30_000 }, async () => {
    const recording = join(await tempDir('parley-media-process'), 'heard.wav');
    const host = new MediaWorkerHost({ isolation: 'process' });
    try {
      assert.ok(host.pid !== undefined && host.pid !== process.pid, 'the engine runs in another process');
      const b = await host.createSession('b', { ...silent, sink: { kind: 'wav', path: recording } });
      const a = await host.createSession('a', { ...silent, source: { kind: 'tone', frequencyHz: 440 }, remote: (b.localAddress ?? undefined) });
      await host.startSession('a');
      await host.startSession('b', (a.localAddress ?? undefined));
      // 1.5 s of tone; the statistics event says when B has heard enough.
      await nextEvent(host, 'statistics', (event) => event.sessionId === 'b' && event.statistics.packetsReceived >= 75, 15_000);
      await host.closeSession('b');
    } finally {
      await host.close();
    }
    const wav = readWav(readFileSync(recording));
    assert.ok(wav.ok, 'a complete WAV');
    const heard = (wav.value.channels[0] ?? new Float32Array(0)).subarray(0.3 * 48000);
    assert.ok(heard.length >= 48000, `${heard.length} samples after the first 300 ms`);
    assert.ok(toneRatio(heard, 48000, 440) >= 0.8, `440 Hz in ${toneRatio(heard, 48000, 440)} of the recording`);
  });

  test('listDevices answers a list (empty without sound cards), never an error', async () => {
    const host = new MediaWorkerHost({ isolation: 'process' });
    try {
      const devices = await host.listDevices();
      assert.ok(Array.isArray(devices));
      for (const device of devices) assert.equal(typeof device.name, 'string');
    } finally {
      await host.close();
    }
  });

  test('a killed media process is a crash: requests in flight reject, failed fires, restart works', { timeout: 30_000 }, async () => {
    const host = new MediaWorkerHost({ isolation: 'process' });
    try {
      await host.createSession('doomed', silent);
      const pid = host.pid;
      assert.ok(pid !== undefined);
      const failed = nextEvent(host, 'failed', () => true);
      // Stopped first, so that the request can only be answered by the crash.
      process.kill(pid, 'SIGSTOP');
      const pending = host.getStatistics('doomed').catch((error: unknown) => error);
      process.kill(pid, 'SIGKILL');
      const failure = await failed;
      assert.deepEqual([failure.sessionId, failure.code], [undefined, 'MEDIA_WORKER_CRASHED']);
      assert.match(failure.message, /SIGKILL/);
      assert.ok(isMediaSessionError(await pending, 'MEDIA_WORKER_CRASHED'));
      assert.equal(host.alive, false);
      await host.restart();
      assert.notEqual(host.pid, pid);
      assert.ok(((await host.createSession('after', silent)).localAddress?.port ?? 0) > 0);
    } finally {
      await host.close();
    }
  });

  test('close() kills a media process that does not end by itself', { timeout: 30_000 }, async () => {
    const host = new MediaWorkerHost({ isolation: 'process', entry: new URL('./hanging-process.ts', import.meta.url), closeTimeoutMs: 500 });
    const pid = host.pid;
    assert.ok(pid !== undefined);
    const crashes = collectEvents(host, 'failed');
    await host.close();
    assert.equal(host.alive, false);
    assert.equal(await gone(pid, 5000), true, 'the process is gone');
    assert.deepEqual(crashes.events, [], 'a kill we asked for is no crash');
    crashes.stop();
  });

  test('the media process ends when the program that started it dies', { timeout: 30_000 }, async () => {
    const program = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'host-in-child.ts'), '--orphan'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let output = '';
        program.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('\n')) resolve(output.split('\n')[0] ?? '');
        });
        program.once('exit', (code) => reject(new Error(`the program exited (${code}) before it printed: ${output}`)));
      });
      const { pid } = JSON.parse(line) as { pid: number };
      assert.equal(running(pid), true);
      program.kill('SIGKILL');
      assert.equal(await gone(pid, 10_000), true, `media process ${pid} ended`);
    } finally {
      program.kill('SIGKILL');
    }
  });
});
