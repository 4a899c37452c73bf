/** An audio output as the browser lists it (`MediaDeviceInfo` of kind `audiooutput`). */
export type BrowserOutput = { deviceId: string; label: string };

/**
 * The browser's output device for the loudspeaker the user chose for calls, or null to keep the
 * page's default. The core names devices as PortAudio does and the browser as the system does,
 * so the names are matched loosely: the same name in any case first, then one name inside the
 * other. Labels are empty until the page may use the microphone; then nothing matches.
 */
export function pickSinkId(outputName: string | null, outputs: readonly BrowserOutput[]): string | null {
  if (outputName === null) return null;
  const wanted = outputName.trim().toLowerCase();
  if (wanted === '') return null;
  // `default` and `communications` are the browser's aliases, not devices of their own.
  const named = outputs.filter((output) => output.label.trim() !== '' && output.deviceId !== 'default' && output.deviceId !== 'communications');
  const exact = named.find((output) => output.label.trim().toLowerCase() === wanted);
  if (exact !== undefined) return exact.deviceId;
  const loose = named.find((output) => {
    const label = output.label.trim().toLowerCase();
    return label.includes(wanted) || wanted.includes(label);
  });
  return loose?.deviceId ?? null;
}
