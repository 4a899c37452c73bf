import { CodedError } from '../coded-error.js';
import type { KeyPair } from '../identity/identity-key-pair.js';
import { FRAME_HEAD_BYTES, SIGNATURE_BYTES, SignedRecordFrame, type FrameFault, type FrameProblem } from '../p2p/signed-record-frame.js';
import { decodeStrictUtf8 } from '../strict-utf8.js';

/**
 * The conference record (DESIGN.md, "Conference URI"): the value of the mutable DHT record
 * under the conference key, signed by it, saying where the conference is held — its foci, each
 * with the device to connect to, the identity that runs it, its capacity and its load. A member
 * reads it to join; a second focus (SDCON's secondary, authorised because the conference key
 * lists it) is one more entry, so the format does not change when the focus spreads. The
 * frame is the device list's (p2p/signed-record-frame.ts). All integers big-endian:
 *
 *   version     u8     1
 *   conference  32 B   the conference public key (a record of another conference is told apart)
 *   seq         u32    equals the DHT record's seq
 *   subjectLen  u8     0–160
 *   subject     UTF-8  a label for people, never trusted for routing
 *   count       u8     1–8 foci
 *   count × focus:
 *     device    32 B   the focus device's public key (its HyperDHT key pair: what a member connects to)
 *     identity  32 B   the identity that device speaks for (the host's address-of-record)
 *     role      u8     0 primary, 1 secondary
 *     capacity  u16    members it takes
 *     load      u16    members it holds now
 *   signature   64 B   Ed25519 by the conference key over "parley/conference/v1\0" ‖ everything above
 *
 * The frame takes 103 bytes, a focus 69: the longest subject and 8 foci take 815 bytes.
 */
export interface FocusEntry {
  readonly deviceKey: Buffer;
  readonly identity: Buffer;
  readonly role: 'primary' | 'secondary';
  readonly capacity: number;
  readonly load: number;
}

export interface ConferenceRecord {
  readonly conference: Buffer;
  readonly seq: number;
  readonly subject: string;
  readonly foci: readonly FocusEntry[];
}

export const CONFERENCE_RECORD_VERSION = 1;
/** As the device list (p2p/device-list-record.ts): HyperDHT values stay under ~1000 bytes with the put's own fields. */
export const MAX_CONFERENCE_RECORD_BYTES = 900;
export const MAX_SUBJECT_BYTES = 160;
export const MAX_FOCI = 8;
export const MAX_CONFERENCE_RECORD_SEQ = 0xffff_ffff;
const MAX_U16 = 0xffff;
const KEY_BYTES = 32;
const HEADER_BYTES = FRAME_HEAD_BYTES + 1;
const FOCUS_BYTES = KEY_BYTES + KEY_BYTES + 1 + 2 + 2;
const ROLES = ['primary', 'secondary'] as const;
const FRAME = new SignedRecordFrame({
  version: CONFERENCE_RECORD_VERSION,
  maxBytes: MAX_CONFERENCE_RECORD_BYTES,
  context: 'parley/conference/v1\0',
  noun: 'record',
  owner: 'conference',
  signer: 'the conference key',
});
const FRAME_ERRORS = {
  OVERSIZED: 'CONFERENCE_RECORD_OVERSIZED',
  TRUNCATED: 'CONFERENCE_RECORD_TRUNCATED',
  UNSUPPORTED_VERSION: 'CONFERENCE_RECORD_UNSUPPORTED_VERSION',
  MALFORMED: 'CONFERENCE_RECORD_MALFORMED',
  OTHER_SIGNER: 'CONFERENCE_RECORD_OTHER_CONFERENCE',
  BAD_SIGNATURE: 'CONFERENCE_RECORD_BAD_SIGNATURE',
} as const satisfies Record<FrameProblem, ConferenceRecordDecodeErrorCode>;

export type ConferenceRecordErrorCode = 'CONFERENCE_RECORD_FIELD_OUT_OF_RANGE' | 'CONFERENCE_RECORD_NO_FOCUS' | 'CONFERENCE_RECORD_TOO_MANY_FOCI';

/** A fault in a record we are about to sign. */
export class ConferenceRecordError extends CodedError<ConferenceRecordErrorCode> {
  constructor(code: ConferenceRecordErrorCode, message: string) {
    super('ConferenceRecordError', code, message);
  }
}

export type ConferenceRecordDecodeErrorCode =
  | 'CONFERENCE_RECORD_TRUNCATED'
  | 'CONFERENCE_RECORD_MALFORMED'
  | 'CONFERENCE_RECORD_UNSUPPORTED_VERSION'
  | 'CONFERENCE_RECORD_OVERSIZED'
  | 'CONFERENCE_RECORD_OTHER_CONFERENCE'
  | 'CONFERENCE_RECORD_BAD_SIGNATURE';

export type ConferenceRecordDecodeResult =
  | { readonly ok: true; readonly record: ConferenceRecord }
  | { readonly ok: false; readonly error: { readonly code: ConferenceRecordDecodeErrorCode; readonly reason: string } };

/** `subject` cut to what the record holds, at a character boundary. */
export function fitSubject(subject: string): string {
  let fitted = '';
  for (const char of subject) {
    if (Buffer.byteLength(fitted + char, 'utf8') > MAX_SUBJECT_BYTES) break;
    fitted += char;
  }
  return fitted;
}

