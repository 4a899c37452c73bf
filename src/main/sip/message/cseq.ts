/**
 * CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16). The number "MUST be expressible as a 32-bit
 * unsigned integer" and a UAC keeps it "less than 2**31" (§8.1.1.5): we accept 0..2^31-1,
 * which every conformant peer sends, and refuse 36893488147419103232 (RFC 4475 §3.1.2.4).
 */
import { isWsp, isToken, parseDecimal, skipWsp, trimWsp } from './abnf.js';

export interface CSeq {
  readonly seq: number;
  readonly method: string;
}

export const MAX_CSEQ = 2 ** 31 - 1;

export function parseCSeq(value: string): CSeq | null {
  const text = trimWsp(value);
  let digitsEnd = 0;
  while (digitsEnd < text.length && !isWsp(text.charCodeAt(digitsEnd))) digitsEnd++;
  const seq = parseDecimal(text.slice(0, digitsEnd), MAX_CSEQ);
  const method = text.slice(skipWsp(text, digitsEnd));
  if (seq === null || digitsEnd === text.length || !isToken(method)) return null;
  return { seq, method };
}

export function formatCSeq(cseq: CSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}
