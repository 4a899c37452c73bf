import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RegisterOptions } from '../../../../src/main/sip/ua/index.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { FakeSipNetwork } from '../../../helpers/sip-ua-network.js';
import { runFor, uaOn } from '../../../helpers/sip-ua-peers.js';
import { FakeRegistrar, type FakeRegistrarOptions } from '../../../helpers/sip-ua-registrar.js';

function setup(registrarOptions: Partial<FakeRegistrarOptions> = {}) {
  const clock = new FakeClock();
  const net = new FakeSipNetwork({ clock });
  const registrar = new FakeRegistrar(net, { users: { alice: 'wonderland' }, ...registrarOptions });
  const { ua } = uaOn(net, clock, 'alice', '127.0.0.1', 3);
  const register = (options: Partial<RegisterOptions> = {}) => {
    const registration = ua.register({ registrar: registrar.uri, credentials: { username: 'alice', password: 'wonderland' }, expires: 600, ...options });
    const events: string[] = [];
    registration.onRegistered((r) => events.push(`registered ${r.expires}`));
    registration.onUnregistered(() => events.push('unregistered'));
    registration.onFailed((f) => events.push(`failed ${f.status}`));
    return { registration, events };
  };
  return { clock, net, registrar, ua, register };
}

describe('REGISTER with digest authentication (RFC 3261 §10.2, §22; RFC 8760)', () => {
  for (const algorithms of [['MD5'], ['SHA-256'], ['SHA-256', 'MD5']] as const) {
    test(`challenged with ${algorithms.join(' then ')}: one retry with credentials, then registered`, async () => {
      const { clock, registrar, register } = setup({ algorithms });
      const { registration, events } = register();
      await runFor(clock, 20);
      assert.deepEqual(events, ['registered 600']);
      assert.equal(registration.state, 'registered');
      assert.equal(registrar.requests.length, 2);
      const [first, second] = registrar.requests;
      assert.equal(first?.headers.has('Authorization'), false);
      assert.match(second?.headers.first('Authorization') ?? '', new RegExp(`algorithm=${algorithms[0]}, qop=auth, nc=00000001`));
      assert.equal(first?.headers.first('Call-ID'), second?.headers.first('Call-ID'), '§10.2: one Call-ID');
      assert.deepEqual([first, second].map((r) => r?.headers.first('CSeq')), ['1 REGISTER', '2 REGISTER']);
      assert.equal(first?.requestUri, 'sip:127.0.0.5');
      assert.equal(first?.headers.first('To'), '<sip:alice@127.0.0.1>');
      assert.equal(registrar.bindings.get('sip:alice@127.0.0.1')?.contact, 'sip:alice@127.0.0.1:5060');
    });
  }

  test('a Proxy-Authenticate challenge (407) is answered with Proxy-Authorization', async () => {
    const { clock, registrar, register } = setup({ proxy: true });
    const { events } = register();
    await runFor(clock, 20);
    assert.deepEqual(events, ['registered 600']);
    assert.equal(registrar.requests[1]?.headers.has('Proxy-Authorization'), true);
  });

  test('a wrong password: the second 401 is final; no third try', async () => {
    const { clock, registrar, register } = setup();
    const { registration, events } = register({ credentials: { username: 'alice', password: 'nope' } });
    await runFor(clock, 50);
    assert.deepEqual(events, ['failed 401']);
    assert.equal(registrar.requests.length, 2);
    assert.equal(registration.state, 'failed');
  });

  test('the grant in the 200 (our Contact’s expires) rules, and the refresh goes before it ends with the cached nonce', async () => {
    const { clock, registrar, register } = setup({ maxExpires: 120 });
    const { events } = register();
    await runFor(clock, 20);
    assert.deepEqual(events, ['registered 120']);
    clock.advance(87_000);
    assert.equal(registrar.requests.length, 2);
    clock.advance(2_000);
    assert.equal(registrar.requests.length, 3, 'refreshed 32 s before the 120 s grant ran out');
    assert.match(registrar.requests[2]?.headers.first('Authorization') ?? '', /nc=00000002/);
    assert.equal(registrar.requests[2]?.headers.first('CSeq'), '3 REGISTER');
  });

  test('423 Interval Too Brief: registers again with the Min-Expires', async () => {
    const { clock, registrar, register } = setup({ minExpires: 900 });
    const { events } = register({ expires: 60 });
    await runFor(clock, 20);
    assert.deepEqual(events, ['registered 900']);
    assert.equal(registrar.requests.at(-1)?.headers.first('Expires'), '900');
  });

  test('unregister sends Expires 0 and the binding goes', async () => {
    const { clock, registrar, register } = setup();
    const { registration, events } = register();
    await runFor(clock, 20);
    registration.unregister();
    await runFor(clock, 20);
    assert.deepEqual(events, ['registered 600', 'unregistered']);
    assert.equal(registrar.requests.at(-1)?.headers.first('Expires'), '0');
    assert.equal(registrar.bindings.size, 0);
  });
});
