import type { CallStatistics } from '../media/index.js';

/** The human sentences for call events; `--json` prints the same fields as they are. */

export function describeEstablished(call: { callId: string; codec: string | null; play?: string; record?: string }): string {
  const files = [call.play ? `playing ${call.play}` : '', call.record ? `recording to ${call.record}` : ''].filter(Boolean).join(', ');
  return `Call ${call.callId} established${call.codec ? ` (${call.codec})` : ''}${files ? `; ${files}` : ''}`;
}

export function describeEnded(call: { callId: string; reason: string; statistics?: CallStatistics; record?: string }): string {
  const stats = call.statistics ? `\n  ${describeStatistics(call.statistics)}` : '';
  return `Call ${call.callId} ended: ${call.reason}${call.record ? ` (recorded in ${call.record})` : ''}${stats}`;
}

export function describeStatistics(s: CallStatistics): string {
  const rtt = s.roundTripTimeMs === null ? 'n/a' : `${s.roundTripTimeMs.toFixed(1)} ms`;
  return (
    `packets sent ${s.packetsSent}, received ${s.packetsReceived}, lost ${s.packetsLost} (${(s.lossFraction * 100).toFixed(1)} %), ` +
    `jitter ${s.jitterMs.toFixed(1)} ms, RTT ${rtt}, concealed ${s.concealedFrames}, playout ${s.playoutDelayMs.toFixed(0)} ms, MOS ${s.mos.toFixed(2)}`
  );
}

export function describeDeviceReplaced(call: { callId: string; device: 'input' | 'output'; replaced: string; by: string | undefined; reason: string }): string {
  const which = call.device === 'input' ? 'microphone' : 'loudspeaker';
  return call.by === undefined
    ? `Call ${call.callId}: no ${which} (${call.replaced}: ${call.reason}); the call goes on without it`
    : `Call ${call.callId}: ${which} ${call.replaced} is gone (${call.reason}); now using ${call.by}`;
}
