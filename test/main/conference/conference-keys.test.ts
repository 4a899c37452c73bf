import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CONFERENCE_DOMAIN, conferenceKeyOf, conferenceKeyOfUser, conferenceUri, isConferenceUri } from '../../../src/main/conference/conference-address.js';
import { CONFERENCES_FILE, ConferenceKeys, MAX_KEPT_CONFERENCES } from '../../../src/main/conference/conference-keys.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('conference URIs', () => {
  test('a conference URI names its key, self-certifying, in a domain DNS never resolves', () => {
    const key = Buffer.alloc(32, 7);
    const uri = conferenceUri(key);
    assert.match(uri, new RegExp(`^sip:[a-km-uw-z13-9]{52}@${CONFERENCE_DOMAIN.replace(/\./g, '\\.')}$`));
    assert.deepEqual(conferenceKeyOf(uri), key);
    assert.deepEqual(conferenceKeyOf(`<${uri};transport=parley>`), key, 'in angle brackets, with parameters');
    assert.deepEqual(conferenceKeyOfUser(uri.slice(4, 56)), key, 'what a plain SIP phone dials as the user part');
  });

  test('anything else is not a conference URI', () => {
    for (const uri of ['sip:alice@parley.invalid', 'sip:abc@conference.parley.invalid', 'tel:+123', 'sip:@conference.parley.invalid', '', `sip:${'y'.repeat(52)}@example.com`]) {
      assert.equal(isConferenceUri(uri), false, uri);
    }
  });
});

describe('the conferences a profile hosts (conferences.json)', () => {
  test('a created conference is kept, readable by the owner only, and the latest is hosted again after a restart', async () => {
    const dir = await tempDir('parley-conference-keys');
    const keys = await ConferenceKeys.open(dir);
    assert.equal(keys.latest(), undefined);
    const first = await keys.create('Monday', 1);
    const second = await keys.create('Tuesday', 2);
    assert.equal(statSync(join(dir, CONFERENCES_FILE)).mode & 0o777, 0o600, 'the file holds secret keys');
    const reopened = await ConferenceKeys.open(dir);
    assert.deepEqual(reopened.latest()?.keyPair.publicKey, second.keyPair.publicKey, 'the same URI after a restart');
    await reopened.forget(second.keyPair.publicKey);
    assert.deepEqual((await ConferenceKeys.open(dir)).latest()?.keyPair.publicKey, first.keyPair.publicKey, 'an ended conference is forgotten');
  });

  test('only the newest are kept, and a damaged file is moved aside, not trusted', async () => {
    const dir = await tempDir('parley-conference-keys');
    const keys = await ConferenceKeys.open(dir);
    for (let i = 0; i < MAX_KEPT_CONFERENCES + 3; i++) await keys.create(`c${i}`, i);
    assert.equal((await ConferenceKeys.open(dir)).latest()?.subject, `c${MAX_KEPT_CONFERENCES + 2}`);
    writeFileSync(join(dir, CONFERENCES_FILE), '{"version":1,"conferences":[{"seed":"nothex"}]}');
    const lines: string[] = [];
    const damaged = await ConferenceKeys.open(dir, (line) => lines.push(line));
    assert.equal(damaged.latest(), undefined);
    assert.match(lines.join('\n'), /moved aside/);
    assert.ok(readdirSync(dir).some((name) => name.startsWith(`${CONFERENCES_FILE}.corrupt-`)));
  });
});
