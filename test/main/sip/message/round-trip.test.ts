/**
 * Real messages from RFC 3261 and RFC 3665 call flows: parse → serialize → parse gives the same
 * model, and the header values are the ones in the RFC (after unfolding).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSipMessage, serializeSipMessage, SipStreamFramer } from '../../../../src/main/sip/message/index.js';
import { loadFlowMessages } from '../../../helpers/sip-fixtures.js';
import { messageView } from '../../../helpers/sip-model.js';

const MESSAGES = loadFlowMessages();

function unfoldedHeaderValues(bytes: Buffer): string[] {
  const head = bytes.toString('utf8', 0, bytes.indexOf('\r\n\r\n'));
  return head.split('\r\n').slice(1).join('\r\n').replace(/\r\n[ \t]+/g, ' ').split('\r\n').map((line) => line.slice(line.indexOf(':') + 1).trim());
}

describe('RFC 3261 and RFC 3665 messages round-trip', () => {
  test('there are requests and responses of every kind the issue names', () => {
    const kinds = new Set(MESSAGES.map((m) => m.label.split(' ')[1]));
    for (const kind of ['INVITE', '180', '200', 'ACK', 'BYE', 'REGISTER', '401', 'CANCEL', '487', '100']) assert.ok(kinds.has(kind), kind);
    assert.ok(MESSAGES.some((m) => m.label.includes('OPTIONS')));
  });

  for (const { flow, label, bytes } of MESSAGES) {
    test(`${flow}: ${label}`, () => {
      const first = parseSipMessage(bytes);
      assert.ok(first.ok, first.ok ? '' : first.error.reason);
      const serialized = serializeSipMessage(first.message);
      const second = parseSipMessage(serialized, { framing: 'stream' });
      assert.ok(second.ok, second.ok ? '' : second.error.reason);
      const [a, b] = [messageView(first.message), messageView(second.message)];
      // A message without Content-Length (RFC 3665 F19) gains one; nothing else changes.
      assert.deepEqual(b.headers.filter(([name]) => name !== 'Content-Length'), a.headers.filter(([name]) => name !== 'Content-Length'));
      assert.deepEqual([b.startLine, b.body], [a.startLine, a.body]);
      assert.deepEqual({ ...second.core, contentLength: undefined }, { ...first.core, contentLength: undefined });
      assert.deepEqual(first.message.headers.fields.map((f) => f.value), unfoldedHeaderValues(bytes));
      assert.deepEqual(serializeSipMessage(second.message), serialized, 'serializing is stable');
    });
  }

  test('a whole flow goes through the stream framer as one pipelined stream', () => {
    const stream = Buffer.concat(MESSAGES.map(({ bytes }) => {
      const parsed = parseSipMessage(bytes);
      assert.ok(parsed.ok);
      return serializeSipMessage(parsed.message);
    }));
    const events = new SipStreamFramer().push(stream);
    assert.deepEqual(events.map((e) => e.type), MESSAGES.map(() => 'message'));
  });
});
