import type HyperDHT from 'hyperdht';
import type { ContactListKeys } from './contact-list-keys.js';
import {
  ContactListError,
  decodeContactList,
  decodeContactListHead,
  encodeContactList,
  type ContactListDecodeErrorCode,
  type ContactListErrorCode,
  type ContactListSnapshot,
} from './contact-list-record.js';

/** The part of HyperDHT the store uses; a test may pass a fake. */
export type ContactListDht = Pick<HyperDHT, 'mutablePut' | 'mutableGet'>;

/** A snapshot with the records that hold it, as stored: re-put unchanged, they stay alive. */
export interface StoredContactList {
  readonly snapshot: ContactListSnapshot;
  /** Index 0 is the head; every record has seq = snapshot.savedAt. */
  readonly records: readonly Buffer[];
}

export type ContactListReadErrorCode =
  | ContactListDecodeErrorCode
  | 'CONTACT_LIST_NOT_FOUND'
  /** The head names a chunk no node holds (lost, or its put has not arrived yet). */
  | 'CONTACT_LIST_CHUNK_MISSING'
  | 'CONTACT_LIST_SEQ_MISMATCH'
  | 'CONTACT_LIST_DHT_FAILED';
/** Includes ContactListErrorCode: a list too long to back up is a value too. */
export type ContactListPublishErrorCode = ContactListErrorCode | 'CONTACT_LIST_SEQ_CONFLICT' | 'CONTACT_LIST_NOT_STORED' | 'CONTACT_LIST_DHT_FAILED';

export interface ContactListStoreError<Code extends string> {
  readonly code: Code;
  readonly reason: string;
  /** The seq a record holds, when the failure is about one. */
  readonly storedSeq?: number;
}

export type ContactListRead =
  | { readonly ok: true; readonly list: StoredContactList }
  | { readonly ok: false; readonly error: ContactListStoreError<ContactListReadErrorCode> };

export type ContactListPublish =
  | { readonly ok: true; readonly list: StoredContactList }
  | { readonly ok: false; readonly error: ContactListStoreError<ContactListPublishErrorCode> };

/** Queries at once: a 30-record list is not 60 simultaneous DHT queries. */
const DEFAULT_CONCURRENCY = 4;

/**
 * The contact list backup in the DHT: a head record and its chunks, each a mutable record under
 * its own derived key pair, all with seq = the snapshot's savedAt. As with the device list, a
 * put is trusted only once a `latest` read shows it: nodes drop an older seq without a word.
 * Every failure is a value.
 */
export class ContactListStore {
  readonly #dht: ContactListDht;
  readonly #keys: ContactListKeys;
  readonly #concurrency: number;

