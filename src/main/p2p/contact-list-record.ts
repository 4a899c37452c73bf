import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CodedError } from '../coded-error.js';
import { addressOfRecord, identityKeyOf } from '../identity/address-of-record.js';
import { decodeStrictUtf8 } from '../strict-utf8.js';
import type { ContactListKeys } from './contact-list-keys.js';

/**
 * The contact list backup (DESIGN.md, "Contact list on the network"): the list sealed with a key
 * only the identity's devices can derive, split over mutable DHT records. All integers big-endian.
 *
 * Plaintext (before sealing):
 *   format      u8     0 = the body as is, 1 = the body deflated (raw DEFLATE), when that is shorter
 *   body:
 *     count     u16    n
 *     n × contact:
 *       kind    u8     0 = a Parley address, stored as its identity key; 1 = any other URI, as text
 *       key     32 B   (kind 0)
 *       uriLen  u16    (kind 1) and the URI, UTF-8
 *       addedAt u48    milliseconds since the epoch
 *       nameLen u8     and the display name, UTF-8 (at most 64 UTF-16 units: ≤ 192 bytes)
 *
 * Sealed: nonce 12 B ‖ AES-256-GCM(plaintext) ‖ tag 16 B, with additional data
 * "parley/contact-list/v1\0" ‖ version u8 ‖ savedAt u48, so the head's savedAt cannot be changed.
 *
 * The sealed bytes are cut into records of at most MAX_CONTACT_RECORD_BYTES:
 *   head (record 0):   version u8 ‖ savedAt u48 ‖ records u8 ‖ sealedLength u16 ‖ SHA-256(sealed) 32 B ‖ first piece
 *   chunk (record i):  version u8 ‖ savedAt u48 ‖ index u8 ‖ next piece
 * The head carries the first piece itself, so a list of about 15 contacts is one record, one
 * get. The digest ties the chunks to their head: a chunk left over from another snapshot (a put
 * that was lost, a publish still under way) is told apart from a damaged or forged one.
 *
 * Why AES-256-GCM (node:crypto) and not XChaCha20-Poly1305: libsodium reaches us only as a
 * dependency of hyperdht, not one of ours. A random 96-bit nonce is safe here: one key seals
 * one snapshot per change of the list, far below the 2^32 messages GCM allows with random nonces.
 */
export interface BackedUpContact {
  readonly uri: string;
  readonly displayName: string;
  /** ISO 8601, as the profile keeps it; stored to the millisecond. */
  readonly addedAt: string;
}

export interface ContactListSnapshot {
  /** Milliseconds since the epoch (wall clock); also the seq of every record of the snapshot. */
  readonly savedAt: number;
  readonly contacts: readonly BackedUpContact[];
}

export interface ContactListHead {
  readonly savedAt: number;
  /** Head and chunks together, 1–MAX_CONTACT_LIST_RECORDS. */
  readonly recordCount: number;
}

export const CONTACT_LIST_VERSION = 1;
/** As the device list: HyperDHT records stay under about 1000 bytes, a mutable put adds its own frame. */
export const MAX_CONTACT_RECORD_BYTES = 900;
/**
 * A phone's address book, not an archive. A longer list is not backed up at all (a partial copy
 * would remove the rest from a device that restores it); it stays on this device.
 */
export const MAX_BACKED_UP_CONTACTS = 500;
/**
 * 64 records hold 57,054 sealed bytes. 500 Parley contacts take 21–23 records with everyday
 * names, 51 with 64-character names that do not deflate (measured); every record is one put and
 * one read, so the limit also bounds the cost of a publish.
 */
export const MAX_CONTACT_LIST_RECORDS = 64;
export const MAX_SAVED_AT = 2 ** 48 - 1;

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const DIGEST_BYTES = 32;
const HEAD_HEADER_BYTES = 1 + 6 + 1 + 2 + DIGEST_BYTES;
const CHUNK_HEADER_BYTES = 1 + 6 + 1;
const HEAD_PIECE_BYTES = MAX_CONTACT_RECORD_BYTES - HEAD_HEADER_BYTES;
const CHUNK_PIECE_BYTES = MAX_CONTACT_RECORD_BYTES - CHUNK_HEADER_BYTES;
const MAX_NAME_BYTES = 0xff;
const MAX_URI_BYTES = 0xffff;
/** Bounds inflating: 500 contacts of the longest URIs and names stay below it. */
const MAX_PLAINTEXT_BYTES = 2 * 1024 * 1024;
const KIND_PARLEY = 0;
const KIND_URI = 1;
const FORMAT_RAW = 0;
const FORMAT_DEFLATE = 1;
const SEAL_CONTEXT = Buffer.from('parley/contact-list/v1\0', 'utf8');

