// A media worker that dies on request (not a test file itself): the real engine, plus a `crash`
// message that throws outside any handler, as a bug in a codec binding would.
import { parentPort } from 'node:worker_threads';
import { systemClock } from '../../../../src/main/clock.js';
import { MediaWorkerEngine } from '../../../../src/main/media/worker/media-worker-engine.js';

const port = parentPort;
if (!port) throw new Error('a worker thread');
const engine = new MediaWorkerEngine((message) => port.postMessage(message), systemClock);
port.on('message', (message: unknown) => {
  if (typeof message === 'object' && message !== null && (message as { method?: unknown }).method === 'crash') {
    setImmediate(() => {
      throw new Error('boom: the media worker crashed');
    });
    return;
  }
  void engine.handle(message).then(() => {
    if ((message as { method?: unknown }).method === 'shutdown') port.close();
  });
});
