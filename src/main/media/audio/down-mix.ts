/** Averages channels into one (equal weights, so a full-scale mono source stays full scale). */
export function downMixToMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return Float32Array.from(first);
  const length = Math.min(...channels.map((channel) => channel.length));
  const out = new Float32Array(length);
  for (const channel of channels) for (let i = 0; i < length; i++) out[i] = (out[i] ?? 0) + (channel[i] ?? 0);
  const scale = 1 / channels.length;
  for (let i = 0; i < length; i++) out[i] = (out[i] ?? 0) * scale;
  return out;
}

/** Splits interleaved 16-bit PCM (as devices deliver it) into mono by averaging each frame's channels. */
export function downMixInterleavedToMono(interleaved: Int16Array, channelCount: number): Int16Array {
  if (channelCount === 1) return Int16Array.from(interleaved);
  const frames = Math.floor(interleaved.length / channelCount);
  const out = new Int16Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let c = 0; c < channelCount; c++) sum += interleaved[frame * channelCount + c] ?? 0;
    out[frame] = Math.round(sum / channelCount);
  }
  return out;
}
