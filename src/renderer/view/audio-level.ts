/**
 * The quietest level a meter shows. Speech sits around −30 to −10 dBFS and a quiet room's noise
 * well below −50, so 60 dB of range shows both while anything quieter draws as an empty bar.
 */
export const METER_FLOOR_DBFS = -60;

/** How full a meter bar is for `dbfs`: 0 at the floor or below (and for −∞), 1 at full scale. */
export function levelFraction(dbfs: number): number {
  if (Number.isNaN(dbfs)) return 0;
  return Math.min(1, Math.max(0, (dbfs - METER_FLOOR_DBFS) / -METER_FLOOR_DBFS));
}

/** The reading as a meter's `aria-valuenow`: whole dB within the meter's range. */
export function meterValue(dbfs: number): number {
  if (Number.isNaN(dbfs)) return METER_FLOOR_DBFS;
  return Math.round(Math.min(0, Math.max(METER_FLOOR_DBFS, dbfs)));
}

/** The reading in words: "−23 dBFS", or "silent" at the floor. */
export function levelText(dbfs: number): string {
  const value = meterValue(dbfs);
  return value <= METER_FLOOR_DBFS ? 'silent' : `${String(value).replace('-', '−')} dBFS`;
}
