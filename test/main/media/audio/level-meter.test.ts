import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { downMixInterleavedToMono, downMixToMono } from '../../../../src/main/media/audio/down-mix.js';
import { LEVEL_FLOOR_DBFS, LevelMeter, measureLevel } from '../../../../src/main/media/audio/level-meter.js';
import { sine, sineFloat } from './test-signals.js';

describe('the level meter (dBFS: 0 = full-scale square wave)', () => {
  const cases: { name: string; frame: Int16Array | Float32Array; rms: number; peak: number }[] = [
    { name: 'a full-scale sine', frame: sine(1000, 48000, 960, 1), rms: -3.01, peak: 0 },
    { name: 'a half-scale sine', frame: sine(1000, 48000, 960, 0.5), rms: -9.03, peak: -6.02 },
    { name: 'a −40 dBFS float sine', frame: sineFloat(1000, 48000, 960, 0.01), rms: -43.01, peak: -40 },
    { name: 'a full-scale square', frame: Int16Array.from({ length: 960 }, (_, i) => (i % 48 < 24 ? 32767 : -32768)), rms: 0, peak: 0 },
    { name: 'silence', frame: new Int16Array(960), rms: LEVEL_FLOOR_DBFS, peak: LEVEL_FLOOR_DBFS },
    { name: 'an empty frame', frame: new Int16Array(0), rms: LEVEL_FLOOR_DBFS, peak: LEVEL_FLOOR_DBFS },
  ];
  for (const { name, frame, rms, peak } of cases) {
    test(`${name}: RMS ${rms}, peak ${peak}`, () => {
      const level = measureLevel(frame);
      assert.ok(Math.abs(level.rmsDbfs - rms) < 0.05, `RMS ${level.rmsDbfs}`);
      assert.ok(Math.abs(level.peakDbfs - peak) < 0.05, `peak ${level.peakDbfs}`);
    });
  }

  test('LevelMeter reports what was pushed since the last take, then starts over', () => {
    const meter = new LevelMeter();
    meter.push(sine(1000, 48000, 960, 1));
    meter.push(new Int16Array(960));
    const level = meter.take();
    assert.ok(Math.abs(level.rmsDbfs - -6.02) < 0.05, `half the power: ${level.rmsDbfs}`);
    assert.ok(level.peakDbfs > -0.01);
    assert.equal(meter.take().rmsDbfs, LEVEL_FLOOR_DBFS);
  });
});

describe('down-mix to mono', () => {
  test('averages channels, to the shortest', () => {
    const mono = downMixToMono([Float32Array.of(1, 0.5, 0), Float32Array.of(0, 0.5, 1, 1)]);
    assert.deepEqual([...mono], [0.5, 0.5, 0.5]);
    assert.equal(downMixToMono([]).length, 0);
  });

  test('interleaved 16-bit frames average per frame', () => {
    assert.deepEqual([...downMixInterleavedToMono(Int16Array.of(100, 300, -100, -300, 7), 2)], [200, -200]);
    assert.deepEqual([...downMixInterleavedToMono(Int16Array.of(1, 2), 1)], [1, 2]);
  });
});
