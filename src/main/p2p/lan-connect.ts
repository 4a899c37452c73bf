import type HyperDHT from 'hyperdht';
import type { NoiseSecretStream } from 'hyperdht';
import { systemClock, type Clock } from '../clock.js';
import type { KeyPair } from '../identity/identity-key-pair.js';
import { signDeviceBinding } from './lan-announcement.js';
import { LanDiscovery, type LanPeer } from './lan-discovery.js';
import { MulticastLanMedium, type MulticastLanMediumOptions } from './lan-multicast-medium.js';

/**
 * Calls on a LAN with no bootstrap node reachable: how a discovered device is reached.
 *
 * HyperDHT connects by key in two steps: find DHT nodes near hash(key) that relay the Noise
 * handshake to the server, then hole-punch. With no bootstrap there are no such nodes, but the
 * server's own DHT node is one: a PEER_HANDSHAKE for a key it listens on is answered by the
 * server itself (hyperdht lib/router.js `onpeerhandshake`, isServer, FROM_CLIENT → REPLY), and a
 * reply that did not go through a relay makes both sides open the UDX stream straight to each
 * other's address (connect.js `!relayed`, server.js `direct`). `connect(key, { relayAddresses })`
 * sends that handshake to addresses we name (the same list `hyperdht-address` encodes into a
 * key). So a LAN announcement carries the device key and its DHT node's port, and dialling is
 * `dht.connect(deviceKey, { relayAddresses: [that address] })`.
 *
 * Why this and not the alternatives:
 * - A tiny DHT of the LAN nodes (`addNode` each other) would not answer lookups: an ephemeral
 *   node answers PEER_HANDSHAKE but not FIND_PEER/LOOKUP/ANNOUNCE (hyperdht index.js
 *   `onrequest`: those need the record store and a node id), and a node turns persistent only
 *   after ~20 minutes of stable NAT sampling (dht-rpc STABLE_TICKS). Forcing `ephemeral: false`
 *   would make every laptop a DHT server on the public network once it is online again.
 * - Our own UDX + secret-stream handshake would duplicate HyperDHT's, bypass the server's
 *   firewall hook ("buddies only") and need a second listening socket.
 * This path gives the very NoiseSecretStream a DHT connection gives, reaches the one server the
 * device already listens with, runs that server's firewall, and also works when the DHT is
 * online (`connect` still runs its own lookup alongside). Measured on loopback: the
 * stream opens in about 10 ms; an address where nobody answers fails with PEER_NOT_FOUND after
 * about 8 s.
 */
export function connectOverLan(dht: HyperDHT, peer: LanPeer, keyPair?: KeyPair): NoiseSecretStream {
  return dht.connect(peer.deviceKey, {
    relayAddresses: peer.addresses.map((address) => ({ host: address.host, port: address.port })),
    ...(keyPair ? { keyPair: { publicKey: keyPair.publicKey, secretKey: keyPair.secretKey } } : {}),
  });
}

/** The port to announce: where this node's DHT server socket takes handshakes; null before bind. */
export function lanDhtPort(dht: HyperDHT): number | null {
  if (dht.destroyed) return null;
  return dht.localAddress()?.port ?? null;
}

export interface StartLanDiscoveryOptions {
  /** The node whose server listens with `device` (`dht.createServer().listen(device)`). */
  dht: HyperDHT;
  identity: KeyPair;
  device: KeyPair;
  /**
   * Group, port and interfaces of the multicast medium. A DHT bound to 127.0.0.1 (a loopback
   * private network) is reachable from this host only: pass `interfaces: () => ['127.0.0.1']`.
   */
  medium?: MulticastLanMediumOptions;
  clock?: Clock;
}

/** Binds the DHT node (so its port is known), opens the multicast medium and starts announcing. */
export async function startLanDiscovery(options: StartLanDiscoveryOptions): Promise<LanDiscovery> {
  const { dht, identity, device } = options;
  await dht.bind();
  const medium = await MulticastLanMedium.open(options.medium);
  const discovery = new LanDiscovery({
    medium,
    identityKey: identity.publicKey,
    deviceBinding: signDeviceBinding(identity, device.publicKey),
    device,
    dhtPort: () => lanDhtPort(dht),
    clock: options.clock ?? systemClock,
  });
  discovery.start();
  return discovery;
}
