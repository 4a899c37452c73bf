// The media worker thread's entry (run by MediaWorkerHost): codecs, playout, sockets and the
// 20 ms clock live here, off the main event loop (DESIGN.md, "Media").
import { parentPort } from 'node:worker_threads';
import { systemClock } from '../../clock.js';
import { MediaWorkerEngine } from './media-worker-engine.js';

const port = parentPort;
if (!port) throw new Error('media-worker runs as a worker thread: start it with MediaWorkerHost');

const engine = new MediaWorkerEngine((message) => port.postMessage(message), systemClock);
port.on('message', (message: unknown) => {
  void engine.handle(message).then(() => {
    // After `shutdown` nothing is left but the port: closing it lets the thread end by itself.
    if (typeof message === 'object' && message !== null && (message as { method?: unknown }).method === 'shutdown') port.close();
  });
});
