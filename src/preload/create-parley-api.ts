/**
 * Builds `window.parley` from an IPC port: exactly one function per command in the contract and a
 * typed `on(event, listener)`, nothing else. Raw `ipcRenderer` never reaches the page: commands go
 * through one invoke channel whose arguments the core validates, and listeners get the event's
 * payload only, never the `IpcRendererEvent` (which would leak `sender`).
 */
import {
  COMMAND_NAMES,
  EVENT_NAMES,
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  isEventName,
  type EventName,
  type ParleyApi,
} from '../shared/api-contract.js';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** The bits of `ipcRenderer` the API needs (passed in so this is tested without Electron). */
export type IpcRendererPort = {
  readonly invoke: (channel: string, ...args: unknown[]) => Promise<unknown>;
  readonly on: (channel: string, listener: IpcListener) => void;
  readonly off: (channel: string, listener: IpcListener) => void;
};

type PayloadListener = (payload: unknown) => void;

export function createParleyApi(port: IpcRendererPort): ParleyApi {
  const listeners = new Map<EventName, Set<PayloadListener>>();
  // One IPC listener for all subscriptions, attached while there is at least one.
  const onIpcEvent: IpcListener = (_event, name, payload) => {
    if (!isEventName(name)) return;
    for (const listener of [...(listeners.get(name) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`parley: a listener of '${name}' threw`, error);
      }
    }
  };
  let attached = false;

  function on(event: unknown, listener: unknown): () => void {
    if (!isEventName(event)) {
      throw new TypeError(`parley.on: there is no event ${describe(event)}; the events are ${EVENT_NAMES.join(', ')}`);
    }
    if (typeof listener !== 'function') throw new TypeError(`parley.on('${event}', listener): listener must be a function`);
    const subscription: PayloadListener = (payload) => (listener as PayloadListener)(payload);
    const set = listeners.get(event) ?? new Set<PayloadListener>();
    listeners.set(event, set);
    set.add(subscription);
    if (!attached) {
      port.on(IPC_EVENT_CHANNEL, onIpcEvent);
      attached = true;
    }
    return () => {
      if (!set.delete(subscription)) return;
      if (set.size === 0) listeners.delete(event);
      if (listeners.size === 0 && attached) {
        port.off(IPC_EVENT_CHANNEL, onIpcEvent);
        attached = false;
      }
    };
  }

  const api: Record<string, unknown> = { on };
  for (const name of COMMAND_NAMES) {
    api[name] = (args: unknown) => port.invoke(IPC_INVOKE_CHANNEL, name, args);
  }
  // Built from the contract's names at run time; the key-set test pins it to `ParleyApi`.
  return Object.freeze(api) as ParleyApi;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value.slice(0, 64)}'` : `named by a ${typeof value}`;
}
