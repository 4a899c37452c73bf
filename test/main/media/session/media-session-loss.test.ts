import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toneRatio } from '../../../../src/main/media/audio/tone-analysis.js';
import { ToneSource } from '../../../../src/main/media/session/audio-io.js';
import { after, sessionPair, type TestCodec } from './session-pair.js';

// Issue 4, "Loss": with 10 % random packet loss on the media path, the call stays up and the
// received tone is still detected in at least 90 % of 100 ms windows.
describe('10 % random loss on the media path', () => {
  for (const codec of ['opus', 'PCMU'] as TestCodec[]) {
    for (const seed of [1, 2, 3]) {
      test(`${codec}, seed ${seed}: the tone is detected in ≥ 90 % of 100 ms windows`, () => {
        const pair = sessionPair({ codec, aSource: new ToneSource(440), bSource: new ToneSource(1000), lossAtoB: 0.1, seed });
        pair.run(10_000);
        const heard = after(pair.bHeard.samples(), 200);
        const ratio = toneRatio(heard, 48000, 440, { windowMs: 100 });
        const stats = pair.b.statistics();
        assert.ok(pair.dropped() >= 35, `${pair.dropped()} packets dropped`);
        assert.ok(ratio >= 0.9, `tone in ${ratio} of windows with ${stats.packetsLost} lost, ${stats.concealedFrames} concealed`);
      });
    }
  }
});
