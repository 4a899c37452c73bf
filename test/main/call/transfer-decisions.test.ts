import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CallError } from '../../../src/main/call/call-error.js';
import { displayNameLabel, MAX_DISPLAY_NAME_LABEL } from '../../../src/main/call/display-name-label.js';
import { decideReferTo, failedCallStatus, placementFailureStatus, transferFailureSentence, verdictOf } from '../../../src/main/call/transfer-decisions.js';
import { parseNameAddr } from '../../../src/main/sip/message/index.js';

function referTo(value: string): ReturnType<typeof decideReferTo> {
  const address = parseNameAddr(value);
  assert.ok(address, `${value} parses as a Refer-To value`);
  return decideReferTo(address);
}

const CAROL = 'sip:ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u@parley.invalid';

describe('which Refer-To a transferee carries out (RFC 3515 §2.4.2)', () => {
  const accepted = [
    { name: 'a Parley address', value: `<${CAROL}>`, uri: CAROL, displayName: null },
    { name: 'a plain SIP address with a port and transport', value: '<sip:carol@127.0.0.1:5062;transport=tcp>', uri: 'sip:carol@127.0.0.1:5062;transport=tcp', displayName: null },
    { name: 'a sips address', value: '<sips:carol@192.0.2.7>', uri: 'sips:carol@192.0.2.7', displayName: null },
    { name: 'an explicit method=INVITE, which is dropped from the call placed', value: '<sip:carol@192.0.2.7;method=INVITE>', uri: 'sip:carol@192.0.2.7', displayName: null },
    { name: 'embedded headers other than Replaces, dropped', value: '<sip:carol@192.0.2.7?Subject=hello>', uri: 'sip:carol@192.0.2.7', displayName: null },
    { name: 'the transferor’s name for the target, kept as a label', value: '"Carol \\"C\\" Jones" <sip:carol@192.0.2.7>', uri: 'sip:carol@192.0.2.7', displayName: 'Carol "C" Jones' },
  ];
  for (const row of accepted) {
    test(`carries out ${row.name}`, () => {
      assert.deepEqual(referTo(row.value), { ok: true, target: { uri: row.uri, displayName: row.displayName } });
    });
  }

  const refused = [
    { name: 'a tel URI', value: '<tel:+15551234567>', status: 403 },
    { name: 'an http URL', value: '<http://example.org/>', status: 403 },
    { name: 'a method other than INVITE (SUBSCRIBE)', value: '<sip:carol@192.0.2.7;method=SUBSCRIBE>', status: 403 },
    { name: 'BYE as the method, in any case', value: '<sip:carol@192.0.2.7;method=bye>', status: 403 },
    { name: 'a method parameter without a value', value: '<sip:carol@192.0.2.7;method>', status: 403 },
    { name: 'an attended transfer (embedded Replaces)', value: '<sip:carol@192.0.2.7?Replaces=abc%3Bto-tag%3D1%3Bfrom-tag%3D2>', status: 403 },
    { name: 'a target longer than any URI the API takes', value: `<sip:${'c'.repeat(1100)}@192.0.2.7>`, status: 400 },
  ];
  for (const row of refused) {
    test(`refuses ${row.name} with ${row.status}`, () => {
      const decision = referTo(row.value);
      assert.equal(decision.ok ? 'carried out' : decision.status, row.status);
      assert.ok(!decision.ok && decision.reason.length > 0 && !/[\r\n]/.test(decision.reason), 'with a reason phrase fit for a status line');
    });
  }
});

describe('what a NOTIFY’s sipfrag status means to the transferor (RFC 3515 §2.4.5)', () => {
  const rows = [
    [100, 'pending'],
    [180, 'pending'],
    [200, 'succeeded'],
    [202, 'succeeded'],
    [302, 'failed'],
    [480, 'failed'],
    [486, 'failed'],
    [603, 'failed'],
  ] as const;
  for (const [status, verdict] of rows) test(`${status} → ${verdict}`, () => assert.equal(verdictOf(status), verdict));
});

describe('what a transferee reports when the new call fails', () => {
  test('the call’s own failure status when it had one, 500 otherwise', () => {
    assert.deepEqual([failedCallStatus(480), failedCallStatus(486), failedCallStatus(408), failedCallStatus(undefined), failedCallStatus(200), failedCallStatus(900)], [480, 486, 408, 500, 500, 500]);
  });

  test('a target no call reaches is 400, a missing endpoint 503, anything else 500', () => {
    assert.equal(placementFailureStatus(new CallError('CALL_BAD_TARGET', 'no')), 400);
    assert.equal(placementFailureStatus(new CallError('CALL_UNAVAILABLE', 'no')), 503);
    assert.equal(placementFailureStatus(new Error('boom')), 500);
  });
});

describe('the sentences a transferor’s user reads', () => {
  const target = 'sip:carol@192.0.2.7';
  test('each failure names the target, the status when there is one, and that the call goes on', () => {
    assert.equal(transferFailureSentence(target, { kind: 'refused', status: 603, reason: 'Decline', answered: true }), 'The other party refused the transfer to sip:carol@192.0.2.7 (603 Decline); the call goes on.');
    assert.match(transferFailureSentence(target, { kind: 'refused', status: 408, reason: 'Request Timeout', answered: false }), /did not answer the transfer request \(408 Request Timeout\); the call goes on/);
    assert.equal(transferFailureSentence(target, { kind: 'failed', status: 480, reason: 'Temporarily Unavailable' }), 'The transfer to sip:carol@192.0.2.7 failed: 480 Temporarily Unavailable; the call goes on.');
    assert.match(transferFailureSentence(target, { kind: 'timeout', seconds: 90 }), /no result within 90 s; the call goes on/);
    assert.match(transferFailureSentence(target, { kind: 'unknown' }), /ended without a result/);
  });

  test('a huge target is cut so the sentence stays readable', () => {
    assert.ok(transferFailureSentence(`sip:${'x'.repeat(5000)}@h`, { kind: 'unknown' }).length < 300);
  });
});

describe('the other party’s display name as a label', () => {
  const rows: Array<[string, string | undefined, string | null]> = [
    ['absent', undefined, null],
    ['empty', '', null],
    ['only spaces and controls', ' \t\u0000\u0007 ', null],
    ['a plain name', 'Bob Smith', 'Bob Smith'],
    ['surrounding and repeated spaces collapsed', '  Bob   Smith ', 'Bob Smith'],
    ['control characters and line breaks replaced by a space', 'Bob\r\nInjected\u0000Name\u007f', 'Bob Injected Name'],
    ['bidi overrides removed (no reordered text)', 'Bob\u202Egnp.exe', 'Bob gnp.exe'],
    ['C1 controls removed', 'Bob\u0085\u009bSmith', 'Bob Smith'],
    ['letters of any script kept', 'Zoë 山田 😀', 'Zoë 山田 😀'],
  ];
  for (const [name, input, label] of rows) test(name, () => assert.equal(displayNameLabel(input), label));

  test('cut to the length of a display name, counted in characters (an emoji is not split)', () => {
    const long = displayNameLabel('😀'.repeat(200)) ?? '';
    assert.equal([...long].length, MAX_DISPLAY_NAME_LABEL);
    assert.ok(/^(😀)+$/u.test(long));
    assert.equal([...(displayNameLabel('a'.repeat(10_000)) ?? '')].length, MAX_DISPLAY_NAME_LABEL);
  });
});
