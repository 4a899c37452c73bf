import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runParley } from '../../helpers/parley-process.js';

describe('parley call: usage and refusals', () => {
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
    ['--data on a plain SIP call', ['call', 'sip:a@127.0.0.1:5060', '--data', '/tmp/x', '--play', 'x.wav'], /are for calls to Parley addresses/],
    ['a bad --relay key', ['call', 'sip:yoz5fcpujiwmd4nh1h9ubartx4d4zwy3oemdpwrogt83maocauwy@parley.invalid', '--relay', 'not-a-key'], /--relay takes/],
    ['a bad --relay key on serve', ['serve', '--relay', '1234'], /--relay takes/],
    ['a Parley address that names no identity', ['call', 'sip:nobody@parley.invalid'], /not a Parley address/],
    ['--sip on a Parley call', ['call', 'sip:yoz5fcpujiwmd4nh1h9ubartx4d4zwy3oemdpwrogt83maocauwy@parley.invalid', '--sip', '127.0.0.1:0'], /--sip is for plain SIP calls/],
  ];
  for (const [what, args, message] of misuse) {
    test(`exits 2 on ${what}, saying why`, () => {
      const result = runParley(args);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, message);
    });
  }

  test('without --play or --record and no audio device, it says so and exits 1', () => {
    // An ALSA without configuration has no device, whatever this machine has.
    const result = runParley(['call', 'sip:a@127.0.0.1:5060'], 20_000, { ALSA_CONFIG_PATH: '/nonexistent/alsa.conf' });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /no audio devices found/);
  });
});
