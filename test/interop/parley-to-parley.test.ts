/**
 * Two `parley` processes over plain SIP on 127.0.0.1 (issue 4): `serve --auto-answer` with
 * `--play/--record` answers `call --play --record`; each records the other's tone, DTMF goes
 * from the caller to the callee, and the call ends when the caller's file has played.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ParleyProcess } from '../helpers/parley-process.js';
import { tempDir } from '../helpers/temp-dir.js';
import { middleToneRatio, writeToneWav } from '../helpers/tone-files.js';

describe('parley call → parley serve, over plain SIP with file audio', () => {
  let dir = '';
  let serve: ParleyProcess;
  let sip = '';

  before(async () => {
    dir = await tempDir('parley-p2p-audio');
    writeToneWav(join(dir, 'serve-1000.wav'), 1000, 6);
    writeToneWav(join(dir, 'call-440.wav'), 440, 3);
    serve = new ParleyProcess([
      'serve', '--data', join(dir, 'node'), '--bootstrap', '127.0.0.1:9', '--ui', '127.0.0.1:0', '--sip', '127.0.0.1:0', '--auto-answer',
      '--play', join(dir, 'serve-1000.wav'), '--record', join(dir, 'heard-by-serve.wav'), '--json',
    ]);
    sip = String((await serve.waitFor((e) => e['event'] === 'ready'))['sip']);
  });
  after(() => serve.stop());

  test('tones both ways, DTMF to the callee, statistics in the ended events, exit 0', async () => {
    const call = new ParleyProcess(['call', `sip:parley@${sip}`, '--play', join(dir, 'call-440.wav'), '--record', join(dir, 'heard-by-call.wav'), '--dtmf', '42', '--json']);
    const code = await Promise.race([call.exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 20_000))]);
    if (code === 'timeout') await call.stop();
    assert.equal(code, 0, call.stderr);
    const names = call.events.map((e) => e['event']);
    assert.deepEqual(names.filter((n) => n !== 'ringing'), ['calling', 'established', 'dtmf', 'ended']);
    const ended = call.events.find((e) => e['event'] === 'ended') ?? {};
    assert.equal(ended['reason'], 'played to the end');
    assert.ok(((ended['statistics'] as { packetsReceived?: number } | undefined)?.packetsReceived ?? 0) > 100);

    const served = await serve.waitFor((e) => e['event'] === 'ended');
    assert.equal(served['record'], join(dir, 'heard-by-serve-1.wav'), 'serve numbers its recordings and names them in its events');
    assert.equal(served['reason'], 'hangup by caller');
    assert.ok(served['statistics'], 'serve reports the call’s statistics');
    assert.deepEqual(serve.events.filter((e) => e['event'] === 'dtmf').map((e) => e['digit']), ['4', '2']);

    assert.ok(middleToneRatio(join(dir, 'heard-by-call.wav'), 1000) >= 0.7, 'the caller heard 1000 Hz');
    assert.ok(middleToneRatio(join(dir, 'heard-by-serve-1.wav'), 440) >= 0.7, 'serve heard 440 Hz');
  });
});
