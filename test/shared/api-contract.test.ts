import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COMMAND_NAMES, commands, EVENT_NAMES, events, isCommandName, isEventName, SipUriSchema } from '../../src/shared/api-contract.js';

describe('the API contract', () => {
  test('names commands as verbs and events in the past tense (STYLE.md habit 1)', () => {
    for (const name of COMMAND_NAMES) assert.match(name, /^(get|set|add|remove|list|place|answer|decline|hang|hold|resume|send|start|stop|join|leave|create|open|dismiss|update|take|mark|clear|transfer|export|invite|merge|switch)[A-Z]/, name);
    for (const name of EVENT_NAMES) assert.match(name, /(ed|Raised|Changed|Requested)$/, name);
  });

  test('does not take prototype names for commands or events', () => {
    assert.equal(isCommandName('toString'), false);
    assert.equal(isCommandName('__proto__'), false);
    assert.equal(isEventName('constructor'), false);
    assert.equal(isCommandName('getProfile'), true);
  });

  test('refuses extra or wrongly typed arguments', () => {
    assert.equal(commands.getProfile.args.safeParse({ extra: 1 }).success, false);
    assert.equal(commands.setMuted.args.safeParse({ muted: 'yes' }).success, false);
    assert.equal(commands.setMuted.args.safeParse({ muted: true }).success, true);
  });

  test('trims display names and refuses empty, long or control-character ones', () => {
    const schema = commands.setDisplayName.args;
    assert.deepEqual(schema.parse({ displayName: '  Alice  ' }), { displayName: 'Alice' });
    assert.equal(schema.safeParse({ displayName: '   ' }).success, false);
    assert.equal(schema.safeParse({ displayName: 'x'.repeat(65) }).success, false);
    assert.equal(schema.safeParse({ displayName: 'Al\u0007ice' }).success, false);
  });

  test('accepts sip and sips URIs only', () => {
    assert.equal(SipUriSchema.safeParse('sip:alice@example.com').success, true);
    assert.equal(SipUriSchema.safeParse('SIPS:bob@example.com;transport=tls').success, true);
    assert.equal(SipUriSchema.safeParse('http://example.com').success, false);
    assert.equal(SipUriSchema.safeParse('sip:with space@example.com').success, false);
    assert.equal(SipUriSchema.safeParse(`sip:${'a'.repeat(2000)}@x`).success, false);
  });

  test('validates every event payload with a schema', () => {
    assert.equal(events.muteChanged.safeParse({ muted: true }).success, true);
    assert.equal(events.networkStatusChanged.safeParse({ state: 'online' }).success, false);
  });
});
