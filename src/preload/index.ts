/**
 * The preload: runs sandboxed and context-isolated before the page, and gives it `window.parley`,
 * the typed API of `shared/api-contract.ts`, and nothing else. Bundled by esbuild into one
 * CommonJS file (`dist/preload/index.cjs`); a sandboxed preload can require only 'electron'.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createParleyApi } from './create-parley-api.js';

contextBridge.exposeInMainWorld(
  'parley',
  createParleyApi({
    invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
    on: (channel, listener) => ipcRenderer.on(channel, listener),
    off: (channel, listener) => ipcRenderer.off(channel, listener),
  }),
);
