import { confirmedMutablePut, type MutableRecordDht, type MutableRecordError } from './confirmed-mutable-put.js';
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
import { mapLimited } from './map-limited.js';

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

export type ContactListRead =
  | { readonly ok: true; readonly list: StoredContactList }
  | { readonly ok: false; readonly error: MutableRecordError<ContactListReadErrorCode> };

export type ContactListPublish =
  | { readonly ok: true; readonly list: StoredContactList }
  | { readonly ok: false; readonly error: MutableRecordError<ContactListPublishErrorCode> };

/** Queries at once: a 30-record list is not 60 simultaneous DHT queries. */
const DEFAULT_CONCURRENCY = 4;

const PUT_CODES = { dhtFailed: 'CONTACT_LIST_DHT_FAILED', notStored: 'CONTACT_LIST_NOT_STORED', seqConflict: 'CONTACT_LIST_SEQ_CONFLICT' } as const;

/**
 * The contact list backup in the DHT: a head record and its chunks, each a mutable record under
 * its own derived key pair, all with seq = the snapshot's savedAt. As with the device list, a
 * put is trusted only once a `latest` read shows it (confirmedMutablePut). Every failure is a value.
 */
export class ContactListStore {
  readonly #dht: MutableRecordDht;
  readonly #keys: ContactListKeys;
  readonly #concurrency: number;

  constructor(dht: MutableRecordDht, keys: ContactListKeys, options: { concurrency?: number } = {}) {
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
    const [head, ...chunks] = list.records.map((value, index) => ({ keyPair: this.#keys.recordKeyPair(index), value }));
    if (!head) return { ok: false, error: { code: 'CONTACT_LIST_FIELD_OUT_OF_RANGE', reason: 'no records' } };
    // The head first, so it is put last: a reader that finds it finds its chunks.
    const put = await confirmedMutablePut(this.#dht, [head, ...chunks], list.snapshot.savedAt, {
      codes: PUT_CODES,
      recordName: (index) => `record ${index} of the contact list`,
      concurrency: this.#concurrency,
    });
    return put.ok ? { ok: true, list } : put;
  }
}

function readFailure(code: ContactListReadErrorCode, reason: string, storedSeq?: number): ContactListRead {
  return { ok: false, error: { code, reason, ...(storedSeq === undefined ? {} : { storedSeq }) } };
}
