import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_HTTP_PREFIX, API_MAX_MESSAGE_BYTES, type ApiResult } from '../../shared/api-contract.js';
import type { ApiService } from '../api/api-service.js';

const STATUS_OF_ERROR: Record<string, number> = {
  BAD_ARGUMENT: 400,
  BAD_REQUEST: 400,
  UNKNOWN_COMMAND: 404,
  UNAUTHORIZED: 401,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/**
 * `POST /api/<command>` with a JSON body of arguments → the `ApiResult` as JSON. For scripts
 * and tests; the UI uses the WebSocket, which also carries events.
 */
export async function handleApiRequest(request: IncomingMessage, response: ServerResponse, api: ApiService, path: string): Promise<void> {
  if (request.method !== 'POST') {
    response.setHeader('Allow', 'POST');
    return sendResult(response, 405, { ok: false, error: { code: 'BAD_REQUEST', message: 'API commands are called with POST' } });
  }
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
    return sendResult(response, 415, { ok: false, error: { code: 'BAD_REQUEST', message: 'send the arguments as application/json' } });
  }
  const body = await readBody(request, API_MAX_MESSAGE_BYTES);
  if (body === null) {
    return sendResult(response, 413, { ok: false, error: { code: 'BAD_REQUEST', message: `the body is larger than ${API_MAX_MESSAGE_BYTES} bytes` } });
  }
  let args: unknown;
  try {
    args = body.length === 0 ? {} : JSON.parse(body);
  } catch {
    return sendResult(response, 400, { ok: false, error: { code: 'BAD_REQUEST', message: 'the body is not valid JSON' } });
  }
  const result = await api.dispatch(path.slice(API_HTTP_PREFIX.length), args);
  sendResult(response, result.ok ? 200 : (STATUS_OF_ERROR[result.error.code] ?? 500), result);
}

export function sendResult(response: ServerResponse, status: number, result: ApiResult<unknown>): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(result));
}

function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
