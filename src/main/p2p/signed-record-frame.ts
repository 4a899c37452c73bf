import { signDetached, verifyDetached, type KeyPair } from '../identity/identity-key-pair.js';

export const SIGNER_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;
/** Version, signer and seq: where a record's own fields begin. */
export const FRAME_HEAD_BYTES = 1 + SIGNER_KEY_BYTES + 4;

/** What is wrong with a record's frame; each record names these with its own codes (DEVICE_LIST_…, CONFERENCE_RECORD_…). */
export type FrameProblem = 'OVERSIZED' | 'TRUNCATED' | 'UNSUPPORTED_VERSION' | 'MALFORMED' | 'OTHER_SIGNER' | 'BAD_SIGNATURE';

export interface FrameFault {
  readonly problem: FrameProblem;
  readonly reason: string;
}

export type FrameHead = { readonly ok: true; readonly input: Buffer; readonly signer: Buffer; readonly seq: number } | { readonly ok: false; readonly fault: FrameFault };

export interface SignedRecordFormat {
  readonly version: number;
  /** The largest value read: HyperDHT keeps a record under about 1000 bytes with the put's own fields. */
  readonly maxBytes: number;
  /** Signed before the record's bytes ("parley/device-list/v1\0"), so a signature of one kind of record never verifies as another. */
  readonly context: string;
  /** How reasons name the record, whose it is and who signs it: "list", "identity", "the identity". */
  readonly noun: string;
  readonly owner: string;
  readonly signer: string;
}

/**
 * The frame the signed DHT records share (the device list; the conference record), around the
 * record's own fields. All integers big-endian:
 *
 *   version     u8
 *   signer      32 B   the public key that signs (a record of another key is told apart)
 *   seq         u32    equals the DHT record's seq
 *   …                  the record's own fields
 *   signature   64 B   Ed25519 by the signer over the context ‖ everything above
 *
 * A record carries its own signature so it can be checked wherever it travels, not only in the
 * DHT. Reading checks size and version first and the signature last, after the record has
 * parsed its fields: a cut-off or malformed record is told apart from a forged one.
 */
export class SignedRecordFrame {
  readonly #format: SignedRecordFormat;
  readonly #context: Buffer;

  constructor(format: SignedRecordFormat) {
    this.#format = format;
    this.#context = Buffer.from(format.context, 'utf8');
  }

  /** Writes version, signer and seq at the start of `out`; returns where the record's own fields go. */
  writeHead(out: Buffer, signer: KeyPair, seq: number): number {
    const at = out.writeUInt8(this.#format.version, 0);
    signer.publicKey.copy(out, at);
    return out.writeUInt32BE(seq, at + SIGNER_KEY_BYTES);
  }

  /** Signs the first `at` bytes of `out` and writes the signature after them. */
  sign(out: Buffer, at: number, signer: KeyPair): void {
    signDetached(this.#signable(out.subarray(0, at)), signer).copy(out, at);
  }

  /** The frame's head of a value from the DHT, once it is not too large, of our version, and at least `headBytes` long. */
  readHead(bytes: Uint8Array, headBytes: number): FrameHead {
    const { maxBytes, version } = this.#format;
    if (bytes.length > maxBytes) return fault('OVERSIZED', `${bytes.length} bytes, more than ${maxBytes}`);
    const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (input.length < 1) return fault('TRUNCATED', 'empty');
    const read = input.readUInt8(0);
    if (read !== version) return fault('UNSUPPORTED_VERSION', `format ${read}, this Parley reads ${version}`);
    if (input.length < headBytes) return fault('TRUNCATED', 'the header is cut off');
    return { ok: true, input, signer: Buffer.from(input.subarray(1, 1 + SIGNER_KEY_BYTES)), seq: input.readUInt32BE(1 + SIGNER_KEY_BYTES) };
  }

  /**
   * After the record's fields (which end at `at`): exactly a signature follows, the record names
   * `expected` as its signer, and that key signed it. Null when all holds.
   */
  checkSignature(head: Extract<FrameHead, { ok: true }>, at: number, expected: Uint8Array): FrameFault | null {
    const { input } = head;
    const { noun, owner, signer } = this.#format;
    if (input.length < at + SIGNATURE_BYTES) return { problem: 'TRUNCATED', reason: 'the signature is cut off' };
    if (input.length > at + SIGNATURE_BYTES) return { problem: 'MALFORMED', reason: `${input.length - at - SIGNATURE_BYTES} bytes follow the signature` };
    if (!head.signer.equals(expected)) return { problem: 'OTHER_SIGNER', reason: `the ${noun} belongs to another ${owner}` };
    if (!verifyDetached(this.#signable(input.subarray(0, at)), input.subarray(at), expected)) return { problem: 'BAD_SIGNATURE', reason: `${signer} did not sign this ${noun}` };
    return null;
  }

  #signable(body: Uint8Array): Buffer {
    return Buffer.concat([this.#context, body]);
  }
}

function fault(problem: FrameProblem, reason: string): { readonly ok: false; readonly fault: FrameFault } {
  return { ok: false, fault: { problem, reason } };
}