export type ContactListErrorCode = 'CONTACT_LIST_TOO_MANY' | 'CONTACT_LIST_TOO_LARGE' | 'CONTACT_LIST_FIELD_OUT_OF_RANGE';

/** A list we must not publish: too long, too large, or a field out of range. */
export class ContactListError extends CodedError<ContactListErrorCode> {
  constructor(code: ContactListErrorCode, message: string) {
    super('ContactListError', code, message);
  }
}

export type ContactListDecodeErrorCode =
  | 'CONTACT_LIST_TRUNCATED'
  | 'CONTACT_LIST_MALFORMED'
  | 'CONTACT_LIST_UNSUPPORTED_VERSION'
  | 'CONTACT_LIST_OVERSIZED'
  /** A chunk of another snapshot (savedAt or index differ): usually a publish still under way. */
  | 'CONTACT_LIST_CHUNK_MISMATCH'
  /** The pieces are not the bytes the head's digest names: damaged. */
  | 'CONTACT_LIST_DIGEST_MISMATCH'
  /** The seal does not open: another identity's list, or forged. */
  | 'CONTACT_LIST_BAD_SEAL';

export interface ContactListDecodeError {
  readonly code: ContactListDecodeErrorCode;
  readonly reason: string;
}

export type ContactListHeadResult = { readonly ok: true; readonly head: ContactListHead } | { readonly ok: false; readonly error: ContactListDecodeError };
export type ContactListDecodeResult = { readonly ok: true; readonly snapshot: ContactListSnapshot } | { readonly ok: false; readonly error: ContactListDecodeError };

/**
 * Seals and splits a snapshot into its records (index 0 is the head). Throws ContactListError
 * for a list we must not publish.
 */
export function encodeContactList(keys: ContactListKeys, snapshot: ContactListSnapshot): Buffer[] {
  checkRange('savedAt', snapshot.savedAt, 1, MAX_SAVED_AT);
  if (snapshot.contacts.length > MAX_BACKED_UP_CONTACTS) {
    throw new ContactListError('CONTACT_LIST_TOO_MANY', `${snapshot.contacts.length} contacts; the backup holds at most ${MAX_BACKED_UP_CONTACTS}`);
  }
  const body = encodeBody(snapshot);
  const deflated = deflateRawSync(body);
  const plaintext = deflated.length < body.length ? Buffer.concat([Buffer.of(FORMAT_DEFLATE), deflated]) : Buffer.concat([Buffer.of(FORMAT_RAW), body]);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.sealKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(snapshot.savedAt));
  const sealed = Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const recordCount = 1 + Math.ceil(Math.max(0, sealed.length - HEAD_PIECE_BYTES) / CHUNK_PIECE_BYTES);
  if (recordCount > MAX_CONTACT_LIST_RECORDS) {
    throw new ContactListError(
      'CONTACT_LIST_TOO_LARGE',
      `the sealed list takes ${sealed.length} bytes, ${recordCount} records; the backup holds at most ${MAX_CONTACT_LIST_RECORDS} (shorten names or URIs)`,
    );
  }
  const head = Buffer.alloc(HEAD_HEADER_BYTES);
  let at = head.writeUInt8(CONTACT_LIST_VERSION, 0);
  at = head.writeUIntBE(snapshot.savedAt, at, 6);
  at = head.writeUInt8(recordCount, at);
  at = head.writeUInt16BE(sealed.length, at);
  createHash('sha256').update(sealed).digest().copy(head, at);
  const records = [Buffer.concat([head, sealed.subarray(0, HEAD_PIECE_BYTES)])];
  for (let index = 1, from = HEAD_PIECE_BYTES; index < recordCount; index++, from += CHUNK_PIECE_BYTES) {
    const header = Buffer.alloc(CHUNK_HEADER_BYTES);
    header.writeUInt8(CONTACT_LIST_VERSION, 0);
    header.writeUIntBE(snapshot.savedAt, 1, 6);
    header.writeUInt8(index, 7);
    records.push(Buffer.concat([header, sealed.subarray(from, from + CHUNK_PIECE_BYTES)]));
  }
  return records;
}

/** What the head says, so a reader knows how many chunks to fetch. Never throws. */
export function decodeContactListHead(bytes: Uint8Array): ContactListHeadResult {
  const parsed = parseHead(bytes);
  return parsed.ok ? { ok: true, head: { savedAt: parsed.savedAt, recordCount: parsed.recordCount } } : parsed;
}

/**
 * The edge where DHT values become a contact list: the head and its chunks, in index order.
 * Accepted only when every piece is there, matches the head's digest and the seal opens with
 * this identity's key. Never throws for any input.
 */
