import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { describe, test } from 'node:test';
import { isMediaSessionError } from '../../../../src/main/media/session/media-session-error.js';
import { RtpUdpTransport } from '../../../../src/main/media/session/rtp-udp-transport.js';
import { seededRandom } from '../../../../src/main/seeded-random.js';

const LOOPBACK = '127.0.0.1';
const tick = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('RtpUdpTransport', () => {
  test('sends to the remote, latches the port it answers from, and ignores strangers', async () => {
    const a = await RtpUdpTransport.open({ host: LOOPBACK });
    const peer = createSocket('udp4');
    const stranger = createSocket('udp4');
    await new Promise<void>((resolve) => peer.bind(0, LOOPBACK, resolve));
    await new Promise<void>((resolve) => stranger.bind(0, LOOPBACK, resolve));
    try {
      const got: number[] = [];
      a.on('datagram', ({ bytes }) => got.push(bytes[0] ?? -1));
      const atPeer: number[] = [];
      peer.on('message', (message) => atPeer.push(message[0] ?? -1));
      // The peer's SDP names a port it does not send from (NAT): the first packet latches it.
      a.setRemote({ address: LOOPBACK, port: 9 });
      peer.send(Uint8Array.of(1), a.localAddress.port, LOOPBACK);
      await tick();
      stranger.send(Uint8Array.of(2), a.localAddress.port, LOOPBACK); // same address, another port
      a.send(Uint8Array.of(3));
      await tick();
      assert.deepEqual(got, [1]);
      assert.deepEqual(atPeer, [3]);
      assert.equal(a.remote?.port, peer.address().port);
    } finally {
      peer.close();
      stranger.close();
      await a.close();
    }
  });

  test('drops a seeded share of what it sends', async () => {
    const a = await RtpUdpTransport.open({ host: LOOPBACK, remote: { address: LOOPBACK, port: 9 }, lossRate: 0.1, random: seededRandom(7) });
    for (let i = 0; i < 1000; i++) a.send(Uint8Array.of(0));
    await a.close();
    assert.ok(a.counters.dropped > 70 && a.counters.dropped < 130, `${a.counters.dropped} dropped`);
    assert.equal(a.counters.sent + a.counters.dropped, 1000);
  });

  test('a bad host or a taken port is MEDIA_TRANSPORT_FAILED', async () => {
    await assert.rejects(RtpUdpTransport.open({ host: 'localhost' }), (e) => isMediaSessionError(e, 'MEDIA_TRANSPORT_FAILED'));
    const a = await RtpUdpTransport.open({ host: LOOPBACK });
    await assert.rejects(RtpUdpTransport.open({ host: LOOPBACK, port: a.localAddress.port }), (e) => isMediaSessionError(e, 'MEDIA_TRANSPORT_FAILED'));
    await a.close();
  });
});