  constructor(dht: ContactListDht, keys: ContactListKeys, options: { concurrency?: number } = {}) {
    this.#dht = dht;
    this.#keys = keys;
    this.#concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  }

  /** The latest snapshot, verified: head, then its chunks at the head's seq. */
  async read(): Promise<ContactListRead> {
    let head;
    try {
      head = await this.#dht.mutableGet(this.#keys.recordKeyPair(0).publicKey, { latest: true });
    } catch (error) {
      return readFailure('CONTACT_LIST_DHT_FAILED', (error as Error).message);
    }
    if (head === null) return readFailure('CONTACT_LIST_NOT_FOUND', 'no DHT node holds a contact list of this identity');
    const parsed = decodeContactListHead(head.value);
    if (!parsed.ok) return { ok: false, error: { ...parsed.error, storedSeq: head.seq } };
    const { savedAt, recordCount } = parsed.head;
    if (head.seq !== savedAt) return readFailure('CONTACT_LIST_SEQ_MISMATCH', `the head says ${savedAt}, its record seq ${head.seq}`, head.seq);
    const indexes = Array.from({ length: recordCount - 1 }, (_, i) => i + 1);
    let chunks;
    try {
      chunks = await mapLimited(indexes, this.#concurrency, (index) => this.#dht.mutableGet(this.#keys.recordKeyPair(index).publicKey, { seq: savedAt, latest: false }));
    } catch (error) {
      return readFailure('CONTACT_LIST_DHT_FAILED', (error as Error).message);
    }
    const values = [head.value];
    for (const [offset, chunk] of chunks.entries()) {
      if (chunk === null) return readFailure('CONTACT_LIST_CHUNK_MISSING', `no DHT node holds record ${offset + 1} of ${recordCount}`);
      // A newer chunk than its head: another device is publishing right now.
      if (chunk.seq !== savedAt) return readFailure('CONTACT_LIST_CHUNK_MISMATCH', `record ${offset + 1} has seq ${chunk.seq}, its head ${savedAt}`, chunk.seq);
      values.push(chunk.value);
    }
    const decoded = decodeContactList(this.#keys, values);
    if (!decoded.ok) return { ok: false, error: { ...decoded.error, storedSeq: head.seq } };
    return { ok: true, list: { snapshot: decoded.snapshot, records: values } };
  }

  /** Verifies records kept elsewhere (the profile keeps the last snapshot it agreed on) as `read` verifies the DHT's. */
  verify(records: readonly Uint8Array[]): ContactListRead {
    const decoded = decodeContactList(this.#keys, records);
    if (!decoded.ok) return { ok: false, error: decoded.error };
    return { ok: true, list: { snapshot: decoded.snapshot, records: records.map((record) => Buffer.from(record)) } };
  }

  /** Seals `snapshot`, puts its records (the head last) and confirms the DHT holds exactly them. */
  async publish(snapshot: ContactListSnapshot): Promise<ContactListPublish> {
    let records: Buffer[];
    try {
      records = encodeContactList(this.#keys, snapshot);
    } catch (error) {
      if (error instanceof ContactListError) return { ok: false, error: { code: error.code, reason: error.message } };
      throw error;
    }
    return this.republish({ snapshot, records });
  }

  /**
   * Puts records as they are (same seq, same bytes: Ed25519 is deterministic, so the nodes take
   * them again), which restarts their 48-hour lifetime; then confirms.
   */
  async republish(list: StoredContactList): Promise<ContactListPublish> {
    const seq = list.snapshot.savedAt;
    const indexed = list.records.map((value, index) => ({ value, index }));
    const [head, ...chunks] = indexed;
    if (!head) return { ok: false, error: { code: 'CONTACT_LIST_FIELD_OUT_OF_RANGE', reason: 'no records' } };
    try {
      // The head last: a reader that finds it finds its chunks.
      await mapLimited(chunks, this.#concurrency, ({ value, index }) => this.#dht.mutablePut(this.#keys.recordKeyPair(index), value, { seq }));
      await this.#dht.mutablePut(this.#keys.recordKeyPair(0), head.value, { seq });
    } catch (error) {
      return { ok: false, error: { code: 'CONTACT_LIST_DHT_FAILED', reason: (error as Error).message } };
    }
    let stored;
    try {
      stored = await mapLimited(indexed, this.#concurrency, ({ index }) => this.#dht.mutableGet(this.#keys.recordKeyPair(index).publicKey, { latest: true }));
    } catch (error) {
      return { ok: false, error: { code: 'CONTACT_LIST_DHT_FAILED', reason: `the put could not be confirmed: ${(error as Error).message}` } };
    }
    for (const [index, record] of stored.entries()) {
      if (record === null || record.seq < seq) {
        return {
          ok: false,
          error: { code: 'CONTACT_LIST_NOT_STORED', reason: `no close DHT node holds record ${index} at seq ${seq}`, ...(record ? { storedSeq: record.seq } : {}) },
        };
      }
      if (record.seq > seq || !record.value.equals(indexed[index]?.value ?? Buffer.alloc(0))) {
        return {
          ok: false,
          error: { code: 'CONTACT_LIST_SEQ_CONFLICT', reason: `record ${index} holds another snapshot at seq ${record.seq} (ours: ${seq})`, storedSeq: record.seq },
        };
      }
    }
    return { ok: true, list };
  }
}

function readFailure(code: ContactListReadErrorCode, reason: string, storedSeq?: number): ContactListRead {
  return { ok: false, error: { code, reason, ...(storedSeq === undefined ? {} : { storedSeq }) } };
}

/** `map` over `items` with at most `limit` calls under way; results in order; the first rejection wins. */
async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
