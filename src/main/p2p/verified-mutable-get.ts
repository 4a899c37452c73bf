import type { MutableRecordDht, MutableRecordError } from './confirmed-mutable-put.js';

/** Each store names the ways a read fails with its own codes (DEVICE_LIST_…, CONFERENCE_RECORD_…). */
export interface VerifiedGetCodes<Code extends string> {
  /** The DHT failed the read. */
  readonly dhtFailed: Code;
  /** No close node holds a record under the key. */
  readonly notFound: Code;
  /** The record is signed for another seq than the DHT entry it came in. */
  readonly seqMismatch: Code;
}

export type DecodeFailure<Code extends string> = { readonly ok: false; readonly error: { readonly code: Code; readonly reason: string } };

export interface VerifiedGetOptions<Decoded, Code extends string> {
  readonly codes: VerifiedGetCodes<Code>;
  /** The seq the decoded record says it has, signed with it. */
  readonly seqOf: (decoded: Decoded) => number;
  /** What no node holds, in a reason: "a device list for this identity". */
  readonly missing: string;
  /** What says the seq, in a reason: "the list". */
  readonly recordName: string;
}

/**
 * The latest record under `publicKey`, decoded and verified by `decode`, and trusted only when
 * the seq it was signed with is the seq of the DHT entry: a node could otherwise serve an old
 * signed value under a newer seq. Every failure is a value; one about a record that came back
 * carries its seq (`storedSeq`), which a writer needs to publish over it.
 */
export async function verifiedMutableGet<Decoded extends { readonly ok: true }, Code extends string, DecodeCode extends string>(
  dht: MutableRecordDht,
  publicKey: Uint8Array,
  decode: (value: Buffer) => Decoded | DecodeFailure<DecodeCode>,
  options: VerifiedGetOptions<Decoded, Code>,
): Promise<Decoded | { readonly ok: false; readonly error: MutableRecordError<Code | DecodeCode> }> {
  const { codes, seqOf, missing, recordName } = options;
  let stored;
  try {
    stored = await dht.mutableGet(Buffer.from(publicKey), { latest: true });
  } catch (error) {
    return { ok: false, error: { code: codes.dhtFailed, reason: (error as Error).message } };
  }
  if (stored === null) return { ok: false, error: { code: codes.notFound, reason: `no DHT node holds ${missing}` } };
  const decoded = decode(stored.value);
  if (!decoded.ok) return { ok: false, error: { ...decoded.error, storedSeq: stored.seq } };
  const seq = seqOf(decoded);
  if (seq !== stored.seq) return { ok: false, error: { code: codes.seqMismatch, reason: `${recordName} says seq ${seq}, its DHT entry ${stored.seq}`, storedSeq: stored.seq } };
  return decoded;
}
