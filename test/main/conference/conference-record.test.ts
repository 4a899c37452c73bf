import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateSeed, keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import { seededRandom } from '../../../src/main/seeded-random.js';
import {
  chooseFocus,
  ConferenceRecordError,
  decodeConferenceRecord,
  encodeConferenceRecord,
  fitSubject,
  MAX_CONFERENCE_RECORD_BYTES,
  MAX_FOCI,
  MAX_SUBJECT_BYTES,
  type FocusEntry,
} from '../../../src/main/conference/conference-record.js';

const conference = keyPairFromSeed(generateSeed());
const key = (fill: number): Buffer => Buffer.alloc(32, fill);
const focus = (fill: number, load = 3, role: FocusEntry['role'] = 'primary'): FocusEntry => ({ deviceKey: key(fill), identity: key(fill + 100), role, capacity: 200, load });

describe('the conference record (signed by the conference key)', () => {
  test('a record round-trips: subject, every focus with its device, identity, role, capacity and load', () => {
    const foci = [focus(1, 17), focus(2, 0, 'secondary')];
    const bytes = encodeConferenceRecord(conference, { seq: 1_700_000_000, subject: 'Wochenrunde ☕', foci });
    const decoded = decodeConferenceRecord(bytes, conference.publicKey);
    assert.ok(decoded.ok, JSON.stringify(!decoded.ok && decoded.error));
    assert.deepEqual(decoded.record, { conference: conference.publicKey, seq: 1_700_000_000, subject: 'Wochenrunde ☕', foci });
  });

  test('the longest subject with the most foci still fits a DHT record, and the record says so', () => {
    const subject = 'ü'.repeat(MAX_SUBJECT_BYTES / 2);
    const bytes = encodeConferenceRecord(conference, { seq: 1, subject, foci: Array.from({ length: MAX_FOCI }, (_, i) => focus(i + 1)) });
    assert.ok(bytes.length < MAX_CONFERENCE_RECORD_BYTES, `${bytes.length} bytes`);
    assert.equal(bytes.length, 815);
    assert.ok(decodeConferenceRecord(bytes, conference.publicKey).ok);
  });

  test('any changed byte breaks the signature (or the form), never throws', () => {
    const bytes = encodeConferenceRecord(conference, { seq: 42, subject: 'standup', foci: [focus(1)] });
    for (let i = 0; i < bytes.length; i++) {
      const tampered = Buffer.from(bytes);
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      const decoded = decodeConferenceRecord(tampered, conference.publicKey);
      assert.equal(decoded.ok, false, `byte ${i} changed and it still verified`);
    }
    const load = Buffer.from(bytes);
    // The first focus's load (u16) sits right before the signature: a focus lying about its load.
    load.writeUInt16BE(0, bytes.length - 64 - 2);
    const decoded = decodeConferenceRecord(load, conference.publicKey);
    assert.equal(!decoded.ok && decoded.error.code, 'CONFERENCE_RECORD_BAD_SIGNATURE');
  });

  test('a record signed by another key, or naming another conference, is refused', () => {
    const other = keyPairFromSeed(generateSeed());
    const bytes = encodeConferenceRecord(other, { seq: 1, subject: '', foci: [focus(1)] });
    const decoded = decodeConferenceRecord(bytes, conference.publicKey);
    assert.equal(!decoded.ok && decoded.error.code, 'CONFERENCE_RECORD_OTHER_CONFERENCE');
    // The right key in the record, signed by someone else: a forged record for our conference.
    const forged = Buffer.from(bytes);
    conference.publicKey.copy(forged, 1);
    const forgery = decodeConferenceRecord(forged, conference.publicKey);
    assert.equal(!forgery.ok && forgery.error.code, 'CONFERENCE_RECORD_BAD_SIGNATURE');
  });

  test('every truncation and an oversized value give a code, never an exception', () => {
    const bytes = encodeConferenceRecord(conference, { seq: 7, subject: 'cut', foci: [focus(1), focus(2)] });
    for (let length = 0; length < bytes.length; length++) {
      const decoded = decodeConferenceRecord(bytes.subarray(0, length), conference.publicKey);
      assert.equal(decoded.ok, false);
      assert.match(decoded.ok ? '' : decoded.error.code, /^CONFERENCE_RECORD_(TRUNCATED|MALFORMED|UNSUPPORTED_VERSION|BAD_SIGNATURE)$/, `length ${length}`);
    }
    const trailing = decodeConferenceRecord(Buffer.concat([bytes, Buffer.of(0)]), conference.publicKey);
    assert.equal(!trailing.ok && trailing.error.code, 'CONFERENCE_RECORD_MALFORMED');
    const oversized = decodeConferenceRecord(Buffer.alloc(MAX_CONFERENCE_RECORD_BYTES + 1, 1), conference.publicKey);
    assert.equal(!oversized.ok && oversized.error.code, 'CONFERENCE_RECORD_OVERSIZED');
    const version = Buffer.from(bytes);
    version[0] = 2;
    const future = decodeConferenceRecord(version, conference.publicKey);
    assert.equal(!future.ok && future.error.code, 'CONFERENCE_RECORD_UNSUPPORTED_VERSION');
  });

  test('random bytes never crash the decoder', () => {
    const random = seededRandom(4575);
    for (let round = 0; round < 500; round++) {
      const noise = Buffer.from(Array.from({ length: Math.floor(random() * 900) }, () => Math.floor(random() * 256)));
      if (noise.length > 0) noise[0] = 1;
      assert.equal(decodeConferenceRecord(noise, conference.publicKey).ok, false);
    }
  });

  test('a record that must not be published is refused before signing, with a code', () => {
    const refused = (content: Parameters<typeof encodeConferenceRecord>[1]): string => {
      try {
        encodeConferenceRecord(conference, content);
        return 'encoded';
      } catch (error) {
        assert.ok(error instanceof ConferenceRecordError);
        return error.code;
      }
    };
    assert.equal(refused({ seq: 1, subject: '', foci: [] }), 'CONFERENCE_RECORD_NO_FOCUS');
    assert.equal(refused({ seq: 1, subject: '', foci: Array.from({ length: MAX_FOCI + 1 }, (_, i) => focus(i)) }), 'CONFERENCE_RECORD_TOO_MANY_FOCI');
    assert.equal(refused({ seq: 1, subject: '', foci: [{ ...focus(1), capacity: 70_000 }] }), 'CONFERENCE_RECORD_FIELD_OUT_OF_RANGE');
    assert.equal(refused({ seq: -1, subject: '', foci: [focus(1)] }), 'CONFERENCE_RECORD_FIELD_OUT_OF_RANGE');
    assert.equal(refused({ seq: 1, subject: 'x'.repeat(MAX_SUBJECT_BYTES + 1), foci: [focus(1)] }), 'CONFERENCE_RECORD_FIELD_OUT_OF_RANGE');
  });

  test('a long subject is cut to what a record holds, at a character boundary', () => {
    const cut = fitSubject('€'.repeat(100));
    assert.equal(cut, '€'.repeat(53), '53 three-byte characters fit in 160 bytes');
    assert.equal(fitSubject('short'), 'short');
  });

  test('a newcomer joins the focus with the most free places, and none when all are full', () => {
    const record = { conference: conference.publicKey, seq: 1, subject: '', foci: [{ ...focus(1), load: 150 }, { ...focus(2, 0, 'secondary'), capacity: 100, load: 20 }] };
    assert.equal(chooseFocus(record)?.deviceKey[0], 2, '80 free beat 50 free');
    assert.equal(chooseFocus({ ...record, foci: record.foci.map((entry) => ({ ...entry, load: entry.capacity })) }), undefined);
  });
});
