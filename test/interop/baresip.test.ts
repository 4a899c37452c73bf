/**
 * Audio interop with a real SIP phone (issue 4): baresip 1.0 on 127.0.0.1 with its file audio
 * source, auto-answer and sndfile recordings. Parley calls baresip and baresip calls Parley,
 * Opus and PCMU each; Parley plays 440 Hz and baresip 1000 Hz, and each recording must hold
 * the other's tone in at least 70 % of 100 ms windows over the middle of the call. DTMF goes
 * both ways: baresip's `/sndcode` arrives as Parley `dtmf` events, Parley's `--dtmf` arrives
 * in baresip (its debug line `received event: 'D' (end=1)`).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Baresip, BARESIP, BARESIP_FILE_RATE, type BaresipCodec } from '../helpers/baresip.js';
import { ParleyProcess } from '../helpers/parley-process.js';
import { tempDir } from '../helpers/temp-dir.js';
import { middleToneRatio, writeToneWav } from '../helpers/tone-files.js';

const skip = existsSync(BARESIP) ? false : `${BARESIP} is not installed (apt-get install baresip)`;
const CODECS: BaresipCodec[] = ['opus', 'PCMU'];
const EXPECTED_CODEC: Record<BaresipCodec, string> = { opus: 'opus/48000', PCMU: 'PCMU/8000' };

async function exitWithin(process: ParleyProcess, ms: number): Promise<number | null> {
  const code = await Promise.race([process.exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms))]);
  if (code !== 'timeout') return code;
  await process.stop();
  throw new Error(`parley did not exit within ${ms} ms; stderr: ${process.stderr}`);
}

describe('parley call → baresip (auto-answer)', { skip }, () => {
  for (const codec of CODECS) {
    test(`${codec}: each side hears the other’s tone, and Parley’s DTMF reaches baresip`, async () => {
      const dir = await tempDir(`parley-baresip-uas-${codec}`);
      const baresip = await Baresip.start({ dir, codec, play: writeToneWav(join(dir, 'b1000.wav'), 1000, 8, BARESIP_FILE_RATE[codec]), seconds: 20 });
      try {
        const heard = join(dir, 'heard-by-parley.wav');
        const call = new ParleyProcess(['call', `sip:baresip@${baresip.sip}`, '--play', writeToneWav(join(dir, 'a440.wav'), 440, 4), '--record', heard, '--dtmf', '159', '--json']);
        assert.equal(await exitWithin(call, 20_000), 0, call.stderr);
        assert.equal(call.events.find((e) => e['event'] === 'established')?.['codec'], EXPECTED_CODEC[codec]);
        assert.equal(call.events.find((e) => e['event'] === 'ended')?.['reason'], 'played to the end');
        await baresip.waitFor(/terminated/, 5_000);
        assert.deepEqual(baresip.receivedDigits(), ['1', '5', '9']);
        assert.ok(middleToneRatio(heard, 1000) >= 0.7, 'Parley heard baresip’s 1000 Hz');
        assert.ok(middleToneRatio(baresip.heardFile(), 440) >= 0.7, 'baresip heard Parley’s 440 Hz');
      } finally {
        await baresip.stop();
      }
    });
  }
});

describe('baresip → parley serve --auto-answer', { skip }, () => {
  let dir = '';
  let serve: ParleyProcess;
  let sip = '';

  before(async () => {
    dir = await tempDir('parley-baresip-uac');
    serve = new ParleyProcess([
      'serve', '--data', join(dir, 'node'), '--bootstrap', '127.0.0.1:9', '--ui', '127.0.0.1:0', '--sip', '127.0.0.1:0', '--auto-answer',
      '--play', writeToneWav(join(dir, 'a440.wav'), 440, 10), '--record', join(dir, 'heard-by-parley.wav'), '--json',
    ]);
    sip = String((await serve.waitFor((e) => e['event'] === 'ready'))['sip']);
  });
  after(() => serve.stop());

  for (const codec of CODECS) {
    test(`${codec}: each side hears the other’s tone, and baresip’s DTMF arrives as events`, async () => {
      const own = await tempDir(`parley-baresip-uac-${codec}`);
      const seenBefore = serve.events.length;
      // baresip hangs up when its 5 s file has played ("aufile: end of file").
      const baresip = await Baresip.start({ dir: own, codec, play: writeToneWav(join(own, 'b1000.wav'), 1000, 5, BARESIP_FILE_RATE[codec]), dial: `sip:parley@${sip}`, seconds: 20 });
      try {
        const established = await serve.waitFor((e) => e['event'] === 'established' && serve.events.indexOf(e) >= seenBefore);
        assert.equal(established['codec'], EXPECTED_CODEC[codec]);
        const callId = established['callId'];
        await new Promise((resolve) => setTimeout(resolve, 1000));
        baresip.command('/sndcode 1234');
        const ended = await serve.waitFor((e) => e['event'] === 'ended' && e['callId'] === callId, 15_000);
        assert.equal(ended['reason'], 'hangup by caller');
        assert.ok(ended['statistics'], 'the ended event carries the call’s statistics');
        const digits = serve.events.filter((e) => e['event'] === 'dtmf' && e['callId'] === callId).map((e) => e['digit']);
        assert.deepEqual(digits, ['1', '2', '3', '4']);
        assert.ok(middleToneRatio(String(ended['record']), 1000) >= 0.7, 'Parley heard baresip’s 1000 Hz');
        assert.ok(middleToneRatio(baresip.heardFile(), 440) >= 0.7, 'baresip heard Parley’s 440 Hz');
      } finally {
        await baresip.stop();
      }
    });
  }
});
