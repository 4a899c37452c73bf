import type { ParleyApi } from '../shared/api-contract.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload (contextBridge); absent when `parley serve` serves the UI. */
    readonly parley: ParleyApi | undefined;
  }
}

export {};
