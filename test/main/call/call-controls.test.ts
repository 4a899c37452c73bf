import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileCallAudio } from '../../../src/main/call/call-audio.js';
import { isCallError } from '../../../src/main/call/call-error.js';
import { PlainSipEndpoint } from '../../../src/main/call/plain-sip-endpoint.js';
import type { SipCall } from '../../../src/main/call/sip-call.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { middleToneRatio, writeToneWav } from '../../helpers/tone-files.js';
import { nextEvent } from '../../helpers/next-event.js';

/**
 * In-call controls between two real endpoints on 127.0.0.1 (issue 4, item 6): hold and resume
 * are re-INVITEs either way and really stop and restart the audio; mute really silences what
 * the peer hears; and with 10 % of the media datagrams lost each way the call stays up and the
 * tone is still heard.
 */

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const base = { user: 'test', displayName: 'Test', product: 'Parley-test' };

/** RTP packets a call sends over `ms`: 0 means it is silent on the wire (RTCP is not counted). */
async function packetsSentOver(call: SipCall, ms: number): Promise<number> {
  const before = (await call.statistics()).packetsSent;
  await sleep(ms);
  return (await call.statistics()).packetsSent - before;
}

describe('in-call controls between two endpoints on 127.0.0.1', () => {
  let dir = '';
  const endpoints: PlainSipEndpoint[] = [];
  before(async () => {
    dir = await tempDir('parley-controls');
    writeToneWav(join(dir, 'a440.wav'), 440, 30);
    writeToneWav(join(dir, 'b1000.wav'), 1000, 30);
  });
  after(async () => {
    await Promise.all(endpoints.map((endpoint) => endpoint.close()));
  });

  test('hold and resume from either side stop and restart the audio, and mute silences what the peer hears', { timeout: 60_000 }, async () => {
    const caller = await PlainSipEndpoint.start({ ...base, listen: { host: '127.0.0.1', port: 0 }, autoAnswer: false, audio: fileCallAudio({ play: join(dir, 'a440.wav'), numberRecordings: false, endCallWhenSourceEnds: false }) });
    const callee = await PlainSipEndpoint.start({ ...base, listen: { host: '127.0.0.1', port: 0 }, autoAnswer: true, audio: fileCallAudio({ play: join(dir, 'b1000.wav'), numberRecordings: false, endCallWhenSourceEnds: false }) });
    endpoints.push(caller, callee);
    let endedEarly = false;
    caller.on('callEnded', () => (endedEarly = true));
    const answered = nextEvent(callee, 'callEstablished');
    const call = await caller.call(`sip:test@${callee.address}`);
    await nextEvent(caller, 'callEstablished');
    const calleeCall = callee.findCall((await answered).callId);
    await sleep(500);
    assert.ok((await packetsSentOver(call, 400)) > 10, 'audio flows before the hold');

    // The caller holds: a re-INVITE with sendonly, answered recvonly; neither side sends audio.
    const calleeSeesHold = nextEvent(callee, 'callHoldChanged');
    await call.putOnHold();
    assert.deepEqual(call.hold, { localHold: true, remoteHold: false });
    assert.deepEqual(await calleeSeesHold, { ...calleeCall.summary, localHold: false, remoteHold: true });
    await sleep(200);
    assert.equal(await packetsSentOver(calleeCall, 500), 0, 'the held callee sends no audio');
    assert.equal(await packetsSentOver(call, 500), 0, 'the holder’s microphone stays private while the call is held');
    const calleeSeesResume = nextEvent(callee, 'callHoldChanged');
    await call.resume();
    assert.equal((await calleeSeesResume).remoteHold, false);
    await sleep(200);
    assert.ok((await packetsSentOver(calleeCall, 400)) > 10, 'the callee sends again after the resume');
    assert.ok((await packetsSentOver(call, 400)) > 10, 'so does the caller');

    // The callee holds: the caller answers the peer's re-INVITE instead of refusing it with 488.
    const callerSeesHold = nextEvent(caller, 'callHoldChanged');
    await calleeCall.putOnHold();
    assert.equal((await callerSeesHold).remoteHold, true);
    await sleep(200);
    assert.equal(await packetsSentOver(call, 500), 0, 'the held caller sends no audio');
    await calleeCall.resume();
    await sleep(200);
    assert.ok((await packetsSentOver(call, 400)) > 10);

    // Mute: the callee's loudspeaker level falls to silence, and comes back after unmuting.
    await sleep(500);
    const loud = await nextEvent(callee, 'callLevels', (e) => e.output.rmsDbfs > -30);
    assert.ok(loud.output.rmsDbfs > -30, 'the callee hears the caller’s tone');
    await call.setMuted(true);
    assert.equal(call.muted, true);
    await nextEvent(callee, 'callLevels', (e) => e.output.rmsDbfs < -60, 3000);
    await call.setMuted(false);
    await nextEvent(callee, 'callLevels', (e) => e.output.rmsDbfs > -30, 3000);

    // Controls on a call that cannot take them say so with a code.
    await assert.rejects(() => calleeCall.sendDtmf('x'), (error: unknown) => isCallError(error, 'CALL_DTMF_FAILED'));
    assert.throws(() => caller.findCall('no-such-call'), (error: unknown) => isCallError(error, 'CALL_NOT_FOUND'));

    assert.equal(endedEarly, false, 'the call stayed up through hold, resume and mute');
    const ended = nextEvent(callee, 'callEnded');
    call.hangUp();
    assert.equal((await ended).reason, 'hangup by caller');
  });

  test('with 10 % of the media datagrams lost each way the call stays up and the tone is heard in ≥ 90 % of 100 ms windows', { timeout: 60_000 }, async () => {
    writeToneWav(join(dir, 'a440-8s.wav'), 440, 8);
    const loss = (seed: number): { lossRate: number; lossSeed: number } => ({ lossRate: 0.1, lossSeed: seed });
    const caller = await PlainSipEndpoint.start({
      ...base,
      listen: { host: '127.0.0.1', port: 0 },
      autoAnswer: false,
      mediaTuning: loss(7),
      audio: fileCallAudio({ play: join(dir, 'a440-8s.wav'), record: join(dir, 'lossy-caller.wav'), numberRecordings: false, endCallWhenSourceEnds: true }),
    });
    const callee = await PlainSipEndpoint.start({
      ...base,
      listen: { host: '127.0.0.1', port: 0 },
      autoAnswer: true,
      mediaTuning: loss(11),
      audio: fileCallAudio({ play: join(dir, 'b1000.wav'), record: join(dir, 'lossy-callee.wav'), numberRecordings: false, endCallWhenSourceEnds: false }),
    });
    endpoints.push(caller, callee);
    await caller.call(`sip:test@${callee.address}`);
    const [callerEnded, calleeEnded] = await Promise.all([nextEvent(caller, 'callEnded', () => true, 30_000), nextEvent(callee, 'callEnded', () => true, 30_000)]);
    assert.equal(callerEnded.reason, 'played to the end', 'the call lasted as long as the file: loss did not end it');
    assert.equal(calleeEnded.reason, 'hangup by caller');
    for (const statistics of [callerEnded.statistics, calleeEnded.statistics]) {
      assert.ok(statistics, 'final statistics');
      assert.ok(statistics.lossFraction > 0.05 && statistics.lossFraction < 0.16, `about 10 % measured lost, not ${statistics.lossFraction}`);
    }
    const heardByCallee = middleToneRatio(join(dir, 'lossy-callee.wav'), 440);
    const heardByCaller = middleToneRatio(join(dir, 'lossy-caller.wav'), 1000);
    assert.ok(heardByCallee >= 0.9, `the callee heard 440 Hz in ${(heardByCallee * 100).toFixed(0)} % of windows`);
    assert.ok(heardByCaller >= 0.9, `the caller heard 1000 Hz in ${(heardByCaller * 100).toFixed(0)} % of windows`);
  });
});
