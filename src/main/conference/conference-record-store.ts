import type { KeyPair } from '../identity/identity-key-pair.js';
import { confirmedMutablePut, type MutableRecordDht, type MutableRecordError } from '../p2p/confirmed-mutable-put.js';
import { verifiedMutableGet, type VerifiedGetOptions } from '../p2p/verified-mutable-get.js';
import { chooseFocus, ConferenceRecordError, decodeConferenceRecord, encodeConferenceRecord, type ConferenceRecord, type ConferenceRecordDecodeErrorCode, type ConferenceRecordDecodeResult, type FocusEntry } from './conference-record.js';

/** The part of HyperDHT the store uses; a test may pass a fake. */
export type ConferenceRecordDht = MutableRecordDht;

export type ConferenceRecordReadErrorCode = ConferenceRecordDecodeErrorCode | 'CONFERENCE_RECORD_NOT_FOUND' | 'CONFERENCE_RECORD_SEQ_MISMATCH' | 'CONFERENCE_RECORD_DHT_FAILED';
export type ConferenceRecordPublishErrorCode = ConferenceRecordError['code'] | 'CONFERENCE_RECORD_NOT_STORED' | 'CONFERENCE_RECORD_SEQ_CONFLICT' | 'CONFERENCE_RECORD_DHT_FAILED';

export type ConferenceRecordRead = { readonly ok: true; readonly record: ConferenceRecord } | { readonly ok: false; readonly error: MutableRecordError<ConferenceRecordReadErrorCode> };

export type ConferenceRecordPublish =
  | { readonly ok: true; readonly record: ConferenceRecord }
  | { readonly ok: false; readonly error: { readonly code: ConferenceRecordPublishErrorCode; readonly reason: string } };

const PUT_CODES = { dhtFailed: 'CONFERENCE_RECORD_DHT_FAILED', notStored: 'CONFERENCE_RECORD_NOT_STORED', seqConflict: 'CONFERENCE_RECORD_SEQ_CONFLICT' } as const;
const READ_OPTIONS: VerifiedGetOptions<Extract<ConferenceRecordDecodeResult, { ok: true }>, ConferenceRecordReadErrorCode> = {
  codes: { dhtFailed: 'CONFERENCE_RECORD_DHT_FAILED', notFound: 'CONFERENCE_RECORD_NOT_FOUND', seqMismatch: 'CONFERENCE_RECORD_SEQ_MISMATCH' },
  seqOf: (decoded) => decoded.record.seq,
  missing: 'a record for this conference',
  recordName: 'the record',
};

/**
 * The conference record in the DHT: HyperDHT's mutable record under the conference key, read,
 * put and confirmed as the device list is (p2p/verified-mutable-get.ts, confirmed-mutable-put.ts).
 * Only the focus holding the conference key publishes; anyone with the URI reads. Failures are
 * values.
 */
export class ConferenceRecordStore {
  readonly #dht: ConferenceRecordDht;

  constructor(dht: ConferenceRecordDht) {
    this.#dht = dht;
  }

  /** The latest verified record of `conference`. */
  read(conference: Uint8Array): Promise<ConferenceRecordRead> {
    return verifiedMutableGet(this.#dht, conference, (value) => decodeConferenceRecord(value, conference), READ_OPTIONS);
  }

  /** Signs `content`, puts it with its seq and confirms the DHT holds exactly it (confirmedMutablePut). */
  async publish(conference: KeyPair, content: { seq: number; subject: string; foci: readonly FocusEntry[] }): Promise<ConferenceRecordPublish> {
    let value: Buffer;
    try {
      value = encodeConferenceRecord(conference, content);
    } catch (error) {
      if (error instanceof ConferenceRecordError) return { ok: false, error: { code: error.code, reason: error.message } };
      throw error;
    }
    const put = await confirmedMutablePut(this.#dht, [{ keyPair: conference, value }], content.seq, { codes: PUT_CODES, recordName: () => 'the conference record' });
    if (!put.ok) return { ok: false, error: { code: put.error.code, reason: put.error.reason } };
    return { ok: true, record: { conference: conference.publicKey, ...content } };
  }
}

export type FocusLookup =
  | { readonly ok: true; readonly focus: FocusEntry; readonly record: ConferenceRecord }
  | { readonly ok: false; readonly reason: string };

/** Where a newcomer joins (DESIGN.md: "look up the record, pick a focus"): the record's choice, or why there is none. */
export async function lookUpFocus(store: ConferenceRecordStore, conference: Uint8Array): Promise<FocusLookup> {
  const read = await store.read(conference);
  if (!read.ok) {
    const reason = read.error.code === 'CONFERENCE_RECORD_NOT_FOUND' ? 'no conference with this URI is running (its record is not in the DHT)' : `its record cannot be used (${read.error.code}: ${read.error.reason})`;
    return { ok: false, reason };
  }
  const focus = chooseFocus(read.record);
  return focus ? { ok: true, focus, record: read.record } : { ok: false, reason: 'the conference is full' };
}
