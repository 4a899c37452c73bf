import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../../../src/main/clock.js';
import { type SipRequest } from '../../../../src/main/sip/message/index.js';
import { createTransportLayer, seededRandom, type TransportLayer, type TransportStatName } from '../../../../src/main/sip/transport/index.js';
import { eventually, inbox, LOOPBACK, rawOptions, RawTcp, RawUdp } from './transport-test-kit.js';

const random = seededRandom(20_260_101);
const randomInt = (below: number): number => Math.floor(random() * below);

function garbage(length: number): Buffer {
  return Buffer.from(Array.from({ length }, () => randomInt(256)));
}

/** A valid OPTIONS with random bytes changed after its Via, so any answer still comes back to us. */
function mutated(port: number): Buffer {
  const message = rawOptions(`SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKfuzz`, [], 'body');
  const viaEnd = message.indexOf('\r\n', message.indexOf('Via:'));
  for (let i = 0, n = 1 + randomInt(8); i < n; i++) message[viaEnd + randomInt(message.length - viaEnd)] = randomInt(256);
  return message;
}

/** Every way a datagram can end up; each one is counted exactly once. */
const OUTCOMES: TransportStatName[] = ['requestsReceived', 'responsesReceived', 'rejectedAnswered', 'droppedUnparseable', 'droppedSentByMismatch', 'keepAlivesIgnored'];

describe('hostile input never stops the transport', () => {
  let layer: TransportLayer;

  before(async () => {
    layer = await createTransportLayer({ clock: systemClock, udp: { host: LOOPBACK, port: 0 }, tcp: { host: LOOPBACK, port: 0 } });
  });

  after(async () => {
    await layer.close();
  });

  test('over UDP: 600 garbage and mutated datagrams, each accounted for, then a valid OPTIONS is delivered', async () => {
    const raw = await RawUdp.open();
    const port = layer.localAddress('UDP')?.port ?? 0;
    try {
      const requests = inbox<SipRequest>((l) => layer.onRequest(l));
      const total = (): number => OUTCOMES.reduce((sum, name) => sum + layer.stats.get(name), 0);
      // In batches, so the kernel's receive buffer never overflows and every datagram is counted.
      for (let batch = 1; batch <= 30; batch++) {
        for (let i = 0; i < 10; i++) {
          await raw.send(garbage(1 + randomInt(1400)), port);
          await raw.send(mutated(raw.port), port);
        }
        await eventually(() => total() === batch * 20, `batch ${batch} to be handled: ${JSON.stringify(layer.stats.snapshot())}`);
      }
      assert.equal(layer.stats.get('internalErrors'), 0);
      await raw.send(rawOptions(`SIP/2.0/UDP 127.0.0.1:${raw.port};branch=z9hG4bKafterfuzz`), port);
      await eventually(() => requests.items.some((r) => r.core.vias[0]?.branch === 'z9hG4bKafterfuzz'), 'the valid OPTIONS after the garbage');
    } finally {
      await raw.close();
    }
  });

  test('over TCP: garbage on 40 connections, then a valid OPTIONS on a new one is delivered', async () => {
    const port = layer.localAddress('TCP')?.port ?? 0;
    const requests = inbox<SipRequest>((l) => layer.onRequest(l));
    for (let i = 0; i < 40; i++) {
      const client = await RawTcp.connect(port);
      for (let chunk = 0; chunk < 5 && !client.socket.destroyed; chunk++) {
        await client.write(i % 2 === 0 ? garbage(1 + randomInt(3000)) : mutated(5060)).catch(() => undefined);
      }
      client.destroy();
    }
    const client = await RawTcp.connect(port);
    try {
      await client.write(rawOptions('SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKtcpafterfuzz'));
      await eventually(() => requests.items.some((r) => r.core.vias[0]?.branch === 'z9hG4bKtcpafterfuzz'), 'the valid OPTIONS after the garbage');
      assert.equal(layer.stats.get('internalErrors'), 0);
    } finally {
      client.destroy();
    }
  });
});