/** Encodes and signs a record with the conference key pair. Throws ConferenceRecordError for one we must not publish. */
export function encodeConferenceRecord(conference: KeyPair, content: { seq: number; subject: string; foci: readonly FocusEntry[] }): Buffer {
  checkRange('seq', content.seq, MAX_CONFERENCE_RECORD_SEQ);
  const subject = Buffer.from(content.subject, 'utf8');
  if (subject.length > MAX_SUBJECT_BYTES) throw new ConferenceRecordError('CONFERENCE_RECORD_FIELD_OUT_OF_RANGE', `the subject has ${subject.length} bytes; at most ${MAX_SUBJECT_BYTES} (fitSubject cuts it)`);
  if (content.foci.length === 0) throw new ConferenceRecordError('CONFERENCE_RECORD_NO_FOCUS', 'a conference record names at least one focus');
  if (content.foci.length > MAX_FOCI) throw new ConferenceRecordError('CONFERENCE_RECORD_TOO_MANY_FOCI', `${content.foci.length} foci; a record lists at most ${MAX_FOCI}`);
  for (const focus of content.foci) {
    if (focus.deviceKey.length !== KEY_BYTES || focus.identity.length !== KEY_BYTES) throw new ConferenceRecordError('CONFERENCE_RECORD_FIELD_OUT_OF_RANGE', 'device and identity keys have 32 bytes');
    checkRange('capacity', focus.capacity, MAX_U16);
    checkRange('load', focus.load, MAX_U16);
  }
  const out = Buffer.alloc(HEADER_BYTES + subject.length + 1 + content.foci.length * FOCUS_BYTES + SIGNATURE_BYTES);
  let at = FRAME.writeHead(out, conference, content.seq);
  at = out.writeUInt8(subject.length, at);
  at += subject.copy(out, at);
  at = out.writeUInt8(content.foci.length, at);
  for (const focus of content.foci) {
    at += focus.deviceKey.copy(out, at);
    at += focus.identity.copy(out, at);
    at = out.writeUInt8(ROLES.indexOf(focus.role), at);
    at = out.writeUInt16BE(focus.capacity, at);
    at = out.writeUInt16BE(focus.load, at);
  }
  FRAME.sign(out, at, conference);
  return out;
}

/**
 * The edge where a DHT value becomes a conference record: accepted only if well formed, about
 * `conference`, and signed by that key. Never throws for any input.
 */
export function decodeConferenceRecord(bytes: Uint8Array, conference: Uint8Array): ConferenceRecordDecodeResult {
  const head = FRAME.readHead(bytes, HEADER_BYTES);
  if (!head.ok) return frameFailure(head.fault);
  const { input, seq } = head;
  let at = HEADER_BYTES;
  const subjectLength = input.readUInt8(at - 1);
  if (subjectLength > MAX_SUBJECT_BYTES) return failure('CONFERENCE_RECORD_MALFORMED', `a subject of ${subjectLength} bytes`);
  if (input.length < at + subjectLength + 1) return failure('CONFERENCE_RECORD_TRUNCATED', 'the subject is cut off');
  const subject = decodeStrictUtf8(input.subarray(at, at + subjectLength));
  if (subject === null) return failure('CONFERENCE_RECORD_MALFORMED', 'the subject is not UTF-8');
  at += subjectLength;
  const count = input.readUInt8(at);
  at += 1;
  if (count === 0 || count > MAX_FOCI) return failure('CONFERENCE_RECORD_MALFORMED', `${count} foci (1 to ${MAX_FOCI})`);
  const foci: FocusEntry[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    if (input.length < at + FOCUS_BYTES) return failure('CONFERENCE_RECORD_TRUNCATED', `focus ${i + 1} of ${count} is cut off`);
    const deviceKey = Buffer.from(input.subarray(at, at + KEY_BYTES));
    const identity = Buffer.from(input.subarray(at + KEY_BYTES, at + 2 * KEY_BYTES));
    const role = ROLES[input.readUInt8(at + 2 * KEY_BYTES)];
    const capacity = input.readUInt16BE(at + 2 * KEY_BYTES + 1);
    const load = input.readUInt16BE(at + 2 * KEY_BYTES + 3);
    at += FOCUS_BYTES;
    if (role === undefined) return failure('CONFERENCE_RECORD_MALFORMED', `focus ${i + 1} has an unknown role`);
    const key = deviceKey.toString('hex');
    if (seen.has(key)) return failure('CONFERENCE_RECORD_MALFORMED', `device ${key} is listed twice`);
    seen.add(key);
    foci.push({ deviceKey, identity, role, capacity, load });
  }
  const signature = FRAME.checkSignature(head, at, conference);
  if (signature) return frameFailure(signature);
  return { ok: true, record: { conference: head.signer, seq, subject, foci } };
}

/**
 * The focus a newcomer joins: the one with the most free places, primary first on a tie; none
 * when all are full. (Proximity, DESIGN.md, comes with a second focus: round-trip times are
 * measured, not recorded.)
 */
export function chooseFocus(record: ConferenceRecord): FocusEntry | undefined {
  const free = (focus: FocusEntry): number => focus.capacity - focus.load;
  return [...record.foci].filter((focus) => free(focus) > 0).sort((a, b) => free(b) - free(a) || ROLES.indexOf(a.role) - ROLES.indexOf(b.role))[0];
}

function checkRange(field: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ConferenceRecordError('CONFERENCE_RECORD_FIELD_OUT_OF_RANGE', `${field} must be an integer from 0 to ${max}, not ${value}`);
  }
}

function failure(code: ConferenceRecordDecodeErrorCode, reason: string): ConferenceRecordDecodeResult {
  return { ok: false, error: { code, reason } };
}

function frameFailure({ problem, reason }: FrameFault): ConferenceRecordDecodeResult {
  return failure(FRAME_ERRORS[problem], reason);
}
