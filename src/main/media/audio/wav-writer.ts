/**
 * Writing WAV for `--record`: 16-bit PCM, mono, 48 kHz by default (what the user hears).
 * `encodeWavHeader` lets a streaming recorder write the header first and patch the sizes
 * (RIFF size at byte 4, data size at byte 40) when the call ends.
 */

export const WAV_HEADER_BYTES = 44;

export function encodeWavHeader(dataBytes: number, sampleRate = 48000, channelCount = 1): Uint8Array {
  const header = new Uint8Array(WAV_HEADER_BYTES);
  const view = new DataView(header.buffer);
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  const blockAlign = channelCount * 2;
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes + (dataBytes % 2), true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // WAVE_FORMAT_PCM
  view.setUint16(22, channelCount, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  return header;
}

/** A complete 16-bit PCM WAV file of mono samples. */
export function writeWav(samples: Int16Array, sampleRate = 48000): Uint8Array {
  const dataBytes = samples.length * 2;
  const file = new Uint8Array(WAV_HEADER_BYTES + dataBytes);
  file.set(encodeWavHeader(dataBytes, sampleRate, 1));
  const view = new DataView(file.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(WAV_HEADER_BYTES + 2 * i, samples[i] ?? 0, true);
  return file;
}
