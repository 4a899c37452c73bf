import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { systemClock } from '../../../../src/main/clock.js';
import { createTransportLayer, DatagramLoss, seededRandom } from '../../../../src/main/sip/transport/index.js';
import { eventually, LOOPBACK, optionsRequest } from './transport-test-kit.js';

/** How many of `count` draws from `seed` fall under `rate`: what the seam must drop. */
function expectedDrops(seed: number, rate: number, count: number): number {
  const random = seededRandom(seed);
  let drops = 0;
  for (let i = 0; i < count; i++) if (random() < rate) drops++;
  return drops;
}

async function exchange(options: { senderLoss?: DatagramLoss; receiverLoss?: DatagramLoss; count: number }) {
  const sender = await createTransportLayer({ clock: systemClock, udp: { host: LOOPBACK, port: 0, ...(options.senderLoss ? { loss: options.senderLoss } : {}) } });
  const receiver = await createTransportLayer({ clock: systemClock, udp: { host: LOOPBACK, port: 0, ...(options.receiverLoss ? { loss: options.receiverLoss } : {}) } });
  const port = receiver.localAddress('UDP')?.port ?? 0;
  for (let i = 0; i < options.count; i++) {
    await sender.sendRequest(optionsRequest({ transport: 'UDP', host: LOOPBACK, port: 1 }), { protocol: 'UDP', host: LOOPBACK, port });
  }
  return { sender, receiver };
}

describe('the UDP packet-loss seam', () => {
  test('drops exactly the outbound datagrams its seed says, and the rest arrive', async () => {
    const expected = expectedDrops(42, 0.3, 200);
    const { sender, receiver } = await exchange({ senderLoss: new DatagramLoss({ lossRate: 0.3, random: seededRandom(42), directions: ['outbound'] }), count: 200 });
    try {
      assert.equal(sender.stats.get('lostOutbound'), expected);
      assert.ok(expected > 30 && expected < 90, `about 30 % of 200, got ${expected}`);
      await eventually(() => receiver.stats.get('requestsReceived') === 200 - expected, 'the datagrams that were not dropped');
    } finally {
      await Promise.all([sender.close(), receiver.close()]);
    }
  });

  test('drops exactly the inbound datagrams its seed says', async () => {
    const expected = expectedDrops(7, 0.5, 100);
    const { sender, receiver } = await exchange({ receiverLoss: new DatagramLoss({ lossRate: 0.5, random: seededRandom(7), directions: ['inbound'] }), count: 100 });
    try {
      await eventually(() => receiver.stats.get('requestsReceived') + receiver.stats.get('lostInbound') === 100, 'every datagram to be handled');
      assert.equal(receiver.stats.get('lostInbound'), expected);
      assert.equal(sender.stats.get('lostOutbound'), 0);
    } finally {
      await Promise.all([sender.close(), receiver.close()]);
    }
  });
});
