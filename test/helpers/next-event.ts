import type { CallEndpoint, CallEndpointEvents } from '../../src/main/call/call-endpoint.js';

/** Resolves with a call endpoint's first event `name` that satisfies `match`, or rejects after `ms`. */
export function nextEvent<E extends keyof CallEndpointEvents & string>(
  endpoint: CallEndpoint,
  name: E,
  match: (payload: CallEndpointEvents[E]) => boolean = () => true,
  ms = 10_000,
): Promise<CallEndpointEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no ${name} within ${ms} ms`))), ms);
    const off = endpoint.on(name, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}
