import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createTransportLayer, DEFAULT_TCP_IDLE_TIMEOUT_MS, type TransportLayer } from '../../../../src/main/sip/transport/index.js';
import { type SipRequest } from '../../../../src/main/sip/message/index.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { inbox, LOOPBACK, optionsRequest, type Queue } from './transport-test-kit.js';
import { type Inbound } from '../../../../src/main/sip/transport/index.js';

describe('TCP idle timeout on fake time (§18: kept open at least as long as a transaction)', () => {
  let clock: FakeClock;
  let a: TransportLayer;
  let b: TransportLayer;
  let requests: Queue<Inbound<SipRequest>>;

  async function send(): Promise<void> {
    const port = b.localAddress('TCP')?.port ?? 0;
    await a.sendRequest(optionsRequest({ transport: 'TCP', host: LOOPBACK, port: a.localAddress('TCP')?.port ?? 0 }), { protocol: 'TCP', host: LOOPBACK, port });
    await requests.next('the request at b');
  }

  beforeEach(async () => {
    clock = new FakeClock();
    a = await createTransportLayer({ clock, tcp: { host: LOOPBACK, port: 0 } });
    b = await createTransportLayer({ clock, tcp: { host: LOOPBACK, port: 0 } });
    requests = inbox<SipRequest>((l) => b.onRequest(l));
  });

  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  test('is 32 s (64·T1) by default', () => {
    assert.equal(DEFAULT_TCP_IDLE_TIMEOUT_MS, 32_000);
  });

  test('closes both ends 32 s after the last message, not before', async () => {
    await send();
    clock.advance(31_999);
    assert.equal(a.connectionCount('TCP'), 1);
    assert.equal(b.connectionCount('TCP'), 1);
    clock.advance(1);
    assert.equal(a.connectionCount('TCP'), 0);
    assert.equal(b.connectionCount('TCP'), 0);
    assert.equal(a.stats.get('connectionsIdleClosed'), 1);
    await send(); // a new connection opens
    assert.equal(a.connectionCount('TCP'), 1);
  });

  test('every message restarts the wait', async () => {
    await send();
    clock.advance(20_000);
    await send();
    assert.equal(a.connectionCount('TCP'), 1, 'the second request reused the connection');
    clock.advance(20_000);
    assert.equal(a.connectionCount('TCP'), 1);
    clock.advance(12_000);
    assert.equal(a.connectionCount('TCP'), 0);
  });
});

describe('TCP idle timeout as an option', () => {
  test('a shorter timeout closes sooner', async () => {
    const clock = new FakeClock();
    const a = await createTransportLayer({ clock, tcp: { host: LOOPBACK, port: 0, idleTimeoutMs: 5_000 } });
    const b = await createTransportLayer({ clock, tcp: { host: LOOPBACK, port: 0 } });
    try {
      const requests = inbox<SipRequest>((l) => b.onRequest(l));
      await a.sendRequest(optionsRequest({ transport: 'TCP', host: LOOPBACK, port: 1 }), { protocol: 'TCP', host: LOOPBACK, port: b.localAddress('TCP')?.port ?? 0 });
      await requests.next('the request');
      clock.advance(5_000);
      assert.equal(a.connectionCount('TCP'), 0);
      assert.equal(b.connectionCount('TCP'), 1, 'b keeps its default');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
