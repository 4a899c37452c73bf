/**
 * Mutated valid messages (test/helpers/sip-mutator.ts, seeded so a failure reproduces) must
 * never make the parser or the framer throw, and must not take absurdly long. The benchmark
 * (bench/sip-parser.bench.ts) runs the same engine on ≥100,000 inputs; npm test runs a sample.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  getAllow,
  getContacts,
  getContentType,
  getExpires,
  getRecordRoutes,
  getRequestUri,
  parseSipMessage,
  serializeSipMessage,
  SipStreamFramer,
} from '../../../../src/main/sip/message/index.js';
import { loadFlowMessages, loadTortureMessage, tortureMessageNames } from '../../../helpers/sip-fixtures.js';
import { TYPICAL_INVITE } from '../../../helpers/sip-model.js';
import { mutate, randomChunks, seededRandom } from '../../../helpers/sip-mutator.js';

const SEEDS = [Buffer.from(TYPICAL_INVITE), ...loadFlowMessages().map((m) => m.bytes), ...tortureMessageNames().map(loadTortureMessage)];
const SAMPLE = 5000;

/** Everything a layer above might do with a message a peer sent. */
function exercise(bytes: Buffer): void {
  for (const framing of ['datagram', 'stream'] as const) {
    const result = parseSipMessage(bytes, { framing });
    if (!result.ok) continue;
    const { message } = result;
    if (message.kind === 'request') getRequestUri(message);
    getContacts(message);
    getRecordRoutes(message);
    getAllow(message);
    getContentType(message);
    getExpires(message);
    const again = parseSipMessage(serializeSipMessage(message), { framing: 'stream' });
    assert.ok(again.ok, 'a message that parsed serializes to one that parses');
  }
}

describe('fuzzing the parser and the framer', () => {
  test(`${SAMPLE} mutated messages: no exception escapes, and the whole run is bounded`, () => {
    const random = seededRandom(0x5eed_2024);
    const started = performance.now();
    let parsed = 0;
    for (let i = 0; i < SAMPLE; i++) {
      const seed = SEEDS[Math.floor(random() * SEEDS.length)] ?? Buffer.alloc(0);
      const { bytes, mutations } = mutate(seed, random);
      try {
        exercise(bytes);
        if (parseSipMessage(bytes).ok) parsed++;
      } catch (error) {
        assert.fail(`input ${i} (${mutations.join(', ')}) threw: ${String(error)}\n${JSON.stringify(bytes.toString('latin1'))}`);
      }
    }
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 10_000, `took ${elapsed.toFixed(0)} ms`);
    // The mutations must leave some messages valid and break others, or the fuzzer tests nothing.
    assert.ok(parsed > SAMPLE * 0.05 && parsed < SAMPLE * 0.95, `${parsed} of ${SAMPLE} still parsed`);
  });

  test('mutated streams in random chunks: the framer never throws and never holds more than the limits allow', () => {
    const random = seededRandom(0xf4a3e);
    for (let i = 0; i < 300; i++) {
      const messages = Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
        const seed = SEEDS[Math.floor(random() * SEEDS.length)] ?? Buffer.alloc(0);
        return random() < 0.5 ? mutate(seed, random).bytes : seed;
      });
      const framer = new SipStreamFramer();
      for (const chunk of randomChunks(Buffer.concat(messages), random)) {
        assert.doesNotThrow(() => framer.push(chunk), `stream ${i}`);
        assert.ok(framer.bufferedBytes <= 64 * 1024 + 512, `stream ${i} buffers ${framer.bufferedBytes} bytes`);
      }
    }
  });
});
