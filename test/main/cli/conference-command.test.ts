import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ParleyProcess, runParley, startPrivateDht } from '../../helpers/parley-process.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { middleToneRatio, writeToneWav } from '../../helpers/tone-files.js';

describe('parley conference: usage and refusals', () => {
  test('has help, and is listed in the program’s help', () => {
    const help = runParley(['conference', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: parley conference/);
    assert.match(runParley(['--help']).stdout, /\bconference\b/);
  });

  const misuse: Array<[string, string[], RegExp]> = [
    ['an empty --subject', ['conference', '--subject', ' '], /--subject takes/],
    ['a missing --play file', ['conference', '--play', '/nonexistent/x.wav'], /no such readable file/],
    ['an operand', ['conference', 'sip:x@conference.parley.invalid'], /./],
    ['a conference URI that names no key', ['call', 'sip:nobody@conference.parley.invalid'], /not a conference URI/],
  ];
  for (const [what, args, message] of misuse) {
    test(`exits 2 on ${what}, saying why`, () => {
      const result = runParley(args);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, message);
    });
  }
});

describe('parley conference hosts, parley call joins', () => {
  let dht: Awaited<ReturnType<typeof startPrivateDht>>;
  let dir = '';
  before(async () => {
    dht = await startPrivateDht(4);
    dir = await tempDir('parley-conference-cli');
  });
  after(() => dht?.process.stop());

  test('the host prints the URI; a caller joins with it and hears the host; a restarted host keeps the URI', { timeout: 120_000 }, async () => {
    const hostArgs = ['conference', '--data', join(dir, 'host'), '--bootstrap', dht.bootstrap, '--subject', 'CLI room', '--json'];
    let host = new ParleyProcess([...hostArgs, '--play', writeToneWav(join(dir, 'a440.wav'), 440, 30)]);
    try {
      const hosting = await host.waitFor((e) => e['event'] === 'conference', 30_000);
      const uri = String(hosting['uri']);
      assert.match(uri, /^sip:[a-km-uw-z13-9]{52}@conference\.parley\.invalid$/);
      const heard = join(dir, 'heard.wav');
      const call = runParley(['call', uri, '--data', join(dir, 'member'), '--bootstrap', dht.bootstrap, '--play', writeToneWav(join(dir, 'b1000.wav'), 1000, 5), '--record', heard, '--json'], 60_000);
      assert.equal(call.status, 0, call.stderr);
      assert.ok(middleToneRatio(heard, 440) >= 0.7, 'the member heard the host');
      assert.ok(middleToneRatio(heard, 1000) < 0.05, 'and not itself');
      await host.waitFor((e) => e['event'] === 'left', 10_000);
      await host.stop();
      host = new ParleyProcess(hostArgs);
      const again = await host.waitFor((e) => e['event'] === 'conference', 30_000);
      assert.equal(again['uri'], uri, 'the profile kept the conference key');
    } finally {
      await host.stop();
    }
  });
});
