/**
 * Listening-and-talking quality as a MOS, from the E-model (ITU-T G.107) reduced to what a call
 * can measure — one-way delay and packet loss — with every other input at G.107's defaults:
 *
 *   R = 93.2 − Id − Ie-eff                      (93.2 = R0 − Is with the default values, G.107 §7)
 *   Id = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3) (d: one-way mouth-to-ear delay in ms, echo well
 *                                                 controlled; Cole & Rosenbluth's fit to G.107's Idd)
 *   Ie-eff = Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl)   (G.107 eq. 7-29; Ppl in %)
 *   MOS = 1 + 0.035·R + R·(R − 60)·(100 − R)·7·10⁻⁶ for 0 < R < 100 (G.107 Annex B)
 *
 * It is a planning estimate on the narrowband scale (at most 4.41 here), not a measurement.
 */
export type MosCodec = 'opus' | 'PCMU' | 'PCMA';

export interface CodecImpairment {
  /** Equipment impairment factor without loss. */
  readonly ie: number;
  /** Packet-loss robustness factor. */
  readonly bpl: number;
}

/**
 * G.711 with its Appendix I concealment, random loss: Ie 0, Bpl 25.1 (ITU-T G.113 Appendix I).
 * Opus has no G.113 entry; these are our planning values, to be revisited with measurements: at
 * the 24–32 kb/s we use it is transparent on the narrowband scale (Ie 0), and its concealment is
 * rated a little more robust than G.711's (Bpl 30).
 */
export const CODEC_IMPAIRMENT: Readonly<Record<MosCodec, CodecImpairment>> = {
  PCMU: { ie: 0, bpl: 25.1 },
  PCMA: { ie: 0, bpl: 25.1 },
  opus: { ie: 0, bpl: 30 },
};

export interface MosInput {
  readonly codec: MosCodec;
  /** Mouth-to-ear, one way. */
  readonly oneWayDelayMs: number;
  /** 0…1. */
  readonly lossFraction: number;
  /** 1 for random loss; above 1 when losses come in bursts (G.107 §7.2). */
  readonly burstRatio?: number;
}

export interface MosEstimate {
  readonly r: number;
  readonly mos: number;
}

export const R_DEFAULT = 93.2;

export function delayImpairment(oneWayDelayMs: number): number {
  const d = Math.max(0, oneWayDelayMs);
  return 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
}

export function effectiveEquipmentImpairment(codec: MosCodec, lossFraction: number, burstRatio = 1): number {
  const { ie, bpl } = CODEC_IMPAIRMENT[codec];
  const ppl = 100 * Math.min(1, Math.max(0, lossFraction));
  return ie + ((95 - ie) * ppl) / (ppl / burstRatio + bpl);
}

export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  // The cubic dips just under 1 for R below about 6.5; MOS is never below 1.
  return Math.max(1, 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6);
}

export function estimateMos(input: MosInput): MosEstimate {
  const r = R_DEFAULT - delayImpairment(input.oneWayDelayMs) - effectiveEquipmentImpairment(input.codec, input.lossFraction, input.burstRatio);
  return { r, mos: mosFromR(r) };
}
