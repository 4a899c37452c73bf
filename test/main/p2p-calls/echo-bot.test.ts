import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileCallAudio } from '../../../src/main/call/call-audio.js';
import { readWav, toneShare } from '../../../src/main/media/audio/index.js';
import { ECHO_DELAY_MS, ECHO_NAME, startEchoBot } from '../../../src/main/node/echo-bot.js';
import { ParleyNode } from '../../../src/main/node/parley-node.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';
import { nextCallEvent, registered } from '../../helpers/p2p-nodes.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { writeToneWav } from '../../helpers/tone-files.js';

/** The demo's Echo buddy answers and plays back what it hears a second later (issue 5, item 9). */
describe('the Echo buddy', () => {
  let network: PrivateNetwork;
  let dir = '';
  const nodes: ParleyNode[] = [];
  before(async () => {
    network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: 5 });
    dir = await tempDir('parley-echo');
  });
  after(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await network?.close();
  });

  test('plays a caller’s tone back about a second later, and is named Echo', { timeout: 60_000 }, async () => {
    const echo = await startEchoBot({ dataDir: join(dir, 'echo'), bootstrap: [network.bootstrap] });
    nodes.push(echo);
    assert.equal(echo.profile.settings.displayName, ECHO_NAME);
    const caller = await ParleyNode.start({ dataDir: join(dir, 'caller'), bootstrap: [network.bootstrap], shell: 'browser' });
    nodes.push(caller);
    await Promise.all([registered(echo), registered(caller)]);
    // 1.5 s of 700 Hz, then silence: the echo must bring the tone back into the silence.
    const play = join(dir, 'burst.wav');
    writeToneWav(play, 700, 1.5);
    const heard = join(dir, 'heard.wav');
    const call = caller.p2p.call(echo.uri, fileCallAudio({ play, record: heard, numberRecordings: false, endCallWhenSourceEnds: false })({ callId: '', direction: 'outgoing', ordinal: 1 }));
    const established = await nextCallEvent(caller, 'callEstablished', (e) => e.callId === call.callId);
    assert.ok(established);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    call.hangUp();
    await nextCallEvent(caller, 'callEnded', (e) => e.callId === call.callId);
    const wav = readWav(readFileSync(heard));
    assert.ok(wav.ok);
    const samples = wav.value.channels[0] ?? new Float32Array(0);
    const rate = wav.value.sampleRate;
    // Where the echo is loudest: the tone must be heard back, starting no earlier than the delay.
    const windows = Array.from({ length: Math.floor(samples.length / (rate / 10)) }, (_, i) => toneShare(samples, rate, 700, i * (rate / 10), rate / 10));
    const first = windows.findIndex((share) => share > 0.5);
    assert.ok(first >= 0, 'the caller heard its tone come back');
    assert.ok(windows.filter((share) => share > 0.5).length >= 8, 'for most of the 1.5 s burst');
    assert.ok(first * 100 >= ECHO_DELAY_MS * 0.9, `the echo came ${first * 100} ms into the recording, not before the delay`);
  });
});
