import assert from 'node:assert/strict';
import { once } from 'node:events';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import type { Clock } from '../../../../src/main/clock.js';
import { createTransportLayer, type TransportLayer } from '../../../../src/main/sip/transport/index.js';
import { UserAgentCore } from '../../../../src/main/sip/ua/index.js';
import { SDP_ANSWER, SDP_OFFER } from '../../../helpers/sip-ua-peers.js';

/**
 * Real time whose timers do not hold the process open: transactions linger for Timer J, K, L
 * and M (up to 64*T1) after the call, and the test should not wait them out.
 */
const unrefClock: Clock = {
  now: () => performance.now(),
  setTimer(ms, callback) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

async function node(name: string): Promise<{ ua: UserAgentCore; transport: TransportLayer; port: number }> {
  const transport = await createTransportLayer({ clock: unrefClock, udp: { host: '127.0.0.1', port: 0 }, tcp: { host: '127.0.0.1', port: 0 } });
  const port = transport.localAddress('UDP')?.port ?? 0;
  return { ua: new UserAgentCore({ transport, clock: unrefClock, aor: `sip:${name}@127.0.0.1` }), transport, port };
}

/** Resolves when `register` calls back, or fails after `ms`: real sockets, bounded time. */
function within<T>(ms: number, register: (done: (value: T) => void) => void): Promise<T> {
  const events = new EventEmitter();
  register((value) => events.emit('done', value));
  return Promise.race([
    once(events, 'done').then(([value]) => value as T),
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no result within ${ms} ms`)), ms).unref()),
  ]);
}

describe('a call between two UA cores over real sockets on 127.0.0.1', () => {
  for (const protocol of ['UDP', 'TCP'] as const) {
    test(`${protocol}: INVITE, 200, ACK, then BYE ends both ends`, async () => {
      const alice = await node('alice');
      const bob = await node('bob');
      try {
        const bobEnded = within<string>(5_000, (done) =>
          bob.ua.onIncomingInvite((invite) => {
            invite.ring();
            const session = invite.accept(SDP_ANSWER);
            session.onAcknowledged(() => session.onEnded((e) => done(`${e.by} ${e.reason}`)));
          }),
        );
        const target = `sip:bob@127.0.0.1:${bob.port}${protocol === 'TCP' ? ';transport=tcp' : ''}`;
        const call = alice.ua.invite(target, { content: SDP_OFFER });
        const session = await within<NonNullable<typeof call.session>>(5_000, (done) => call.onEstablished(done));
        session.bye();
        assert.equal(await bobEnded, 'remote bye');
        const options = await alice.ua.options(target);
        assert.equal(options.status, 200);
      } finally {
        alice.ua.close();
        bob.ua.close();
        await Promise.all([alice.transport.close(), bob.transport.close()]);
      }
    });
  }
});
