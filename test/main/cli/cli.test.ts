import assert from 'node:assert/strict';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ParleyProcess, runParley, startPrivateDht } from '../../helpers/parley-process.js';
import { tempDir } from '../../helpers/temp-dir.js';

const URI = /^sip:[ybndrfg8ejkmcpqxot1uwisza345h769]{52}@parley\.invalid$/;

describe('parley usage', () => {
  test('prints help for the program and every command, exit 0', () => {
    const main = runParley(['--help']);
    assert.equal(main.status, 0);
    for (const command of ['demo', 'serve', 'whoami', 'bootstrap']) {
      assert.match(main.stdout, new RegExp(`\\b${command}\\b`));
      const help = runParley([command, '--help']);
      assert.equal(help.status, 0, command);
      assert.match(help.stdout, new RegExp(`^Usage: parley ${command}`));
    }
  });

  const misuse: Array<[string, string[], RegExp]> = [
    ['no command', [], /Usage: parley/],
    ['an unknown command', ['dance'], /unknown command 'dance'/],
    ['an unknown flag', ['whoami', '--colour'], /Unknown option '--colour'/],
    ['a flag without its value', ['serve', '--data'], /--data/],
    ['a stray argument', ['whoami', 'extra'], /extra/],
    ['a bad --bootstrap', ['serve', '--bootstrap', 'nowhere'], /'nowhere' is not HOST:PORT/],
    ['a bad --ui', ['serve', '--ui', '127.0.0.1:99999'], /no valid port/],
    ['a bad --nodes', ['bootstrap', '--nodes', 'many'], /--nodes takes a whole number/],
    ['a wildcard --host for bootstrap', ['bootstrap', '--host', '0.0.0.0'], /--host/],
  ];
  for (const [what, args, message] of misuse) {
    test(`exits 2 on ${what}, saying why`, () => {
      const result = runParley(args);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stdout + result.stderr, message);
    });
  }

  test('prints its version', () => {
    const result = runParley(['--version']);
    assert.equal(result.status, 0);
    assert.match(result.stdout.trim(), /^\d+\.\d+\.\d+$/);
  });
});

describe('parley whoami', () => {
  test('creates a profile once and prints the same URI every time', async () => {
    const data = await tempDir();
    const first = runParley(['whoami', '--data', data]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout.trim(), URI);
    assert.equal((await stat(join(data, 'identity.json'))).mode & 0o777, 0o600);
    const second = runParley(['whoami', '--data', data, '--json']);
    assert.equal(JSON.parse(second.stdout).uri, first.stdout.trim());
  });

  test('exits 1 with the reason when the identity is damaged', async () => {
    const data = await tempDir();
    runParley(['whoami', '--data', data]);
    await writeFile(join(data, 'identity.json'), '{"format":"parley-identity"');
    const result = runParley(['whoami', '--data', data]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /identity file .* is damaged/);
  });
});

describe('parley serve', () => {
  let dht: Awaited<ReturnType<typeof startPrivateDht>>;
  before(async () => {
    dht = await startPrivateDht(3);
  });
  after(() => dht.process.stop());

  test('comes online, and whoami prints the URI it announced, before and after a restart', async () => {
    const data = await tempDir();
    const serve = new ParleyProcess(['serve', '--data', data, '--bootstrap', dht.bootstrap, '--ui', '127.0.0.1:0', '--json']);
    let uri: string;
    try {
      const ready = await serve.waitFor((e) => e['event'] === 'ready');
      uri = String(ready['uri']);
      assert.match(uri, URI);
      assert.match(String(ready['ui']), /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
      const online = await serve.waitFor((e) => e['event'] === 'network' && e['state'] === 'online');
      assert.ok(Number(online['peers']) > 0);
      assert.equal(runParley(['whoami', '--data', data]).stdout.trim(), uri, 'whoami works while serve runs');
    } finally {
      assert.equal(await serve.stop(), 0, 'a stop by signal is a clean exit');
    }
    assert.ok(serve.events.some((e) => e['event'] === 'stopped'));
    const again = new ParleyProcess(['serve', '--data', data, '--bootstrap', dht.bootstrap, '--ui', '127.0.0.1:0', '--json']);
    try {
      assert.equal((await again.waitFor((e) => e['event'] === 'ready'))['uri'], uri);
    } finally {
      await again.stop();
    }
  });

  test('serves the API only with its token', async () => {
    const data = await tempDir();
    const serve = new ParleyProcess(['serve', '--data', data, '--bootstrap', dht.bootstrap, '--ui', '127.0.0.1:0', '--json']);
    try {
      const ready = await serve.waitFor((e) => e['event'] === 'ready');
      const url = new URL(String(ready['ui']));
      const token = url.searchParams.get('token');
      const call = (headers: Record<string, string>) =>
        fetch(new URL('/api/getProfile', url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
      assert.equal((await call({})).status, 401);
      assert.equal((await call({ authorization: 'Bearer not-the-token' })).status, 401);
      const answered = await call({ authorization: `Bearer ${token}` });
      assert.equal(answered.status, 200);
      assert.equal(((await answered.json()) as { value: { uri: string } }).value.uri, ready['uri']);
    } finally {
      await serve.stop();
    }
  });

  test('refuses a second node on the same profile, naming the first', async () => {
    const data = await tempDir();
    const first = new ParleyProcess(['serve', '--data', data, '--bootstrap', dht.bootstrap, '--ui', '127.0.0.1:0', '--json']);
    try {
      await first.waitFor((e) => e['event'] === 'ready');
      const second = runParley(['serve', '--data', data, '--bootstrap', dht.bootstrap, '--ui', '127.0.0.1:0']);
      assert.equal(second.status, 1);
      assert.match(second.stderr, new RegExp(`in use by another Parley \\(process ${first.child.pid}\\)`));
    } finally {
      await first.stop();
    }
  });

  test('reports a corrupt settings file, moves it aside and keeps running', async () => {
    const data = await tempDir();
    runParley(['whoami', '--data', data]);
    await writeFile(join(data, 'settings.json'), 'not json at all');
    const serve = new ParleyProcess(['serve', '--data', data, '--bootstrap', dht.bootstrap, '--ui', '127.0.0.1:0', '--json']);
    try {
      await serve.waitFor((e) => e['event'] === 'ready');
      assert.match(serve.stderr, /settings\.json could not be read .* moved aside to .*settings\.json\.corrupt-/);
    } finally {
      await serve.stop();
    }
  });
});
