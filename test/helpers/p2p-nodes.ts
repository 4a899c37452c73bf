import assert from 'node:assert/strict';
import type { CallEndpointEvents } from '../../src/main/call/call-endpoint.js';
import { systemClock } from '../../src/main/clock.js';
import type { ParleyNode } from '../../src/main/node/parley-node.js';
import { DeviceDirectory } from '../../src/main/p2p/device-directory.js';
import { nextEvent } from './next-event.js';

/** The next event of a node's P2P endpoint that matches, or a rejection after `ms`. */
export function nextCallEvent<E extends keyof CallEndpointEvents & string>(node: ParleyNode, name: E, match: (e: CallEndpointEvents[E]) => boolean = () => true, ms = 20_000): Promise<CallEndpointEvents[E]> {
  return nextEvent(node.p2p, name, match, ms);
}

/** Waits until a lookup of `node`'s identity finds `devices` devices: they have registered. */
export async function registered(node: ParleyNode, devices = 1, ms = 20_000): Promise<void> {
  const directory = new DeviceDirectory({ dht: node.dht.dht, clock: systemClock, cacheTtlMs: 0 });
  const deadline = Date.now() + ms;
  for (;;) {
    const lookup = await directory.lookup(node.profile.identity.publicKey, { fresh: true });
    if (lookup.ok && lookup.devices.length >= devices) return;
    if (Date.now() > deadline) assert.fail(`${node.uri} did not register ${devices} device(s) within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
