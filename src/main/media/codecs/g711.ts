/**
 * ITU-T G.711 companding, bit-exact: µ-law (PCMU) and A-law (PCMA), RFC 3551 §4.5.14.
 *
 * µ-law works on 14-bit magnitudes (the 16-bit sample shifted right by 2) biased by 33, A-law
 * on 12-bit magnitudes (shifted by 4). Negative samples take the ones' complement, as in the
 * G.191 reference tools, so -1 codes like 0 with the sign bit clear. Each code is a sign bit,
 * a 3-bit segment (the position of the highest set bit) and a 4-bit mantissa (the next four
 * bits). µ-law transmits the code inverted (so 0 → 0xFF); A-law inverts every even bit (^ 0x55).
 * Both directions are table look-ups built once from those rules.
 */

const MU_LAW_BIAS = 33;
const MU_LAW_CLIP = 0x1fff;
const A_LAW_EVEN_BITS = 0x55;

function bitLength(value: number): number {
  return 32 - Math.clz32(value);
}

function computeMuLaw(sample: number): number {
  const negative = sample < 0;
  const magnitude = Math.min(((negative ? ~sample : sample) >> 2) + MU_LAW_BIAS, MU_LAW_CLIP);
  const segment = bitLength(magnitude >> 6); // 0..7: biased magnitudes start at 33 ≥ 2^5
  const mantissa = (magnitude >> (segment + 1)) & 0x0f;
  return (~((segment << 4) | mantissa) & 0x7f) | (negative ? 0 : 0x80);
}

function computeMuLawDecode(code: number): number {
  const inverted = ~code & 0xff;
  const segment = (inverted >> 4) & 0x07;
  const mantissa = inverted & 0x0f;
  // The middle of the quantisation interval, bias removed (scaled to 16 bits: 0x84 = 33 << 2).
  const magnitude = (((mantissa << 3) + 0x84) << segment) - 0x84;
  return inverted & 0x80 ? -magnitude : magnitude;
}

function computeALaw(sample: number): number {
  const negative = sample < 0;
  const magnitude = (negative ? ~sample : sample) >> 4; // 0..2047
  let code: number;
  if (magnitude < 16) {
    code = magnitude;
  } else {
    const segment = bitLength(magnitude) - 4; // 1..7
    code = (segment << 4) | ((magnitude >> (segment - 1)) & 0x0f);
  }
  return (code | (negative ? 0 : 0x80)) ^ A_LAW_EVEN_BITS;
}

function computeALawDecode(code: number): number {
  const value = code ^ A_LAW_EVEN_BITS;
  const segment = (value >> 4) & 0x07;
  const mantissa = value & 0x0f;
  const magnitude = segment === 0 ? (mantissa << 4) + 8 : (((mantissa + 16) << 4) + 8) << (segment - 1);
  return value & 0x80 ? magnitude : -magnitude;
}

function buildEncodeTable(compute: (sample: number) => number): Uint8Array {
  const table = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) table[i] = compute((i << 16) >> 16);
  return table;
}

function buildDecodeTable(compute: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let code = 0; code < 256; code++) table[code] = compute(code);
  return table;
}

// Indexed by the sample's 16-bit pattern (sample & 0xffff).
const MU_LAW_ENCODE = buildEncodeTable(computeMuLaw);
const A_LAW_ENCODE = buildEncodeTable(computeALaw);
const MU_LAW_DECODE = buildDecodeTable(computeMuLawDecode);
const A_LAW_DECODE = buildDecodeTable(computeALawDecode);

/** One 16-bit linear sample to its µ-law code. */
export function linearToMuLaw(sample: number): number {
  return MU_LAW_ENCODE[sample & 0xffff] ?? 0xff;
}

export function muLawToLinear(code: number): number {
  return MU_LAW_DECODE[code & 0xff] ?? 0;
}

/** One 16-bit linear sample to its A-law code. */
export function linearToALaw(sample: number): number {
  return A_LAW_ENCODE[sample & 0xffff] ?? 0xd5;
}

export function aLawToLinear(code: number): number {
  return A_LAW_DECODE[code & 0xff] ?? 0;
}

export type G711Law = 'mu' | 'a';

/** Encodes a block of samples; the output has one byte per sample. */
export function encodeG711(law: G711Law, pcm: Int16Array): Uint8Array {
  const table = law === 'mu' ? MU_LAW_ENCODE : A_LAW_ENCODE;
  const out = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = table[(pcm[i] ?? 0) & 0xffff] ?? 0;
  return out;
}

export function decodeG711(law: G711Law, codes: Uint8Array): Int16Array {
  const table = law === 'mu' ? MU_LAW_DECODE : A_LAW_DECODE;
  const out = new Int16Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = table[codes[i] ?? 0] ?? 0;
  return out;
}
