import type { EventPayload } from '../../shared/api-contract.js';
import { levelFraction, levelText, meterValue, METER_FLOOR_DBFS } from '../view/audio-level.js';
import { Icon } from './icon.js';

type Props = {
  /** "Microphone" or "Speaker": the meter's accessible name. */
  label: string;
  icon: 'mic' | 'micOff' | 'speaker';
  /** Null until the core has measured anything. */
  level: EventPayload<'callLevelsMeasured'>['input'] | null;
  /** Drawn dimmed: a muted microphone still shows that it hears, but nothing is sent. */
  muted?: boolean;
};

/**
 * A horizontal meter: the bar is the RMS level, the tick the peak. The width is set through
 * the CSSOM (a transform), which the style-src CSP allows, never as a style attribute in HTML.
 */
export function LevelMeter({ label, icon, level, muted = false }: Props) {
  const rms = level?.rmsDbfs ?? Number.NEGATIVE_INFINITY;
  const peak = level?.peakDbfs ?? Number.NEGATIVE_INFINITY;
  const text = level === null ? 'no reading yet' : `${levelText(rms)}${muted ? ', muted' : ''}`;
  return (
    <div className={muted ? 'level-meter is-muted' : 'level-meter'}>
      <Icon name={icon} className="level-meter-icon" />
      <div
        className="level-meter-track"
        role="meter"
        aria-label={`${label} level`}
        aria-valuemin={METER_FLOOR_DBFS}
        aria-valuemax={0}
        aria-valuenow={meterValue(rms)}
        aria-valuetext={text}
        title={`${label}: ${text}`}
      >
        <span className="level-meter-bar" style={{ transform: `scaleX(${levelFraction(rms)})` }} />
        <span className="level-meter-peak" style={{ left: `${levelFraction(peak) * 100}%` }} />
      </div>
    </div>
  );
}
