/**
 * Issue 3: under packet loss on UDP, calls still complete through retransmission. Two UA cores
 * on real UDP sockets on 127.0.0.1; the transport's loss seam drops 20% of what each side
 * sends, so every datagram crosses exactly one 20% loss (both sides losing inbound too would
 * compound to 44% a hop, where the RFC's seven INVITE transmissions are no longer enough). T1 is shortened to 50 ms so the RFC's schedule runs in real time
 * without making the suite slow (the schedule itself is tested on fake time elsewhere).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../../../src/main/clock.js';
import { createTransportLayer, DatagramLoss, seededRandom, type TransportLayer } from '../../../../src/main/sip/transport/index.js';
import { UserAgentCore, type InviteSession } from '../../../../src/main/sip/ua/index.js';

const TIMERS = { T1: 50, T2: 400, T4: 500 };
const CALLS = 20;

async function lossyUa(name: string, seed: number): Promise<{ ua: UserAgentCore; transport: TransportLayer; loss: DatagramLoss }> {
  const loss = new DatagramLoss({ lossRate: 0.2, random: seededRandom(seed), directions: ['outbound'] });
  const transport = await createTransportLayer({ clock: systemClock, udp: { host: '127.0.0.1', port: 0, loss } });
  const port = transport.localAddress('UDP')?.port;
  const ua = new UserAgentCore({ transport, aor: `sip:${name}@127.0.0.1:${port}`, timers: TIMERS });
  return { ua, transport, loss };
}

test(`${CALLS} calls over UDP losing 20% of datagrams each way all set up and tear down`, { timeout: 60_000 }, async () => {
  const alice = await lossyUa('alice', 7);
  const bob = await lossyUa('bob', 42);
  try {
    let answered = 0;
    bob.ua.onIncomingInvite((invite) => {
      answered++;
      invite.accept({ contentType: 'application/sdp', body: 'v=0\r\n' });
    });
    const bobPort = bob.transport.localAddress('UDP')?.port;
    const calls = Array.from({ length: CALLS }, async () => {
      const call = alice.ua.invite(`sip:bob@127.0.0.1:${bobPort}`, { content: { contentType: 'application/sdp', body: 'v=0\r\n' } });
      const session = await new Promise<InviteSession>((resolve, reject) => {
        call.onEstablished(resolve);
        call.onFailed((failure) => reject(new Error(`call failed with ${failure.status}`)));
      });
      const ended = new Promise((resolve) => session.onEnded(resolve));
      session.bye();
      await ended;
    });
    await Promise.all(calls);
    assert.equal(answered, CALLS, 'each INVITE reached Bob once (retransmissions absorbed by the transaction)');
    // The loss really happened: a few dozen datagrams went missing on each side.
    for (const side of [alice, bob]) {
      const stats = side.transport.stats.snapshot();
      assert.ok(stats.lostOutbound >= CALLS / 2, `lost ${stats.lostOutbound}`);
    }
  } finally {
    alice.ua.close();
    bob.ua.close();
    await alice.transport.close();
    await bob.transport.close();
  }
});
