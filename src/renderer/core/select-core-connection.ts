import type { CoreConnection } from './core-connection.js';
import { ElectronCoreConnection } from './electron-core-connection.js';
import { servedApiUrl } from './served-api-url.js';
import { WsApiClient, type WebSocketConstructor } from './ws-api-client.js';

export type Host = {
  parley: Window['parley'];
  location: Pick<Location, 'protocol' | 'host'>;
  WebSocket: WebSocketConstructor;
};

/**
 * Picks the transport at startup: the preload's `window.parley` inside Electron, else the
 * WebSocket of `parley serve` on this page's origin.
 */
export function selectCoreConnection(host: Host): CoreConnection {
  if (host.parley) return new ElectronCoreConnection(host.parley);
  return new WsApiClient({ url: servedApiUrl(host.location), WebSocket: host.WebSocket }).start();
}
