import type { WebSocket } from 'ws';
import {
  API_MAX_MESSAGE_BYTES,
  WireRequestSchema,
  type WireServerMessage,
} from '../../shared/api-contract.js';
import type { ApiService } from '../api/api-service.js';

/** Requests one socket may have in flight; more is a misbehaving client. */
const MAX_IN_FLIGHT = 64;
/** A client that does not read its events gets cut off rather than growing our memory. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * Carries the typed API over one WebSocket: request envelopes in, responses and every core
 * event out. Anything that is not a request envelope is answered with BAD_REQUEST.
 */
export function attachApiSocket(socket: WebSocket, api: ApiService): void {
  let inFlight = 0;
  const send = (message: WireServerMessage): void => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.close(1008, 'client is not reading');
      return;
    }
    socket.send(JSON.stringify(message));
  };
  const unsubscribe = api.onEvent((name, payload) => send({ type: 'event', name, payload }));
  socket.on('close', unsubscribe);
  socket.on('error', () => socket.terminate());

  socket.on('message', (data, isBinary) => {
    const text = isBinary ? null : rawToString(data);
    let raw: unknown;
    try {
      raw = text === null || text.length > API_MAX_MESSAGE_BYTES ? undefined : JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const request = WireRequestSchema.safeParse(raw);
    if (!request.success) {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : 0;
      send({ type: 'response', id, ok: false, error: { code: 'BAD_REQUEST', message: 'expected {"type":"request","id":<n>,"command":<name>,"args":{...}} as JSON text' } });
      return;
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      send({ type: 'response', id: request.data.id, ok: false, error: { code: 'UNAVAILABLE', message: `more than ${MAX_IN_FLIGHT} requests in flight` } });
      return;
    }
    inFlight++;
    void api.dispatch(request.data.command, request.data.args).then((result) => {
      inFlight--;
      send({ type: 'response', id: request.data.id, ...result });
    });
  });
}

function rawToString(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}
