// The media process's entry (MediaWorkerHost with isolation 'process'): the same engine as the
// worker thread, in a process of its own so that sound cards cannot hurt the main process
// (media-worker-channel.ts says how).
import { systemClock } from '../../clock.js';
import { END_OF_HOST } from './media-worker-channel.js';
import { MediaWorkerEngine } from './media-worker-engine.js';
import type { MediaWorkerMessage } from './media-worker-protocol.js';

/** Electron's utilityProcess gives its child `process.parentPort` instead of an IPC channel. */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}
const parentPort = (process as { parentPort?: ParentPort }).parentPort;
const send = process.send?.bind(process);
if (!parentPort && !send) throw new Error('media-process runs as a child process with an IPC channel: start it with MediaWorkerHost');

const post = (message: MediaWorkerMessage): void => {
  if (parentPort) return parentPort.postMessage(message);
  // After the host is gone there is nobody to tell; a failed send is that same case.
  if (process.connected && send) send(message, undefined, undefined, () => undefined);
};
const engine = new MediaWorkerEngine(post, systemClock);
if (parentPort) {
  parentPort.on('message', ({ data }) => {
    if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === END_OF_HOST.type) shutDown();
    else void engine.handle(data);
  });
} else {
  process.on('message', (message: unknown) => void engine.handle(message));
}

// Ctrl-C in a terminal signals the whole process group. The host ends calls in order (BYE sent,
// recording completed), then this process: dying first would turn that into a crash.
process.on('SIGINT', () => undefined);

// The host disconnects once `shutdown` is answered, or it died: either way, close what is left and go.
process.once('disconnect', shutDown);

function shutDown(): void {
  void engine.handle({ id: 0, method: 'shutdown', params: {} }).finally(exit);
}

function exit(): void {
  // A quit that never returned holds a libuv pool thread, and libuv joins its pool threads at
  // exit, so such a process can only end by being killed.
  if (engine.stuckDeviceStreams > 0) process.kill(process.pid, 'SIGKILL');
  process.exit(0);
}
