import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { runParley } from '../../helpers/parley-process.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** `parley identity export | import`: the same address on a second device, guarded by a passphrase. */
describe('parley identity', () => {
  let dir = '';
  let passphrase = '';
  before(async () => {
    dir = await tempDir('parley-identity');
    passphrase = join(dir, 'passphrase.txt');
    writeFileSync(passphrase, 'correct horse battery staple\n');
  });

  const whoami = (data: string): string => runParley(['whoami', '--data', data]).stdout.trim();

  test('a code exported on one profile makes another a device of the same address', () => {
    const laptop = join(dir, 'laptop');
    const exported = runParley(['identity', 'export', '--data', laptop, '--passphrase-file', passphrase, '--json']);
    assert.equal(exported.status, 0, exported.stderr);
    const { code } = JSON.parse(exported.stdout.trim()) as { code: string };
    assert.match(code, /^parley-identity-1:/);
    const phone = join(dir, 'phone');
    const imported = runParley(['identity', 'import', code, '--data', phone, '--passphrase-file', passphrase]);
    assert.equal(imported.status, 0, imported.stderr);
    assert.equal(whoami(phone), whoami(laptop));

    const wrongFile = join(dir, 'wrong.txt');
    writeFileSync(wrongFile, 'not the passphrase at all\n');
    const wrong = runParley(['identity', 'import', code, '--data', join(dir, 'tablet'), '--passphrase-file', wrongFile]);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /IDENTITY_CODE_WRONG_PASSPHRASE/);

    const other = join(dir, 'other');
    whoami(other); // a profile with an identity of its own
    const refused = runParley(['identity', 'import', code, '--data', other, '--passphrase-file', passphrase]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /PROFILE_HAS_OTHER_IDENTITY/);
    const replaced = runParley(['identity', 'import', code, '--data', other, '--passphrase-file', passphrase, '--replace']);
    assert.equal(replaced.status, 0, replaced.stderr);
    assert.equal(whoami(other), whoami(laptop));
  });

  test('refuses a short or missing passphrase and unknown actions, with exit 2', () => {
    const short = join(dir, 'short.txt');
    writeFileSync(short, '1234\n');
    assert.equal(runParley(['identity', 'export', '--data', join(dir, 'x'), '--passphrase-file', short]).status, 2);
    assert.equal(runParley(['identity', 'export', '--data', join(dir, 'x')]).status, 2, 'an empty pipe is no passphrase');
    const unknown = runParley(['identity', 'rotate']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /export or import/);
  });
});
