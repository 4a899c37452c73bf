import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileCallAudio } from '../../../src/main/call/call-audio.js';
import { PlainSipEndpoint } from '../../../src/main/call/plain-sip-endpoint.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { middleToneRatio, writeToneWav } from '../../helpers/tone-files.js';
import { nextEvent } from '../../helpers/next-event.js';

const base = { user: 'test', displayName: 'Test', product: 'Parley-test' };

describe('plain SIP calls with media between two endpoints on 127.0.0.1', () => {
  let dir = '';
  before(async () => {
    dir = await tempDir('parley-call');
    writeToneWav(join(dir, 'a440.wav'), 440, 3);
    writeToneWav(join(dir, 'b1000.wav'), 1000, 6);
  });

  const endpoints: PlainSipEndpoint[] = [];
  after(async () => {
    await Promise.all(endpoints.map((endpoint) => endpoint.close()));
  });

  test('each side records the other’s tone, DTMF goes both ways, and the call ends when the caller’s file has played', async () => {
    const caller = await PlainSipEndpoint.start({
      ...base,
      listen: { host: '127.0.0.1', port: 0 },
      autoAnswer: false,
      audio: fileCallAudio({ play: join(dir, 'a440.wav'), record: join(dir, 'caller.wav'), numberRecordings: false, endCallWhenSourceEnds: true }),
    });
    const callee = await PlainSipEndpoint.start({
      ...base,
      listen: { host: '127.0.0.1', port: 0 },
      autoAnswer: true,
      audio: fileCallAudio({ play: join(dir, 'b1000.wav'), record: join(dir, 'callee.wav'), numberRecordings: true, endCallWhenSourceEnds: false }),
    });
    endpoints.push(caller, callee);
    const answered = nextEvent(callee, 'callEstablished');
    const call = await caller.call(`sip:test@${callee.address}`);
    const established = await nextEvent(caller, 'callEstablished');
    assert.equal(established.codec, 'opus/48000');
    assert.equal((await answered).record, join(dir, 'callee-1.wav'), 'serve-style recordings are numbered');

    const heardByCallee = Promise.all(['7', '#'].map((digit) => nextEvent(callee, 'callDtmfReceived', (e) => e.digit === digit)));
    const heardByCaller = nextEvent(caller, 'callDtmfReceived', (e) => e.digit === '3');
    await call.sendDtmf('7#');
    await callee.sendDtmf(established.callId, '3');
    await Promise.all([heardByCallee, heardByCaller]);

    const [callerEnded, calleeEnded] = await Promise.all([nextEvent(caller, 'callEnded'), nextEvent(callee, 'callEnded')]);
    assert.equal(callerEnded.reason, 'played to the end');
    assert.equal(calleeEnded.reason, 'hangup by caller');
    assert.ok((callerEnded.statistics?.packetsReceived ?? 0) > 100, 'the caller’s statistics count what it received');
    assert.ok((calleeEnded.statistics?.packetsReceived ?? 0) > 100);
    assert.ok(middleToneRatio(join(dir, 'caller.wav'), 1000) >= 0.7, 'the caller heard 1000 Hz');
    assert.ok(middleToneRatio(join(dir, 'callee-1.wav'), 440) >= 0.7, 'the callee heard 440 Hz');
  });

  test('an incoming call rings until the callee declines it (603), and the caller’s media is closed', async () => {
    const caller = await PlainSipEndpoint.start({ ...base, listen: { host: '127.0.0.1', port: 0 }, autoAnswer: false });
    const callee = await PlainSipEndpoint.start({ ...base, listen: { host: '127.0.0.1', port: 0 }, autoAnswer: false });
    endpoints.push(caller, callee);
    const ended = nextEvent(caller, 'callEnded');
    const rings = nextEvent(caller, 'callRinging');
    const incoming = nextEvent(callee, 'callAdded');
    await caller.call(`sip:test@${callee.address}`);
    await rings;
    const { call } = await incoming;
    assert.equal(call.state, 'setup', 'the callee’s phone rings');
    call.hangUp();
    const event = await ended;
    assert.equal(event.status, 603);
    assert.match(event.reason, /^rejected: 603/);
    assert.equal(caller.calls.size, 0);
  });

  test('a ringing call the callee answers is established; one nobody answers is missed (480)', async () => {
    const caller = await PlainSipEndpoint.start({ ...base, listen: { host: '127.0.0.1', port: 0 }, autoAnswer: false });
    const callee = await PlainSipEndpoint.start({ ...base, listen: { host: '127.0.0.1', port: 0 }, autoAnswer: false, ringTimeoutMs: 500 });
    endpoints.push(caller, callee);
    const incoming = nextEvent(callee, 'callAdded');
    const established = nextEvent(caller, 'callEstablished');
    const answered = await caller.call(`sip:test@${callee.address}`);
    const { call } = await incoming;
    await callee.answerCall(call.callId);
    await established;
    await assert.rejects(callee.answerCall(call.callId), (error: unknown) => (error as { code?: string }).code === 'CALL_NOT_RINGING');
    answered.hangUp();
    const missed = nextEvent(caller, 'callEnded', (e) => e.status === 480);
    const calleeMissed = nextEvent(callee, 'callEnded', (e) => e.status === 480);
    await caller.call(`sip:test@${callee.address}`);
    await missed;
    assert.equal((await calleeMissed).reason, 'missed: no answer');
  });
});
