import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatConferenceInfo,
  mergeConferenceInfo,
  parseConferenceInfo,
  type ConferenceInfo,
  type RosterMember,
} from '../../../src/main/conference/conference-info.js';

const ENTITY = 'sip:ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u@conference.parley.invalid';
const member = (memberId: string, name: string | null, overrides: Partial<RosterMember> = {}): RosterMember => ({
  memberId,
  uri: `sip:${memberId}-user@parley.invalid`,
  contact: `sip:${memberId}-user@${memberId}-device.parley.invalid;transport=parley`,
  displayName: name,
  joinedAt: Date.UTC(2025, 0, 2, 3, 4, 5, 678),
  muted: false,
  speaking: false,
  role: 'member',
  ...overrides,
});

function parsed(body: string): ConferenceInfo {
  const result = parseConferenceInfo(body);
  assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
  return result.info;
}

function code(body: string | Uint8Array): string {
  const result = parseConferenceInfo(body);
  return result.ok ? 'ok' : result.error.code;
}

describe('conference-info documents (RFC 4575)', () => {
  test('a full roster round-trips: names, roles, join times, mute, who speaks, the lock and subject', () => {
    const members = [
      member('host', 'Hostess', { role: 'host', speaking: true }),
      member('m1', 'Alice & "Bob" <3', { muted: true }),
      member('m2', null),
    ];
    const body = formatConferenceInfo({ entity: ENTITY, version: 7, state: 'full', subject: 'Plan <Q3>', locked: true, userCount: 3, members });
    const info = parsed(body);
    assert.equal(info.entity, ENTITY);
    assert.equal(info.version, 7);
    assert.equal(info.state, 'full');
    assert.equal(info.subject, 'Plan <Q3>');
    assert.equal(info.locked, true);
    assert.deepEqual(info.members, members);
  });

  test('what Parley writes is the RFC 4575 shape other foci and phones read', () => {
    const body = formatConferenceInfo({ entity: ENTITY, version: 1, state: 'full', subject: 'x', locked: false, userCount: 1, members: [member('m1', 'Alice', { muted: true })] });
    assert.match(body, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<conference-info xmlns="urn:ietf:params:xml:ns:conference-info"/);
    assert.match(body, /<user entity="sip:m1-user@parley\.invalid" state="full"><display-text>Alice<\/display-text><roles><entry>participant<\/entry><\/roles>/);
    assert.match(body, /<status>connected<\/status><joining-method>dialed-in<\/joining-method><joining-info><when>2025-01-02T03:04:05\.678Z<\/when><\/joining-info>/);
    assert.match(body, /<media id="audio"><type>audio<\/type><status>sendonly<\/status><\/media>/, 'a muted member: the focus only sends to it');
    assert.match(body, /<conference-state><user-count>1<\/user-count><active>true<\/active><locked>false<\/locked><\/conference-state>/);
  });

  test('two devices of one user are one user with two endpoints', () => {
    const laptop = member('m1', 'Gina');
    const phone = { ...member('m2', 'Gina'), uri: laptop.uri };
    const body = formatConferenceInfo({ entity: ENTITY, version: 1, state: 'full', subject: '', locked: false, userCount: 1, members: [laptop, phone] });
    assert.equal(body.match(/<user /g)?.length, 1);
    assert.equal(body.match(/<endpoint /g)?.length, 2);
    assert.deepEqual(parsed(body).members.map((entry) => entry.memberId), ['m1', 'm2']);
  });

  test('partial documents change only the users they name, in version order; stale ones change nothing', () => {
    const full = parsed(formatConferenceInfo({ entity: ENTITY, version: 1, state: 'full', subject: 'S', locked: false, userCount: 2, members: [member('m1', 'Alice'), member('m2', 'Bob')] }));
    const speaking = parsed(formatConferenceInfo({ entity: ENTITY, version: 2, state: 'partial', subject: 'S', locked: false, userCount: 2, members: [member('m2', 'Bob', { speaking: true })] }));
    const afterSpeaking = mergeConferenceInfo(full, speaking);
    assert.deepEqual(afterSpeaking?.members.map((entry) => [entry.memberId, entry.speaking]), [['m1', false], ['m2', true]]);
    const gone = parsed(formatConferenceInfo({ entity: ENTITY, version: 3, state: 'partial', subject: 'S', locked: true, userCount: 1, members: [], deletedUsers: [member('m1', null).uri] }));
    const afterGone = mergeConferenceInfo(afterSpeaking ?? undefined, gone);
    assert.deepEqual(afterGone?.members.map((entry) => entry.memberId), ['m2']);
    assert.equal(afterGone?.locked, true);
    assert.equal(mergeConferenceInfo(afterGone ?? undefined, speaking), null, 'version 2 after version 3 is stale');
    assert.equal(mergeConferenceInfo(undefined, speaking), null, 'a partial document needs a full one first');
  });

  test('a document from another focus: prefixes, no Parley ids, a disconnected endpoint, unknown elements', () => {
    const body = `<?xml version="1.0"?>
      <ci:conference-info xmlns:ci="urn:ietf:params:xml:ns:conference-info" entity="sip:conf@example.com" state="full" version="12">
        <ci:conference-description><ci:subject>  Board  </ci:subject><x:extra xmlns:x="urn:example"/></ci:conference-description>
        <ci:users>
          <ci:user entity="sip:carol@example.com"><ci:display-text>Carol</ci:display-text><ci:roles><ci:entry>chairman</ci:entry></ci:roles>
            <ci:endpoint entity="sip:carol@192.0.2.1"><ci:status>connected</ci:status>
              <ci:media id="1"><ci:type>video</ci:type><ci:status>sendonly</ci:status></ci:media>
              <ci:media id="2"><ci:type>audio</ci:type><ci:status>sendrecv</ci:status></ci:media></ci:endpoint>
            <ci:endpoint entity="sip:carol@192.0.2.2"><ci:status>disconnected</ci:status></ci:endpoint>
          </ci:user>
          <ci:user><ci:display-text>nobody: no entity</ci:display-text></ci:user>
        </ci:users>
      </ci:conference-info>`;
    const info = parsed(body);
    assert.equal(info.subject, 'Board');
    assert.equal(info.locked, null, 'the document did not say');
    assert.deepEqual(info.members, [{ memberId: 'sip:carol@192.0.2.1', uri: 'sip:carol@example.com', contact: 'sip:carol@192.0.2.1', displayName: 'Carol', joinedAt: 0, muted: false, speaking: false, role: 'host' }]);
    assert.deepEqual(info.deletedEndpoints, ['sip:carol@192.0.2.2']);
  });

  test('hostile input is a value with a code: DTD and entity bombs, size, depth, counts, encoding, wrong root', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="x" version="1">&lol2;</conference-info>`;
    assert.equal(code(lol), 'CONFERENCE_INFO_DTD_FORBIDDEN');
    assert.equal(code(`<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="x" version="1">${' '.repeat(70_000)}</conference-info>`), 'CONFERENCE_INFO_TOO_LARGE');
    assert.equal(code(`${'<a>'.repeat(40)}${'</a>'.repeat(40)}`), 'CONFERENCE_INFO_TOO_COMPLEX');
    const manyElements = `<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="x" version="1"><users>${'<u/>'.repeat(9000)}</users></conference-info>`;
    assert.equal(code(manyElements), 'CONFERENCE_INFO_TOO_COMPLEX');
    assert.equal(code(Uint8Array.of(0x3c, 0xff, 0xfe, 0x3e)), 'CONFERENCE_INFO_NOT_UTF8');
    assert.equal(code('<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="x"/>'), 'CONFERENCE_INFO_NOT_CONFERENCE_INFO');
    assert.equal(code('<conference-info entity="x" version="1"/>'), 'CONFERENCE_INFO_NOT_CONFERENCE_INFO', 'the namespace decides, not the name');
    assert.equal(code('<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="x"/>'), 'CONFERENCE_INFO_MALFORMED', 'no version');
    assert.equal(code('<conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="x" version="1"><users>'), 'CONFERENCE_INFO_MALFORMED');
    assert.equal(code(''), 'CONFERENCE_INFO_MALFORMED');
  });

  test('names are labels: controls and bidi overrides are dropped, long ones cut, markup escaped on the way out', () => {
    const sneaky = member('m1', 'Eve\u202Egnp.exe\u0007');
    const body = formatConferenceInfo({ entity: ENTITY, version: 1, state: 'full', subject: '</subject><locked>true</locked>', locked: false, userCount: 1, members: [sneaky, member('m2', 'x'.repeat(500))] });
    const info = parsed(body);
    assert.equal(info.subject, '</subject><locked>true</locked>');
    assert.equal(info.locked, false);
    assert.equal(info.members[0]?.displayName, 'Evegnp.exe');
    assert.equal(info.members[1]?.displayName?.length, 128);
  });
});