export function decodeContactList(keys: ContactListKeys, records: readonly Uint8Array[]): ContactListDecodeResult {
  const [first, ...chunks] = records;
  if (!first) return failure('CONTACT_LIST_TRUNCATED', 'no head record');
  const head = parseHead(first);
  if (!head.ok) return head;
  if (records.length < head.recordCount) return failure('CONTACT_LIST_TRUNCATED', `${records.length} of ${head.recordCount} records`);
  if (records.length > head.recordCount) return failure('CONTACT_LIST_MALFORMED', `${records.length} records, the head names ${head.recordCount}`);
  const pieces = [head.piece];
  for (const [offset, chunk] of chunks.entries()) {
    const index = offset + 1;
    const input = asBuffer(chunk);
    if (input.length > MAX_CONTACT_RECORD_BYTES) return failure('CONTACT_LIST_OVERSIZED', `record ${index} has ${input.length} bytes`);
    if (input.length < 1) return failure('CONTACT_LIST_TRUNCATED', `record ${index} is empty`);
    const version = input.readUInt8(0);
    if (version !== CONTACT_LIST_VERSION) return failure('CONTACT_LIST_UNSUPPORTED_VERSION', `record ${index} has format ${version}, this Parley reads ${CONTACT_LIST_VERSION}`);
    if (input.length < CHUNK_HEADER_BYTES) return failure('CONTACT_LIST_TRUNCATED', `record ${index} is cut off`);
    const savedAt = input.readUIntBE(1, 6);
    const named = input.readUInt8(7);
    if (savedAt !== head.savedAt || named !== index) {
      return failure('CONTACT_LIST_CHUNK_MISMATCH', `record ${index} is record ${named} of the list saved at ${savedAt}, not of ${head.savedAt}`);
    }
    pieces.push(input.subarray(CHUNK_HEADER_BYTES));
  }
  const sealed = Buffer.concat(pieces);
  if (sealed.length < head.sealedLength) return failure('CONTACT_LIST_TRUNCATED', `${sealed.length} of ${head.sealedLength} sealed bytes`);
  if (sealed.length > head.sealedLength) return failure('CONTACT_LIST_MALFORMED', `${sealed.length - head.sealedLength} bytes more than the head names`);
  if (!createHash('sha256').update(sealed).digest().equals(head.digest)) return failure('CONTACT_LIST_DIGEST_MISMATCH', 'the pieces are not the ones the head names');
  const plaintext = open(keys, sealed, head.savedAt);
  if (!plaintext) return failure('CONTACT_LIST_BAD_SEAL', 'the seal does not open with this identity’s key');
  const body = unpack(plaintext);
  if (!body) return failure('CONTACT_LIST_MALFORMED', 'the sealed content is not a contact list');
  const contacts = parseBody(body);
  if (!contacts) return failure('CONTACT_LIST_MALFORMED', 'the sealed content is not a contact list');
  return { ok: true, snapshot: { savedAt: head.savedAt, contacts } };
}

function encodeBody(snapshot: ContactListSnapshot): Buffer {
  const parts: Buffer[] = [u16(snapshot.contacts.length)];
  for (const contact of snapshot.contacts) {
    const key = identityKeyOf(contact.uri);
    // Only the canonical spelling becomes a key: anything else is kept as written.
    if (key && addressOfRecord(key) === contact.uri) parts.push(Buffer.of(KIND_PARLEY), Buffer.from(key));
    else {
      const uri = Buffer.from(contact.uri, 'utf8');
      if (uri.length > MAX_URI_BYTES) throw new ContactListError('CONTACT_LIST_FIELD_OUT_OF_RANGE', `a URI of ${uri.length} bytes`);
      parts.push(Buffer.of(KIND_URI), u16(uri.length), uri);
    }
    const added = Date.parse(contact.addedAt);
    // An addedAt the profile cannot have written (not a date) is stored as the snapshot's time.
    parts.push(u48(Number.isFinite(added) && added >= 0 && added <= MAX_SAVED_AT ? added : snapshot.savedAt));
    const name = Buffer.from(contact.displayName, 'utf8');
    if (name.length > MAX_NAME_BYTES) throw new ContactListError('CONTACT_LIST_FIELD_OUT_OF_RANGE', `a display name of ${name.length} bytes`);
    parts.push(Buffer.of(name.length), name);
  }
  return Buffer.concat(parts);
}

type ParsedHead =
  | { ok: true; savedAt: number; recordCount: number; sealedLength: number; digest: Buffer; piece: Buffer }
  | { ok: false; error: ContactListDecodeError };

