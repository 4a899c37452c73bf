import type { ParleyApi } from '../../shared/api-contract.js';

/**
 * How the renderer is linked to the core. `connecting` lasts until the first link is up;
 * `disconnected` means it was lost (or never came up) and is being retried.
 */
export type CoreLinkState = 'connecting' | 'connected' | 'disconnected';

/** A transport that carries the typed API: Electron IPC through the preload, or the served WebSocket. */
export interface CoreConnection {
  readonly api: ParleyApi;
  readonly state: CoreLinkState;
  /** Calls `listener` on every change of `state`; returns the function that unsubscribes. */
  onStateChanged(listener: (state: CoreLinkState) => void): () => void;
  close(): void;
}
