import { seededRandom } from '../../src/main/seeded-random.js';
/**
 * The fuzzer's mutation engine, shared by test/main/sip/message/fuzz.test.ts and
 * bench/sip-parser.bench.ts: a seeded PRNG (mulberry32) and mutations that imitate what
 * broken or hostile peers send — bit flips, inserted and deleted bytes, truncation, repeated
 * header lines, huge numbers, stray separators — plus random chunkings for the stream framer.
 */
export type Random = () => number;

export { seededRandom };

function int(random: Random, below: number): number {
  return Math.floor(random() * below);
}

const INTERESTING = ['\r\n', '\r', '\n', ' ', '\t', ';', ',', ':', '"', '\\', '<', '>', '%', '%0', '=', '@', '[', '\0', '\xff', 'SIP/2.0', 'z9hG4bK'];
const HUGE_NUMBERS = ['4294967296', '99999999999999999999999999', '-1', '2147483648', '0000000000000000000000000001', '1e9', '0x10'];

function lineStarts(bytes: Buffer): number[] {
  const starts = [0];
  for (let i = bytes.indexOf('\r\n'); i !== -1; i = bytes.indexOf('\r\n', i + 2)) starts.push(i + 2);
  return starts;
}

type Mutation = (bytes: Buffer, random: Random) => Buffer;

export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  flipBit(bytes, random) {
    const out = Buffer.from(bytes);
    const at = int(random, out.length);
    if (out.length > 0) out[at] = (out[at] ?? 0) ^ (1 << int(random, 8));
    return out;
  },
  insertByte(bytes, random) {
    const at = int(random, bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, at), Buffer.from([int(random, 256)]), bytes.subarray(at)]);
  },
  insertToken(bytes, random) {
    const at = int(random, bytes.length + 1);
    const token = INTERESTING[int(random, INTERESTING.length)] ?? '';
    return Buffer.concat([bytes.subarray(0, at), Buffer.from(token, 'latin1'), bytes.subarray(at)]);
  },
  deleteBytes(bytes, random) {
    const at = int(random, bytes.length);
    return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + int(random, 8))]);
  },
  truncate(bytes, random) {
    return bytes.subarray(0, int(random, bytes.length));
  },
  duplicateLine(bytes, random) {
    const starts = lineStarts(bytes);
    const index = int(random, starts.length - 1);
    const line = bytes.subarray(starts[index] ?? 0, starts[index + 1] ?? bytes.length);
    const copies = 1 + int(random, random() < 0.1 ? 200 : 3);
    const at = starts[index + 1] ?? bytes.length;
    return Buffer.concat([bytes.subarray(0, at), ...Array.from({ length: copies }, () => line), bytes.subarray(at)]);
  },
  hugeNumber(bytes, random) {
    const text = bytes.toString('latin1');
    const digits = [...text.matchAll(/\d+/g)];
    const match = digits[int(random, digits.length)];
    if (!match) return bytes;
    const replacement = HUGE_NUMBERS[int(random, HUGE_NUMBERS.length)] ?? '';
    return Buffer.from(text.slice(0, match.index) + replacement + text.slice(match.index + match[0].length), 'latin1');
  },
  repeatChunk(bytes, random) {
    const at = int(random, bytes.length);
    const chunk = bytes.subarray(at, at + 1 + int(random, 16));
    return Buffer.concat([bytes.subarray(0, at), Buffer.alloc(chunk.length * (1 + int(random, 500)), chunk), bytes.subarray(at)]);
  },
  swapLines(bytes, random) {
    const starts = lineStarts(bytes);
    const lines = starts.map((start, i) => bytes.subarray(start, starts[i + 1] ?? bytes.length));
    const a = int(random, lines.length);
    const b = int(random, lines.length);
    [lines[a], lines[b]] = [lines[b] ?? Buffer.alloc(0), lines[a] ?? Buffer.alloc(0)];
    return Buffer.concat(lines);
  },
};

const NAMES = Object.keys(MUTATIONS);

/** One to three random mutations of `seed`. */
export function mutate(seed: Buffer, random: Random): { bytes: Buffer; mutations: string[] } {
  let bytes = seed;
  const mutations: string[] = [];
  for (let n = 1 + int(random, 3); n > 0; n--) {
    const name = NAMES[int(random, NAMES.length)] ?? 'flipBit';
    mutations.push(name);
    bytes = (MUTATIONS[name] ?? MUTATIONS['flipBit'] ?? ((b) => b))(bytes, random);
  }
  return { bytes, mutations };
}

/** Random cut points: how a stream might deliver `bytes`. */
export function randomChunks(bytes: Buffer, random: Random): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + int(random, random() < 0.5 ? 8 : 512);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}
