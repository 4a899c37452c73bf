import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseVia } from '../../../../src/main/sip/message/index.js';
import { type SentBy, sentByMatches } from '../../../../src/main/sip/transport/index.js';

const OWN: SentBy[] = [
  { host: '192.0.2.7', port: 5060 },
  { host: '2001:db8::7', port: 5062 },
  { host: 'alice.parley.invalid', port: 5060 },
];

/** [top Via of a response, sent by us?] — RFC 3261 §18.1.2 */
const TABLE: [string, boolean][] = [
  ['SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1', true],
  ['SIP/2.0/UDP 192.0.2.7;branch=z9hG4bK1', true], // the default port is 5060
  ['SIP/2.0/TCP 192.0.2.7:5060;branch=z9hG4bK1;received=198.51.100.1;rport=1', true], // received/rport are not sent-by
  ['SIP/2.0/UDP 192.0.2.7:5061;branch=z9hG4bK1', false],
  ['SIP/2.0/UDP 192.0.2.8:5060;branch=z9hG4bK1', false],
  ['SIP/2.0/UDP [2001:db8:0::7]:5062;branch=z9hG4bK1', true], // IPv6 by value
  ['SIP/2.0/UDP [2001:db8::7];branch=z9hG4bK1', false],
  ['SIP/2.0/PARLEY Alice.Parley.Invalid;branch=z9hG4bK1', true], // names case-insensitively
  ['SIP/2.0/UDP bob.parley.invalid;branch=z9hG4bK1', false],
];

describe('sentByMatches (RFC 3261 §18.1.2)', () => {
  for (const [text, expected] of TABLE) {
    test(`${text} → ${expected ? 'ours' : 'dropped'}`, () => {
      const via = parseVia(text);
      assert.ok(via);
      assert.equal(sentByMatches(via, OWN), expected);
    });
  }

  test('with no sent-by of our own, every response is dropped', () => {
    const via = parseVia('SIP/2.0/UDP 192.0.2.7;branch=z9hG4bK1');
    assert.ok(via);
    assert.equal(sentByMatches(via, []), false);
  });
});
