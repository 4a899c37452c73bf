/**
 * The settings page's test tone: A4 (440 Hz) at −12 dBFS peak, beeping half a second on and half
 * a second off, each beep faded in and out over 25 ms. A steady tone for ten seconds is tiring
 * and hides a device that cuts out; a beep with raised-cosine edges neither clicks nor hurts.
 * −12 dBFS leaves the headroom a loudspeaker at full system volume needs.
 */
export const TEST_TONE = {
  frequencyHz: 440,
  peakDbfs: -12,
  beepMs: 500,
  periodMs: 1000,
  fadeMs: 25,
} as const;

/** The test tone as 16-bit mono PCM, `durationMs` long, starting with a beep. */
export function testTonePcm(durationMs: number, sampleRate = 48000): Int16Array {
  const { frequencyHz, peakDbfs, beepMs, periodMs, fadeMs } = TEST_TONE;
  const amplitude = 32767 * 10 ** (peakDbfs / 20);
  const samples = new Int16Array(Math.round((sampleRate * durationMs) / 1000));
  const period = Math.round((sampleRate * periodMs) / 1000);
  const beep = Math.round((sampleRate * beepMs) / 1000);
  const fade = Math.round((sampleRate * fadeMs) / 1000);
  for (let n = 0; n < samples.length; n++) {
    const inBeep = n % period;
    if (inBeep >= beep) continue;
    const edge = Math.min(inBeep, beep - 1 - inBeep);
    const envelope = edge >= fade ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * edge) / fade);
    samples[n] = Math.round(amplitude * envelope * Math.sin((2 * Math.PI * frequencyHz * n) / sampleRate));
  }
  return samples;
}
