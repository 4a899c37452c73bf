import type { Clock, TimerHandle } from '../clock.js';
import { identityKeyOf } from '../identity/address-of-record.js';
import type { DeviceListStore } from '../p2p/device-list-store.js';
import type { Profile } from '../profile/profile.js';

/** Device lists change rarely (a device added or removed); a buddy's new device waits at most this long. */
const REFRESH_MS = 10 * 60_000;

/**
 * "Buddies only" (DESIGN.md, "Privacy"): with the setting on, HyperDHT's server firewall lets
 * only devices of the contacts (and of our own identity) connect, so a stranger never reaches
 * the SIP layer. The devices come from each contact's signed device list, read again on a
 * schedule and whenever the contacts change; `admits` answers from memory, as a firewall must.
 */
export class BuddyFirewall {
  readonly #profile: Profile;
  readonly #store: DeviceListStore;
  readonly #clock: Clock;
  readonly #onChange: () => void;
  /** Device keys (hex) by identity (hex), as last read. */
  #known = new Map<string, string[]>();
  #allowed = new Set<string>();
  #timer: TimerHandle | undefined;
  #stopped = false;

  constructor(options: { profile: Profile; store: DeviceListStore; clock: Clock; onChange: () => void }) {
    this.#profile = options.profile;
    this.#store = options.store;
    this.#clock = options.clock;
    this.#onChange = options.onChange;
  }

  get enabled(): boolean {
    return this.#profile.settings.buddiesOnly ?? false;
  }

  /** Whether a device may connect to us. */
  admits(deviceKey: Buffer): boolean {
    return !this.enabled || this.#allowed.has(deviceKey.toString('hex'));
  }

  start(): void {
    void this.refresh();
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
  }

  /** Reads every contact's device list again; connections the new set refuses are closed (`onChange`). */
  async refresh(): Promise<void> {
    this.#timer?.cancel();
    const identities = [this.#profile.identity.publicKey, ...this.#profile.contacts.contacts.flatMap((contact) => {
      const key = identityKeyOf(contact.uri);
      return key ? [Buffer.from(key)] : [];
    })];
    const reads = await Promise.all(identities.map(async (identity) => ({ identity: identity.toString('hex'), read: await this.#store.read(identity) })));
    if (this.#stopped) return;
    const known = new Map<string, string[]>();
    for (const { identity, read } of reads) {
      // A list that cannot be read now keeps the devices it had: a DHT hiccup does not lock buddies out.
      const devices = read.ok ? read.list.devices.map((device) => device.publicKey.toString('hex')) : (this.#known.get(identity) ?? []);
      known.set(identity, devices);
    }
    this.#known = known;
    this.#allowed = new Set([...known.values()].flat());
    this.#onChange();
    this.#timer = this.#clock.setTimer(REFRESH_MS, () => void this.refresh());
  }
}
