/**
 * The SIP transport layer over peer connections, wired the way the core is meant to wire them:
 * every connection the connector opens (either direction) is attached once, on
 * connectionOpened, as PARLEY with host = the remote device key; a request goes out after
 * connector.connect() has made sure a connection exists.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../../src/main/clock.js';
import { generateSeed, keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import { PeerConnector } from '../../../src/main/p2p/peer-connector.js';
import { createResponse, type SipRequest, type SipResponse } from '../../../src/main/sip/message/index.js';
import { createTransportLayer, type TransportAddress, type TransportLayer } from '../../../src/main/sip/transport/index.js';
import { LocalTestnet } from '../../helpers/local-testnet.js';
import { eventually, inbox, optionsRequest, within } from '../sip/transport/transport-test-kit.js';

const parley = (keyHex: string): TransportAddress => ({ protocol: 'PARLEY', host: keyHex, port: 0 });

describe('SIP over peer connections', () => {
  let testnet: LocalTestnet;
  const closing: Array<() => Promise<void>> = [];

  async function device(name: string): Promise<{ connector: PeerConnector; sip: TransportLayer }> {
    const connector = new PeerConnector({ dht: await testnet.createNode(), keyPair: keyPairFromSeed(generateSeed()) });
    const sip = await createTransportLayer({ clock: systemClock, stream: { sentBy: { host: `${name}.parley.invalid`, port: 5060 } } });
    connector.on('connectionOpened', (connection) => {
      sip.attachStream(connection.sipStream, parley(connection.remoteDeviceKeyHex));
    });
    await connector.listen();
    closing.push(() => sip.close(), () => connector.close());
    return { connector, sip };
  }

  before(async () => {
    testnet = await LocalTestnet.start(10);
  });

  after(async () => {
    for (const close of closing.reverse()) await close().catch(() => undefined);
    await testnet.close();
  });

  test('a request reaches the device by its key, the response comes back, and a closed connection leaves the SIP pool', async () => {
    const alice = await device('alice');
    const bob = await device('bob');
    const requests = inbox<SipRequest>((listener) => bob.sip.onRequest(listener));
    const responses = inbox<SipResponse>((listener) => alice.sip.onResponse(listener));

    const connection = await within(alice.connector.connect(bob.connector.publicKey), 10_000, 'the connection');
    await alice.sip.sendRequest(optionsRequest({ transport: 'PARLEY', host: 'alice.parley.invalid', port: 5060 }), parley(connection.remoteDeviceKeyHex));
    const inbound = await requests.next('the OPTIONS at bob', 10_000);
    assert.equal(inbound.source.protocol, 'PARLEY');
    assert.equal(inbound.source.host, alice.connector.publicKey.toString('hex'), 'the source is the Noise-proven device key');
    await bob.sip.sendResponse(createResponse(inbound.message, 200), inbound.source);
    assert.equal((await responses.next('the 200 at alice', 10_000)).message.status, 200);
    assert.equal(alice.sip.connectionCount('PARLEY'), 1);
    assert.equal(bob.sip.connectionCount('PARLEY'), 1);

    connection.close();
    await eventually(() => alice.sip.connectionCount('PARLEY') === 0 && bob.sip.connectionCount('PARLEY') === 0, 'both SIP pools to drop the connection', 10_000);
  });
});
