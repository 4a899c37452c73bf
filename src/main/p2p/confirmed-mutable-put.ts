import type HyperDHT from 'hyperdht';
import type { KeyPair } from '../identity/identity-key-pair.js';
import { mapLimited } from './map-limited.js';

/** The part of HyperDHT a store of mutable records uses; a test may pass a fake. */
export type MutableRecordDht = Pick<HyperDHT, 'mutablePut' | 'mutableGet'>;

/** A store's failure, as a value: a stable code, a sentence, and the seq a record holds when the failure is about one. */
export interface MutableRecordError<Code extends string> {
  readonly code: Code;
  readonly reason: string;
  readonly storedSeq?: number;
}

/** Each store names the ways a confirmed put fails with its own codes (DEVICE_LIST_…, CONTACT_LIST_…). */
export interface ConfirmedPutCodes<Code extends string> {
  /** The DHT failed the put or the read that confirms it. */
  readonly dhtFailed: Code;
  /** No close node holds the record at our seq (at most an older one): the put did not land. */
  readonly notStored: Code;
  /** A node holds a newer seq, or other bytes at ours: another device published meanwhile. */
  readonly seqConflict: Code;
}

export interface MutableRecordPut {
  readonly keyPair: KeyPair;
  readonly value: Buffer;
}

export interface ConfirmedPutOptions<Code extends string> {
  readonly codes: ConfirmedPutCodes<Code>;
  /** Names record `index` in a reason: "the device list", "record 3 of the contact list". */
  readonly recordName: (index: number) => string;
  /** Puts (and reads) under way at once; the first record is always put alone, last. */
  readonly concurrency?: number;
}

export type ConfirmedPut<Code extends string> = { readonly ok: true } | { readonly ok: false; readonly error: MutableRecordError<Code> };

/**
 * Puts `records` with one seq, the first last (a reader that finds it finds the others), and
 * trusts the put only once a `latest` read of every record shows exactly it: the nodes drop a
 * put whose seq is older than theirs without telling the writer (measured), and two devices of
 * one identity may race. The same seq and bytes put again are taken (Ed25519 is deterministic),
 * which is how a store keeps its records past the 48-hour lifetime.
 */
export async function confirmedMutablePut<Code extends string>(
  dht: MutableRecordDht,
  records: readonly [MutableRecordPut, ...MutableRecordPut[]],
  seq: number,
  options: ConfirmedPutOptions<Code>,
): Promise<ConfirmedPut<Code>> {
  const { codes, recordName, concurrency = 1 } = options;
  const [first, ...others] = records;
  try {
    await mapLimited(others, concurrency, ({ keyPair, value }) => dht.mutablePut(keyPair, value, { seq }));
    await dht.mutablePut(first.keyPair, first.value, { seq });
  } catch (error) {
    return { ok: false, error: { code: codes.dhtFailed, reason: (error as Error).message } };
  }
  let stored;
  try {
    stored = await mapLimited(records, concurrency, ({ keyPair }) => dht.mutableGet(keyPair.publicKey, { latest: true }));
  } catch (error) {
    return { ok: false, error: { code: codes.dhtFailed, reason: `the put could not be confirmed: ${(error as Error).message}` } };
  }
  for (const [index, { value }] of records.entries()) {
    const record = stored[index] ?? null;
    if (record === null || record.seq < seq) {
      return {
        ok: false,
        error: { code: codes.notStored, reason: `no close DHT node holds ${recordName(index)} at seq ${seq}`, ...(record ? { storedSeq: record.seq } : {}) },
      };
    }
    if (record.seq > seq || !record.value.equals(value)) {
      return {
        ok: false,
        error: { code: codes.seqConflict, reason: `the DHT holds another version of ${recordName(index)}: seq ${record.seq}, ours ${seq}`, storedSeq: record.seq },
      };
    }
  }
  return { ok: true };
}
