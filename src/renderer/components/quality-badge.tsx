import { useId } from 'react';
import type { CallStatisticsView } from '../../shared/api-contract.js';
import { callQuality } from '../view/call-quality.js';

/**
 * Good / Fair / Poor from the call's MOS. The figures behind it show on hover and on keyboard
 * focus (a native title would not show on focus), and are the badge's description for
 * screen readers.
 */
export function QualityBadge({ statistics }: { statistics: CallStatisticsView | null }) {
  const quality = callQuality(statistics);
  const detailsId = useId();
  return (
    <span
      className={`quality-badge quality-${quality.grade}`}
      tabIndex={0}
      aria-describedby={detailsId}
      data-testid="call-quality"
      data-grade={quality.grade}
    >
      <span className="status-dot" aria-hidden="true" />
      <span>
        <span className="visually-hidden">Call quality: </span>
        {quality.label}
      </span>
      <span id={detailsId} className="quality-details" role="tooltip">
        {quality.details}
      </span>
    </span>
  );
}
