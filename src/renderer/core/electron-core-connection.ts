import type { ParleyApi } from '../../shared/api-contract.js';
import type { CoreConnection, CoreLinkState } from './core-connection.js';

/** The preload's `window.parley`: IPC to the main process, which is up as long as this window is. */
export class ElectronCoreConnection implements CoreConnection {
  readonly api: ParleyApi;
  readonly state: CoreLinkState = 'connected';

  constructor(api: ParleyApi) {
    this.api = api;
  }

  onStateChanged(): () => void {
    return () => {};
  }

  close(): void {}
}
