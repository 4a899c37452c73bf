import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { API_HTTP_PREFIX, API_MAX_MESSAGE_BYTES, API_WS_PATH } from '../../shared/api-contract.js';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER_ONLY } from '../../shared/content-security-policy.js';
import type { ApiService } from '../api/api-service.js';
import { formatHostPort, isLoopbackHost, type HostPort } from '../p2p/bootstrap-address.js';
import { ParleyError } from '../parley-error.js';
import { handleApiRequest, sendResult } from './http-api-transport.js';
import { loadStaticFile } from './static-files.js';
import { checkCredential, cookieNameFor, isAllowedHost, isAllowedOrigin, sessionCookie } from './token-gate.js';
import { attachApiSocket } from './ws-api-transport.js';

export const DEFAULT_UI_PORT = 7060;

export interface UiServerOptions {
  api: ApiService;
  listen: HostPort;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** When the port is taken, take a free one instead of failing (only for the default port). */
  fallbackToFreePort?: boolean;
  token?: string;
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; ${CONTENT_SECURITY_POLICY_HEADER_ONLY}`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/**
 * The served UI of `parley serve`: the built renderer and the typed API (WebSocket and
 * HTTP) on one port, all behind the token. Loopback unless the user names another host.
 */
export class UiServer {
  readonly #server: Server;
  readonly #sockets: WebSocketServer;
  readonly #token: string;
  readonly #address: HostPort;

  private constructor(server: Server, sockets: WebSocketServer, token: string, address: HostPort) {
    this.#server = server;
    this.#sockets = sockets;
    this.#token = token;
    this.#address = address;
  }

  static async start(options: UiServerOptions): Promise<UiServer> {
    if (!existsSync(`${options.rendererDir}/index.html`)) {
      throw new ParleyError('UI_NOT_BUILT', `the UI is not built (${options.rendererDir}/index.html is missing); run: npm run build`);
    }
    const token = options.token ?? randomBytes(24).toString('base64url');
    const sockets = new WebSocketServer({ noServer: true, maxPayload: API_MAX_MESSAGE_BYTES });
    sockets.on('connection', (socket) => attachApiSocket(socket, options.api));
    // The gate needs the port, known only once listening; nothing is served before that.
    const gateRef: { current: Gate | null } = { current: null };
    const server = createServer((request, response) => {
      const gate = gateRef.current;
      if (gate) void handleHttp(request, response, gate, options).catch(() => response.destroy());
      else response.destroy();
    });
    server.on('upgrade', (request, socket, head) => {
      const gate = gateRef.current;
      if (gate) handleUpgrade(request, socket, head, gate, sockets);
      else socket.destroy();
    });
    server.on('clientError', (_error, socket) => socket.destroy());
    const address = await listen(server, options.listen, options.fallbackToFreePort ?? false);
    gateRef.current = {
      token,
      cookieName: cookieNameFor(address.port),
      allowedHosts: isLoopbackHost(address.host) ? loopbackNames(address.port) : null,
    };
    return new UiServer(server, sockets, token, address);
  }

  get address(): HostPort {
    return this.#address;
  }

  /** The URL to open, carrying the token; print it only to the user who started the node. */
  get url(): string {
    const host = this.#address.host === '0.0.0.0' || this.#address.host === '::' ? '127.0.0.1' : this.#address.host;
    return `http://${formatHostPort({ host, port: this.#address.port })}/?token=${this.#token}`;
  }

  async close(): Promise<void> {
    for (const client of this.#sockets.clients) client.terminate();
    this.#sockets.close();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
  }
}

interface Gate {
  token: string;
  cookieName: string;
  /** Names a browser may use for this node (DNS rebinding defence); null when not loopback. */
  allowedHosts: ReadonlySet<string> | null;
}

async function handleHttp(request: IncomingMessage, response: ServerResponse, gate: Gate, options: UiServerOptions): Promise<void> {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
  if (gate.allowedHosts && !isAllowedHost(request.headers.host, gate.allowedHosts)) {
    return plain(response, 403, 'This Parley node answers only to its own loopback address.');
  }
  const url = new URL(request.url ?? '/', 'http://parley.invalid');
  const credential = checkCredential(url, request.headers, gate.token, gate.cookieName);
  if (!credential.valid) {
    if (url.pathname.startsWith(API_HTTP_PREFIX)) {
      return sendResult(response, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'this API needs the token printed by parley serve' } });
    }
    return plain(response, 401, 'Open this Parley node with the link that parley serve printed: it carries the access token.');
  }
  if (credential.source === 'query' && request.method === 'GET' && !url.pathname.startsWith(API_HTTP_PREFIX)) {
    // Trade the token in the URL for a cookie and drop it from the address bar and history.
    url.searchParams.delete('token');
    response.setHeader('Set-Cookie', sessionCookie(gate.cookieName, gate.token));
    response.writeHead(303, { Location: `${url.pathname}${url.search}` });
    response.end();
    return;
  }
  if (url.pathname.startsWith(API_HTTP_PREFIX)) return handleApiRequest(request, response, options.api, url.pathname);
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'Method not allowed.');
  const file = await loadStaticFile(options.rendererDir, url.pathname);
  if (!file) return plain(response, 404, 'Not found.');
  response.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': file.body.length,
    'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : file.body);
}

function handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, gate: Gate, sockets: WebSocketServer): void {
  const url = new URL(request.url ?? '/', 'http://parley.invalid');
  const refuse = (status: number, reason: string): void => {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };
  if (url.pathname !== API_WS_PATH) return refuse(404, 'Not Found');
  if (gate.allowedHosts && !isAllowedHost(request.headers.host, gate.allowedHosts)) return refuse(403, 'Forbidden');
  if (!isAllowedOrigin(request.headers.origin, request.headers.host)) return refuse(403, 'Forbidden');
  if (!checkCredential(url, request.headers, gate.token, gate.cookieName).valid) return refuse(401, 'Unauthorized');
  sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${text}\n`);
}

function loopbackNames(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

function listen(server: Server, at: HostPort, fallbackToFreePort: boolean): Promise<HostPort> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      if (error.code === 'EADDRINUSE' && fallbackToFreePort && at.port !== 0) {
        server.listen(0, at.host);
        return;
      }
      server.off('listening', onListening);
      reject(
        new ParleyError('LISTEN_FAILED', `cannot serve the UI on ${formatHostPort(at)}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.message}`, {
          cause: error,
        }),
      );
    };
    const onListening = (): void => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      resolve({ host: at.host, port: address.port });
    };
    server.on('error', onError);
    server.once('listening', onListening);
    server.listen(at.port, at.host);
  });
}
