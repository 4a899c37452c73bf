// A program that uses a MediaWorkerHost (not a test file itself), run by tests that need to see
// its stdout or to kill it. Arguments:
//   --isolation=thread|process
//   --device[=NAME]   a session whose source is that microphone (the default without a name)
//   --orphan          print the media process's id, then wait to be killed
// Without --orphan it prints one line of its own, `{"done":…}`, and exits: anything else on its
// stdout came from somewhere else.
import { parseArgs } from 'node:util';
import { MediaWorkerHost } from '../../../../src/main/media/worker/media-worker-host.js';
import type { SessionOptions } from '../../../../src/main/media/worker/media-worker-protocol.js';
import { nextEvent } from './host-events.js';

const { values } = parseArgs({ options: { isolation: { type: 'string' }, device: { type: 'string' }, orphan: { type: 'boolean' } } });
const isolation = values.isolation === 'thread' ? 'thread' : 'process';
const host = new MediaWorkerHost({ isolation });
const base = { codec: { encodingName: 'PCMU', payloadType: 0, clockRate: 8000 }, local: { host: '127.0.0.1' } } as const;

if (values.orphan) {
  await host.createSession('held', { ...base, source: { kind: 'tone', frequencyHz: 440 }, sink: { kind: 'null' } });
  process.stdout.write(`${JSON.stringify({ pid: host.pid })}\n`);
  // The host's IPC channel keeps this process alive until it is killed.
} else {
  const device = values.device;
  const source: SessionOptions['source'] = device === undefined ? { kind: 'tone', frequencyHz: 440 } : { kind: 'device', ...(device === '' ? {} : { name: device }) };
  const opened = device === undefined ? Promise.resolve(undefined) : nextEvent(host, 'deviceOpened', () => true, 15_000);
  const peer = await host.createSession('peer', { ...base, source: { kind: 'silence' }, sink: { kind: 'null' } });
  await host.createSession('talker', { ...base, source, sink: { kind: 'null' }, remote: (peer.localAddress ?? undefined) });
  await host.startSession('talker');
  const device0 = await opened;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const statistics = await host.getStatistics('talker');
  await host.close();
  process.stdout.write(`${JSON.stringify({ done: true, device: device0?.name, packetsSent: statistics.packetsSent })}\n`);
}
