/**
 * Reading an Opus packet's table-of-contents byte (RFC 6716 §3.1), enough to know how many
 * samples a packet decodes to before we hand it to the library, so a peer cannot make the
 * decoder write more than our buffer holds.
 */

/** Frame durations in 48 kHz samples by TOC configuration (RFC 6716 table 2). */
function frameSamples(config: number): number {
  if (config < 12) return [480, 960, 1920, 2880][config % 4] ?? 0; // SILK-only: 10, 20, 40, 60 ms
  if (config < 16) return config % 2 === 0 ? 480 : 960; // hybrid: 10, 20 ms
  return [120, 240, 480, 960][config % 4] ?? 0; // CELT-only: 2.5, 5, 10, 20 ms
}

/**
 * Samples (at 48 kHz, per channel) the packet decodes to, or `undefined` for a packet that is
 * malformed at this level: empty, a code-3 packet without its frame-count byte or with zero
 * frames, or longer than 120 ms (RFC 6716 §3.2.5, rule R5).
 */
export function opusPacketSamples(packet: Uint8Array): number | undefined {
  const toc = packet[0];
  if (toc === undefined) return undefined;
  const perFrame = frameSamples(toc >> 3);
  let frames: number;
  switch (toc & 0x03) {
    case 0:
      frames = 1;
      break;
    case 1:
    case 2:
      frames = 2;
      break;
    default: {
      const count = packet[1];
      if (count === undefined) return undefined;
      frames = count & 0x3f;
    }
  }
  const samples = frames * perFrame;
  return samples === 0 || samples > 5760 ? undefined : samples;
}
