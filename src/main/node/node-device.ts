import { join } from 'node:path';
import { z } from 'zod';
import { systemClock, type Clock } from '../clock.js';
import type { KeyPair } from '../identity/identity-key-pair.js';
import type { DhtNode } from '../p2p/dht-node.js';
import { DeviceListKeeper } from '../p2p/device-list-keeper.js';
import { decodeDeviceList, encodeDeviceList, listsDevice, type DeviceList } from '../p2p/device-list-record.js';
import { DeviceListStore } from '../p2p/device-list-store.js';
import { Registration } from '../p2p/registration.js';
import { loadOrCreateDevice, type DeviceLoad } from '../profile/device-file.js';
import { readJsonFile, writeJsonFileAtomic } from '../profile/json-file.js';
import type { Profile } from '../profile/profile.js';

/** The device list as this device last saw it, to republish if the DHT lost it (records live 48 h). */
export const DEVICE_LIST_FILE = 'device-list.json';

const DeviceListFileSchema = z.object({
  format: z.literal('parley-device-list'),
  version: z.literal(1),
  /** The signed record, base64: verified again on every read. */
  record: z.string().max(4096),
});

/** How long a failed join (offline at first start) waits before it tries again. */
const JOIN_RETRY_MS = 60_000;

export interface NodeDeviceOptions {
  readonly profile: Profile;
  readonly dht: DhtNode;
  readonly clock?: Clock;
  readonly log?: (line: string) => void;
}

/**
 * This device as its identity's other devices and its callers see it: its key pair, its place
 * in the identity's signed device list (joined once, then kept stored), and its announcement on
 * the identity's topic while the node runs (the REGISTER of P2P SIP).
 */
export class NodeDevice {
  readonly keyPair: KeyPair;
  readonly name: string;
  readonly store: DeviceListStore;
  readonly #profile: Profile;
  readonly #dht: DhtNode;
  readonly #clock: Clock;
  readonly #log: (line: string) => void;
  readonly #keeper: DeviceListKeeper;
  readonly #registration: Registration;
  #retry: { cancel(): void } | undefined;
  #stopped = false;
  #markJoined: () => void = () => undefined;
  /** Resolves once the device is on its identity's list: callees accept its calls from then on. */
  readonly joined: Promise<void> = new Promise((resolve) => (this.#markJoined = resolve));

  private constructor(device: DeviceLoad, lastKnown: DeviceList | undefined, options: NodeDeviceOptions) {
    this.keyPair = device.keyPair;
    this.name = device.name;
    this.#profile = options.profile;
    this.#dht = options.dht;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log ?? (() => undefined);
    this.store = new DeviceListStore(options.dht.dht);
    this.#keeper = new DeviceListKeeper({ store: this.store, identity: options.profile.identity, clock: this.#clock, ...(lastKnown ? { lastKnown } : {}) });
    this.#registration = new Registration({ dht: options.dht.dht, identityPublicKey: options.profile.identity.publicKey, deviceKeyPair: device.keyPair, clock: this.#clock });
    this.#keeper.on('listRefreshed', ({ list }) => void this.#save(list));
    this.#keeper.on('refreshFailed', ({ code, reason }) => this.#log(`parley: keeping the device list stored failed (${code}): ${reason}`));
    this.#registration.on('announceFailed', (event) => this.#log(`parley: announcing this device failed: ${JSON.stringify(event)}`));
  }

  /** Loads (or creates) the device key; `start()` then joins the list and announces. */
  static async open(options: NodeDeviceOptions): Promise<NodeDevice> {
    const device = await loadOrCreateDevice(options.profile.dataDir);
    const lastKnown = await readLastKnown(options.profile);
    return new NodeDevice(device, lastKnown, options);
  }

  /** The signed record of the list this device last saw (as the DHT holds it), if any. */
  record(): Buffer | undefined {
    const list = this.#keeper.lastKnown;
    // Ed25519 signatures are deterministic: re-encoding gives the record the DHT holds.
    return list ? encodeDeviceList(this.#profile.identity, { seq: list.seq, devices: list.devices }) : undefined;
  }

  /** The list this device last saw, if any. */
  get lastKnown(): DeviceList | undefined {
    return this.#keeper.lastKnown;
  }

  /** Joins the device list (once: a list that names us is never republished by a restart), then announces. */
  start(): void {
    void this.#dht.ready().then(() => this.#join());
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#retry?.cancel();
    this.#keeper.stop();
    await this.#registration.stop().catch(() => false);
  }

  async #join(): Promise<void> {
    if (this.#stopped) return;
    const known = this.#keeper.lastKnown;
    // A device already on the list it last saw does not add itself again: that would undo a
    // removal made on another device (every device holds the identity key).
    if (!known || !listsDevice(known, this.keyPair.publicKey)) {
      const added = await this.store.addDevice(this.#profile.identity, { publicKey: this.keyPair.publicKey, name: this.name, addedAt: Date.now() }, known ? { lastKnown: known } : {});
      if (this.#stopped) return;
      if (!added.ok) {
        this.#log(`parley: could not add this device to the identity's device list (${added.error.code}): ${added.error.reason}; retrying`);
        this.#retry = this.#clock.setTimer(JOIN_RETRY_MS, () => void this.#join());
        return;
      }
      this.#keeper.remember(added.list);
      await this.#save(added.list);
    }
    this.#markJoined();
    this.#keeper.start();
    if (this.#registration.state === 'idle') this.#registration.start();
  }

  async #save(list: DeviceList): Promise<void> {
    try {
      const record = encodeDeviceList(this.#profile.identity, { seq: list.seq, devices: list.devices });
      await writeJsonFileAtomic(join(this.#profile.dataDir, DEVICE_LIST_FILE), { format: 'parley-device-list', version: 1, record: record.toString('base64') });
    } catch (error) {
      this.#log(`parley: cannot save the device list: ${(error as Error).message}`);
    }
  }
}

async function readLastKnown(profile: Profile): Promise<DeviceList | undefined> {
  const read = await readJsonFile(join(profile.dataDir, DEVICE_LIST_FILE), DeviceListFileSchema);
  if (read.status !== 'ok') return undefined;
  const decoded = decodeDeviceList(Buffer.from(read.value.record, 'base64'), profile.identity.publicKey);
  return decoded.ok ? decoded.list : undefined;
}
