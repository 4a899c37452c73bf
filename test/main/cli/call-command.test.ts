import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { runParley } from '../../helpers/parley-process.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { writeToneWav } from '../../helpers/tone-files.js';

describe('parley call: usage and refusals', () => {
  let tone = '';
  before(async () => {
    tone = writeToneWav(join(await tempDir('parley-call-usage'), 'tone.wav'), 440, 0.5);
  });

  test('has help, and is listed in the program’s help', () => {
    const help = runParley(['call', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: parley call URI/);
    assert.match(runParley(['--help']).stdout, /\bcall\b/);
  });

  const misuse: Array<[string, string[], RegExp]> = [
    ['no URI', ['call', '--play', 'x.wav'], /which URI/],
    ['two URIs', ['call', 'sip:a@127.0.0.1', 'sip:b@127.0.0.1'], /one URI at a time/],
    ['a URI that is not sip:', ['call', 'mailto:a@b.c'], /not a sip: URI/],
    ['a host name (no DNS)', ['call', 'sip:alice@example.com'], /needs an IP address/],
    ['a bad --duration', ['call', 'sip:a@127.0.0.1:5060', '--duration', 'soon'], /--duration takes seconds/],
    ['bad --dtmf digits', ['call', 'sip:a@127.0.0.1:5060', '--dtmf', '12x'], /--dtmf takes/],
    ['a missing --play file', ['call', 'sip:a@127.0.0.1:5060', '--play', '/nonexistent/x.wav'], /no such readable file/],
    ['a --record folder that does not exist', ['call', 'sip:a@127.0.0.1:5060', '--record', '/nonexistent/x.wav'], /does not exist/],
    ['--play on serve without --sip', ['serve', '--play', 'x.wav'], /need --sip/],
  ];
  for (const [what, args, message] of misuse) {
    test(`exits 2 on ${what}, saying why`, () => {
      const result = runParley(args);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, message);
    });
  }

  test('a Parley address is refused with exit 1: P2P calls come in a later version', () => {
    const result = runParley(['call', 'sip:yoz5fcpujiwmd4nh1h9ubartx4d4zwy3oemdpwrogt83maocauwy@parley.invalid', '--play', tone]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /P2P calls arrive in a later version/);
  });

  test('without --play or --record it says audio devices are not available yet, exit 1', () => {
    const result = runParley(['call', 'sip:a@127.0.0.1:5060']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /audio devices are not available yet/);
  });
});
