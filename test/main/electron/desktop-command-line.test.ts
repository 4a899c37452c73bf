import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDesktopCommandLine } from '../../../src/main/electron/desktop-command-line.js';

test('no options: the default data folder and no link', () => {
  assert.deepEqual(parseDesktopCommandLine(['/usr/bin/electron', '.'], '/home/me'), {
    ok: true,
    value: { dataDir: undefined, sipLink: undefined },
  });
});

test('--data DIR and --data=DIR are resolved against the working folder', () => {
  assert.deepEqual(parseDesktopCommandLine(['electron', '.', '--data', 'alice'], '/home/me'), {
    ok: true,
    value: { dataDir: '/home/me/alice', sipLink: undefined },
  });
  assert.deepEqual(parseDesktopCommandLine(['parley', '--data=/srv/bob'], '/home/me'), {
    ok: true,
    value: { dataDir: '/srv/bob', sipLink: undefined },
  });
});

test('a sip: link next to --data is found', () => {
  const result = parseDesktopCommandLine(['parley', '--data', '/tmp/p', 'sip:carol@example.com'], '/');
  assert.deepEqual(result, { ok: true, value: { dataDir: '/tmp/p', sipLink: 'sip:carol@example.com' } });
});

for (const argv of [['parley', '--data'], ['parley', '--data='], ['parley', '--data', '--inspect']]) {
  test(`${argv.slice(1).join(' ')} without a folder is an error that says what to write`, () => {
    const result = parseDesktopCommandLine(argv, '/');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.message, /--data needs a folder/);
  });
}
