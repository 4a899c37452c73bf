import { API_WS_PATH } from '../../shared/api-contract.js';

/**
 * The served API's WebSocket on the page's own origin. It carries no token: `parley serve`
 * authenticates the socket by the HttpOnly cookie it set when the page was loaded with `?token=`.
 */
export function servedApiUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${API_WS_PATH}`;
}
