import type { CallStatisticsView } from '../../shared/api-contract.js';

export type CallQualityGrade = 'pending' | 'good' | 'fair' | 'poor';

export type CallQualityView = {
  grade: CallQualityGrade;
  /** One word for the badge. */
  label: string;
  /** The figures behind it, for the tooltip and screen readers. */
  details: string;
};

/**
 * Grades from the core's E-model MOS (ITU-T G.107). The bands are G.107's user-satisfaction
 * ratings turned into MOS with its own R → MOS formula: R ≥ 80 ("satisfied") is MOS ≥ 4.0,
 * R ≥ 70 ("some users dissatisfied") is MOS ≥ 3.6; below that many users are dissatisfied.
 */
export const GOOD_MOS = 4.0;
export const FAIR_MOS = 3.6;

function percent(fraction: number): string {
  const value = fraction * 100;
  return `${value < 10 && value > 0 ? value.toFixed(1) : value.toFixed(0)} %`;
}

/** The quality badge of a call; `pending` until the first statistics arrive. */
export function callQuality(statistics: CallStatisticsView | null): CallQualityView {
  if (statistics === null) return { grade: 'pending', label: 'Measuring…', details: 'No call statistics yet' };
  const grade = statistics.mos >= GOOD_MOS ? 'good' : statistics.mos >= FAIR_MOS ? 'fair' : 'poor';
  const rtt = statistics.roundTripTimeMs === null ? 'not measured yet' : `${Math.round(statistics.roundTripTimeMs)} ms`;
  const details = [
    `MOS ${statistics.mos.toFixed(2)} (good ≥ ${GOOD_MOS.toFixed(1)}, fair ≥ ${FAIR_MOS.toFixed(1)})`,
    `loss ${percent(statistics.lossFraction)} (${statistics.packetsLost} of ${statistics.packetsReceived + statistics.packetsLost} packets)`,
    `jitter ${statistics.jitterMs.toFixed(1)} ms`,
    `round trip ${rtt}`,
    `playout delay ${Math.round(statistics.playoutDelayMs)} ms`,
  ].join(' · ');
  return { grade, label: { good: 'Good', fair: 'Fair', poor: 'Poor' }[grade], details };
}