function parseHead(bytes: Uint8Array): ParsedHead {
  const input = asBuffer(bytes);
  if (input.length > MAX_CONTACT_RECORD_BYTES) return failure('CONTACT_LIST_OVERSIZED', `the head has ${input.length} bytes, more than ${MAX_CONTACT_RECORD_BYTES}`);
  if (input.length < 1) return failure('CONTACT_LIST_TRUNCATED', 'the head is empty');
  const version = input.readUInt8(0);
  if (version !== CONTACT_LIST_VERSION) return failure('CONTACT_LIST_UNSUPPORTED_VERSION', `format ${version}, this Parley reads ${CONTACT_LIST_VERSION}`);
  if (input.length < HEAD_HEADER_BYTES) return failure('CONTACT_LIST_TRUNCATED', `a head has at least ${HEAD_HEADER_BYTES} bytes`);
  const savedAt = input.readUIntBE(1, 6);
  const recordCount = input.readUInt8(7);
  const sealedLength = input.readUInt16BE(8);
  if (recordCount < 1 || recordCount > MAX_CONTACT_LIST_RECORDS) return failure('CONTACT_LIST_MALFORMED', `${recordCount} records`);
  if (savedAt < 1) return failure('CONTACT_LIST_MALFORMED', 'saved at time 0');
  if (sealedLength < NONCE_BYTES + TAG_BYTES + 1) return failure('CONTACT_LIST_MALFORMED', `${sealedLength} sealed bytes`);
  return { ok: true, savedAt, recordCount, sealedLength, digest: input.subarray(10, HEAD_HEADER_BYTES), piece: input.subarray(HEAD_HEADER_BYTES) };
}

function open(keys: ContactListKeys, sealed: Buffer, savedAt: number): Buffer | null {
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', keys.sealKey, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData(savedAt));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

function unpack(plaintext: Buffer): Buffer | null {
  const format = plaintext.readUInt8(0);
  const rest = plaintext.subarray(1);
  if (format === FORMAT_RAW) return rest;
  if (format !== FORMAT_DEFLATE) return null;
  try {
    return inflateRawSync(rest, { maxOutputLength: MAX_PLAINTEXT_BYTES });
  } catch {
    return null;
  }
}

/** Thrown by Reader past the end; caught in parseBody, never leaves this module. */
class Truncated extends Error {}

class Reader {
  readonly input: Buffer;
  #at = 0;

  constructor(input: Buffer) {
    this.input = input;
  }

  get done(): boolean {
    return this.#at === this.input.length;
  }

  bytes(length: number): Buffer {
    if (this.#at + length > this.input.length) throw new Truncated();
    const out = this.input.subarray(this.#at, this.#at + length);
    this.#at += length;
    return out;
  }

  u8(): number {
    return this.bytes(1).readUInt8(0);
  }

  u16(): number {
    return this.bytes(2).readUInt16BE(0);
  }

  u48(): number {
    return this.bytes(6).readUIntBE(0, 6);
  }
}

function parseBody(body: Buffer): BackedUpContact[] | null {
  const reader = new Reader(body);
  try {
    const count = reader.u16();
    const contacts: BackedUpContact[] = [];
    for (let i = 0; i < count; i++) {
      const kind = reader.u8();
      let uri: string | null;
      if (kind === KIND_PARLEY) uri = addressOfRecord(reader.bytes(KEY_BYTES));
      else if (kind === KIND_URI) uri = decodeStrictUtf8(reader.bytes(reader.u16()));
      else return null;
      const addedAt = new Date(reader.u48()).toISOString();
      const displayName = decodeStrictUtf8(reader.bytes(reader.u8()));
      if (uri === null || uri.length === 0 || displayName === null) return null;
      contacts.push({ uri, displayName, addedAt });
    }
    return reader.done ? contacts : null;
  } catch (error) {
    if (error instanceof Truncated) return null;
    throw error;
  }
}

function additionalData(savedAt: number): Buffer {
  return Buffer.concat([SEAL_CONTEXT, Buffer.of(CONTACT_LIST_VERSION), u48(savedAt)]);
}

function u16(value: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeUInt16BE(value, 0);
  return out;
}

function u48(value: number): Buffer {
  const out = Buffer.alloc(6);
  out.writeUIntBE(value, 0, 6);
  return out;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function checkRange(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ContactListError('CONTACT_LIST_FIELD_OUT_OF_RANGE', `${field} must be an integer from ${min} to ${max}, not ${value}`);
  }
}

function failure(code: ContactListDecodeErrorCode, reason: string): { ok: false; error: ContactListDecodeError } {
  return { ok: false, error: { code, reason } };
}
