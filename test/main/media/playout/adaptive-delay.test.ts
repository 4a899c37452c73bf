import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AdaptiveDelay } from '../../../../src/main/media/playout/adaptive-delay.js';

const OPTIONS = { frameMs: 20, minDelayMs: 20, maxDelayMs: 200, jitterFactor: 3, releaseMs: 10_000 };

/** Feeds packets 20 ms apart in media time, each with the given extra transit. */
function feed(delay: AdaptiveDelay, transits: readonly number[]): void {
  transits.forEach((transit, i) => delay.observe(i * 20 + transit, i * 20));
}

describe('the adaptive delay', () => {
  const cases: Array<[string, number[], number, number]> = [
    // name, extra transit per packet, expected jitter (ms), expected target (ms)
    ['a steady stream has no jitter and the minimum target', Array(200).fill(50), 0, 20],
    ['transit alternating 0/10 ms: jitter → 10, target 30', Array.from({ length: 400 }, (_, i) => (i % 2) * 10), 10, 30],
    ['transit alternating 0/30 ms: jitter → 30, target 90', Array.from({ length: 400 }, (_, i) => (i % 2) * 30), 30, 90],
    ['transit alternating 0/100 ms: the target stops at the maximum', Array.from({ length: 400 }, (_, i) => (i % 2) * 100), 100, 200],
  ];
  for (const [name, transits, jitter, target] of cases) {
    test(name, () => {
      const delay = new AdaptiveDelay(OPTIONS);
      feed(delay, transits);
      assert.ok(Math.abs(delay.jitterMs - jitter) < 0.01, `jitter ${delay.jitterMs}`);
      assert.ok(Math.abs(delay.targetMs - target) < 0.05, `target ${delay.targetMs}`);
    });
  }

  test('a late packet raises the target by a frame, up to the maximum', () => {
    const delay = new AdaptiveDelay(OPTIONS);
    delay.packetWasLate();
    assert.equal(delay.targetMs, 40);
    for (let i = 0; i < 20; i += 1) delay.packetWasLate();
    assert.equal(delay.targetMs, 200);
  });

  test('calm brings the target back down with the release time constant', () => {
    const delay = new AdaptiveDelay(OPTIONS);
    feed(delay, Array.from({ length: 400 }, (_, i) => (i % 2) * 30)); // target 90
    feed(delay, Array(200).fill(0)); // jitter decays to ~0: desired back to 20
    assert.ok(delay.targetMs > 89, 'observing calm packets alone does not lower the target');
    delay.release(10_000);
    assert.ok(Math.abs(delay.targetMs - (20 + 70 / Math.E)) < 0.5, `one time constant: ${delay.targetMs}`);
    delay.release(100_000);
    assert.ok(delay.targetMs < 20.01);
  });

  test('delay is measured from the fastest packets; the base follows slower ones only slowly', () => {
    const delay = new AdaptiveDelay(OPTIONS);
    assert.equal(delay.delayMs(100, 0), undefined);
    delay.observe(130, 100); // transit 30
    delay.observe(160, 120); // transit 40: the base rises by (40 − 30) / 64
    assert.ok(Math.abs((delay.delayMs(200, 120) ?? 0) - (200 - 30 - 10 / 64 - 120)) < 1e-9);
    delay.observe(165, 140); // transit 25: a new minimum, taken at once
    assert.equal(delay.delayMs(200, 140), 35);
    delay.rebase();
    assert.equal(delay.delayMs(200, 140), undefined);
  });
});
