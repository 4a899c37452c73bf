import type { KeyPair } from '../identity/identity-key-pair.js';
import { confirmedMutablePut, type MutableRecordDht, type MutableRecordError } from './confirmed-mutable-put.js';
import {
  decodeDeviceList,
  DeviceListError,
  encodeDeviceList,
  type DeviceEntry,
  type DeviceList,
  type DeviceListDecodeErrorCode,
  type DeviceListDecodeResult,
  type DeviceListErrorCode,
} from './device-list-record.js';
import { verifiedMutableGet, type VerifiedGetOptions } from './verified-mutable-get.js';

export type DeviceListReadErrorCode = DeviceListDecodeErrorCode | 'DEVICE_LIST_NOT_FOUND' | 'DEVICE_LIST_SEQ_MISMATCH' | 'DEVICE_LIST_DHT_FAILED';
/** Includes DeviceListErrorCode: a change that would not fit (a twelfth device with a long name) is a value too. */
export type DeviceListPublishErrorCode = DeviceListErrorCode | 'DEVICE_LIST_SEQ_CONFLICT' | 'DEVICE_LIST_NOT_STORED' | 'DEVICE_LIST_DHT_FAILED';

export type DeviceListRead =
  | { readonly ok: true; readonly list: DeviceList }
  | { readonly ok: false; readonly error: MutableRecordError<DeviceListReadErrorCode> };

export type DeviceListPublish =
  | { readonly ok: true; readonly list: DeviceList; readonly changed: boolean }
  | { readonly ok: false; readonly error: MutableRecordError<DeviceListPublishErrorCode | DeviceListReadErrorCode> };

/** What a change makes of the current list (null when the DHT has none): the new devices, or 'unchanged'. */
export type DeviceListChange = (current: DeviceList | null) => readonly DeviceEntry[] | 'unchanged';

export interface DeviceListStoreOptions {
  /** Read–change–put rounds before a seq conflict is given up (another device keeps winning). */
  maxAttempts?: number;
}

const DEFAULT_MAX_ATTEMPTS = 3;

const PUT_CODES = { dhtFailed: 'DEVICE_LIST_DHT_FAILED', notStored: 'DEVICE_LIST_NOT_STORED', seqConflict: 'DEVICE_LIST_SEQ_CONFLICT' } as const;
const READ_OPTIONS: VerifiedGetOptions<Extract<DeviceListDecodeResult, { ok: true }>, DeviceListReadErrorCode> = {
  codes: { dhtFailed: 'DEVICE_LIST_DHT_FAILED', notFound: 'DEVICE_LIST_NOT_FOUND', seqMismatch: 'DEVICE_LIST_SEQ_MISMATCH' },
  seqOf: (decoded) => decoded.list.seq,
  missing: 'a device list for this identity',
  recordName: 'the list',
};

/**
 * The identity's device list in the DHT: the mutable record under the identity key (HyperDHT
 * gives a key pair exactly one). A put is trusted only once a `latest` read shows it
 * (confirmedMutablePut). Every failure here is a value, including a list that cannot be signed
 * (too large, a bad name: the codes of DeviceListError).
 */
export class DeviceListStore {
  readonly #dht: MutableRecordDht;
  readonly #maxAttempts: number;

  constructor(dht: MutableRecordDht, options: DeviceListStoreOptions = {}) {
    this.#dht = dht;
    this.#maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }

  /** The latest verified list of `identity`. */
  read(identity: Uint8Array): Promise<DeviceListRead> {
    return verifiedMutableGet(this.#dht, identity, (value) => decodeDeviceList(value, identity), READ_OPTIONS);
  }

  /** Signs `content`, puts it with its seq and confirms the DHT now holds exactly it. */
  async publish(identity: KeyPair, content: { seq: number; devices: readonly DeviceEntry[] }): Promise<DeviceListPublish> {
    let value: Buffer;
    try {
      value = encodeDeviceList(identity, content);
    } catch (error) {
      if (error instanceof DeviceListError) return { ok: false, error: { code: error.code, reason: error.message } };
      throw error;
    }
    const put = await confirmedMutablePut(this.#dht, [{ keyPair: identity, value }], content.seq, { codes: PUT_CODES, recordName: () => 'the device list' });
    if (!put.ok) return put;
    return { ok: true, list: { identity: identity.publicKey, seq: content.seq, devices: content.devices }, changed: true };
  }

  /**
   * Read the latest list, apply `change`, put it as seq + 1, confirm; on a conflict (another
   * device published meanwhile) start again from what it published. `lastKnown` stands in for
   * a list the DHT has lost (every record expires after 48 hours without a refresh), so a
   * device that comes back does not publish a list of itself alone.
   */
  async update(identity: KeyPair, change: DeviceListChange, options: { lastKnown?: DeviceList } = {}): Promise<DeviceListPublish> {
    let last: DeviceListPublish | undefined;
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
      const read = await this.read(identity.publicKey);
      let current: DeviceList | null;
      if (read.ok) current = read.list;
      else if (read.error.code === 'DEVICE_LIST_NOT_FOUND') current = options.lastKnown ?? null;
      else return read;
      const changed = change(current);
      let devices: readonly DeviceEntry[];
      if (changed !== 'unchanged') devices = changed;
      else if (read.ok) return { ok: true, list: read.list, changed: false };
      else if (current) devices = current.devices; // the DHT lost it: publish what we knew
      else return read;
      last = await this.publish(identity, { seq: (current?.seq ?? 0) + 1, devices });
      if (last.ok || (last.error.code !== 'DEVICE_LIST_SEQ_CONFLICT' && last.error.code !== 'DEVICE_LIST_NOT_STORED')) return last;
    }
    return last ?? { ok: false, error: { code: 'DEVICE_LIST_SEQ_CONFLICT', reason: 'no attempt was made' } };
  }

  /** Adds (or renames) a device; nothing is published when the list already says the same. */
  addDevice(identity: KeyPair, device: DeviceEntry, options: { lastKnown?: DeviceList } = {}): Promise<DeviceListPublish> {
    return this.update(
      identity,
      (current) => {
        const devices = current?.devices ?? [];
        const existing = devices.find((entry) => entry.publicKey.equals(device.publicKey));
        if (existing && existing.name === device.name) return 'unchanged';
        if (existing) return devices.map((entry) => (entry === existing ? { ...existing, name: device.name } : entry));
        return [...devices, device];
      },
      options,
    );
  }

  /** Removes a device; nothing is published when the list does not name it. */
  removeDevice(identity: KeyPair, deviceKey: Uint8Array, options: { lastKnown?: DeviceList } = {}): Promise<DeviceListPublish> {
    return this.update(
      identity,
      (current) => {
        const devices = current?.devices ?? [];
        const kept = devices.filter((entry) => !entry.publicKey.equals(deviceKey));
        return kept.length === devices.length ? 'unchanged' : kept;
      },
      options,
    );
  }

  /**
   * Stores the latest list again, unchanged (same seq, same bytes: Ed25519 is deterministic),
   * so it outlives the 48-hour record lifetime; republishes `lastKnown` when the DHT lost it.
   */
  async keepAlive(identity: KeyPair, options: { lastKnown?: DeviceList } = {}): Promise<DeviceListPublish> {
    const read = await this.read(identity.publicKey);
    const list = read.ok ? read.list : read.error.code === 'DEVICE_LIST_NOT_FOUND' ? options.lastKnown : undefined;
    if (!list) return read.ok ? { ok: true, list: read.list, changed: false } : read;
    const published = await this.publish(identity, { seq: list.seq, devices: list.devices });
    return published.ok ? { ...published, changed: false } : published;
  }
}
