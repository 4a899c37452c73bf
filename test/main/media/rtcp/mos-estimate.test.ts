import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { delayImpairment, effectiveEquipmentImpairment, estimateMos, mosFromR, type MosCodec } from '../../../../src/main/media/rtcp/mos-estimate.js';

const close = (actual: number, expected: number, tolerance = 0.005) => assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} ≠ ${expected}`);

describe('the E-model MOS estimate (ITU-T G.107, simplified)', () => {
  const references: Array<[string, MosCodec, number, number, number, number]> = [
    // name, codec, one-way delay ms, loss, R, MOS — worked out apart from the code, from G.107's formulas
    ['a perfect G.711 call', 'PCMU', 0, 0, 93.2, 4.4093],
    ['150 ms one way: Id = 3.6', 'PCMU', 150, 0, 89.6, 4.3291],
    ['300 ms one way: Id = 7.2 + 0.11 × 122.7 = 20.697', 'PCMU', 300, 0, 72.503, 3.7121],
    ['G.711 with PLC at 1 % loss: Ie-eff = 95 / 26.1 = 3.640', 'PCMU', 0, 0.01, 89.5602, 4.3281],
    ['G.711 with PLC at 5 % loss: Ie-eff = 475 / 30.1 = 15.781', 'PCMA', 0, 0.05, 77.4193, 3.9228],
    ['Opus at 10 % loss: Ie-eff = 950 / 40 = 23.75', 'opus', 0, 0.1, 69.45, 3.5711],
  ];
  for (const [name, codec, delay, loss, r, mos] of references) {
    test(`${name}: R ${r}, MOS ${mos}`, () => {
      const estimate = estimateMos({ codec, oneWayDelayMs: delay, lossFraction: loss });
      close(estimate.r, r, 0.001);
      close(estimate.mos, mos, 0.001);
    });
  }

  test('R to MOS at its anchors (G.107 Annex B)', () => {
    assert.equal(mosFromR(-5), 1);
    assert.equal(mosFromR(0), 1);
    assert.equal(mosFromR(3), 1, 'the cubic dips under 1 here; MOS does not');
    close(mosFromR(50), 2.575, 0.001);
    close(mosFromR(70), 3.597, 0.001);
    assert.equal(mosFromR(100), 4.5);
    assert.equal(mosFromR(120), 4.5);
  });

  test('MOS falls as loss grows, for every codec', () => {
    for (const codec of ['opus', 'PCMU', 'PCMA'] as const) {
      const values = [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1].map((loss) => estimateMos({ codec, oneWayDelayMs: 50, lossFraction: loss }).mos);
      assert.ok(values.every((v, i) => i === 0 || v < (values[i - 1] ?? Infinity)), `${codec}: ${values.join(' ')}`);
    }
  });

  test('MOS falls as delay grows, faster beyond 177.3 ms', () => {
    const values = [0, 50, 100, 150, 177, 200, 300, 400, 600].map((d) => estimateMos({ codec: 'opus', oneWayDelayMs: d, lossFraction: 0 }).mos);
    assert.ok(values.every((v, i) => i === 0 || v < (values[i - 1] ?? Infinity)), values.join(' '));
    assert.ok(delayImpairment(300) - delayImpairment(250) > 2 * (delayImpairment(150) - delayImpairment(100)));
  });

  test('bursty loss hurts more than the same random loss', () => {
    assert.ok(effectiveEquipmentImpairment('PCMU', 0.05, 2) > effectiveEquipmentImpairment('PCMU', 0.05, 1));
  });
});
