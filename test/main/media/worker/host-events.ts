// Waiting for a media worker's events with a bound (not a test file itself).
import type { MediaWorkerHost } from '../../../../src/main/media/worker/media-worker-host.js';
import type { MediaWorkerEvents } from '../../../../src/main/media/worker/media-worker-protocol.js';

/** Resolves with the first event `name` that satisfies `match`, or rejects after `ms`. */
export function nextEvent<E extends keyof MediaWorkerEvents & string>(
  host: MediaWorkerHost,
  name: E,
  match: (payload: MediaWorkerEvents[E]) => boolean,
  ms = 10_000,
): Promise<MediaWorkerEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no ${name} within ${ms} ms`))), ms);
    const off = host.on(name, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Every event `name` from now on, until the returned `stop`. */
export function collectEvents<E extends keyof MediaWorkerEvents & string>(host: MediaWorkerHost, name: E): { readonly events: MediaWorkerEvents[E][]; readonly stop: () => void } {
  const events: MediaWorkerEvents[E][] = [];
  const stop = host.on(name, (payload) => void events.push(payload));
  return { events, stop };
}
